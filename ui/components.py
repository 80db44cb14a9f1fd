"""Small pieces every page uses: source lines, quality badges, downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, exports, format as fmt

QUALITY_LABELS = fmt.QUALITY_LABELS


def source_text(indicators: list[str], reference: str | int | None = None, extra: str | None = None) -> str:
    """`Bron: Steunpunt Werk (werkzaamheidsgraad, officieel) · referentiejaar 2015`."""
    return fmt.source([data.meta(name) for name in indicators], reference, extra)


def source_line(indicators: list[str], reference: str | int | None = None, extra: str | None = None) -> None:
    """Caption under a chart or table with producer, quality and reference."""
    st.caption(source_text(indicators, reference, extra))


def modelled_badge(what: str = "Gemodelleerde gegevens") -> None:
    """A visible marker on anything that is not an official figure."""
    st.badge(f"{what}: geen officiële cijfers", icon=":material/science:", color="orange")


def downloads(df: pd.DataFrame, basename: str, notes: list[str], key: str) -> None:
    """CSV (Belgian conventions) and XLSX buttons for a table. `basename`
    says what and when, e.g. `werkzaamheid_W13_2015`. The files are made
    only when clicked, not on every rerun."""
    left, right = st.columns(2)
    left.download_button("CSV downloaden", lambda: exports.to_csv(df), f"{basename}.csv",
                         mime="text/csv", key=f"{key}_csv", icon=":material/download:",
                         on_click="ignore")
    right.download_button("Excel downloaden", lambda: exports.to_xlsx(df, notes=notes), f"{basename}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")


def chart(fig, key: str, filename: str, **kwargs):
    """Draw a plotly figure: PNG download from the chart's own toolbar
    (rendered in the browser, so offline) named `filename`, and larger
    labels in presentation mode. Extra arguments go to `st.plotly_chart`
    (e.g. `on_select`)."""
    from ui import presentation

    if presentation.active():
        fig = fig.update_layout(font_size=round(15 * presentation.FONT_SCALE),
                                height=max(fig.layout.height or 450, 620))
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    return st.plotly_chart(fig, key=key, config=config, **kwargs)
