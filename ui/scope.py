"""Which pages filter by target group (`?doelgroep=`), and what the others say.

Only Kansengroepen (the groups' sizes) and Trajecten (the modelled split of
the trajectories per group) have figures per target group. The other pages
show figures for everybody: VDAB's jobseeker rate by age (18-24) is not the
group 'jongvolwassenen onder 30', so no page pretends it is. On those pages
the sidebar says the filter does not apply, the page says it at the top, and
the URL leaves the group out (`ui.filters.sidebar`).
"""
from __future__ import annotations

import streamlit as st

# `url_path` of the pages (app.py `PAGES`) whose figures follow the target group.
GROUP_PAGES = {"kansengroepen", "trajecten"}
GROUP_HELP = ("Geldt op Kansengroepen en Trajecten. De andere pagina's tonen alle doelgroepen samen en zeggen "
              "dat bovenaan.")
NOT_HERE = "Geldt niet op deze pagina: ze toont alle doelgroepen samen."


def uses_group(page) -> bool:
    """Whether `page` (an `st.Page`; None outside the app) filters by target group."""
    return page is None or page.url_path in GROUP_PAGES


def all_groups_notice(group_label: str) -> None:
    """At the top of a page that ignores the chosen target group."""
    st.info(f"Deze pagina toont alle doelgroepen samen; de doelgroepfilter ({group_label}) geldt hier niet. "
            "Kansengroepen en Trajecten tonen de gekozen doelgroep.", icon=":material/groups:")
