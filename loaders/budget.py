"""Partnership programmes and their budget flows, as published (budget.yml).

Writes `programmes` and `budget_flow_values` (view `budget_flows`): per
programme year one flow from each funder to the programme (amount NULL where
none is published) and, for the Lokaal Partnerschap Westhoek, one flow of the
published total to "11 partnerorganisaties" (the split not published). Below
that node, the optional modelled split over the partners (quality
'modelled'), so every level of the Sankey is one set of rows and nothing is
counted twice within a level.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from loaders.errors import SourceError
from loaders.meta import load_meta
from loaders.store import insert_frame, register_indicator

META = load_meta(__file__)
META_FILE = Path(__file__).with_suffix(".yml")
PROGRAMMES: dict[str, dict] = META["programmes"]
LABELS: dict[str, str] = {code: p["label"] for code, p in PROGRAMMES.items()}
FLOW_COLUMNS = ["year", "from_node", "to_node", "amount_eur", "quality", "source"]


def load(con: duckdb.DuckDBPyConnection) -> None:
    """Build step: programmes, flows and their indicator metadata."""
    for name, block in META["indicators"].items():
        register_indicator(con, block | {"indicator": name})
    insert_frame(con, "programmes", programmes(META))
    insert_frame(con, "budget_flow_values", flows(META))


def years(programme: dict) -> range:
    last = programme.get("last_year", programme["first_year"] + programme.get("years", 1) - 1)
    return range(programme["first_year"], last + 1)


def programmes(meta: dict) -> pd.DataFrame:
    return pd.DataFrame([
        {"programme": code, "label": p["label"], "region": p.get("region"),
         "first_year": years(p).start, "last_year": years(p).stop - 1, "source": p["source"],
         "target_group_text": p.get("target_group_text"), "period_note": p.get("period_note"),
         "total_eur": p.get("total_eur")}
        for code, p in meta["programmes"].items()
    ])


def flows(meta: dict) -> pd.DataFrame:
    """One row per flow per year (amounts in euro, NULL = not published)."""
    split_source = meta["indicators"]["budget_verdeling"]["source_short"]
    rows = []
    for p in meta["programmes"].values():
        total = _checked_total(p)
        for year in years(p):
            rows += [(year, f["node"], p["label"], f["amount_eur"], "official", p["source"])
                     for f in p["funders"]]
            if "split_node" in p:
                rows.append((year, p["label"], p["split_node"], total / 100, "official", p["source"]))
                rows += [(year, p["split_node"], partner, cents / 100, "modelled", split_source)
                         for partner, cents in equal_split(total, p["partners"]).items()]
    return pd.DataFrame(rows, columns=FLOW_COLUMNS)


def equal_split(total_cents: int, partners: list[str]) -> dict[str, int]:
    """Equal shares in whole cents that add up to the total exactly: the
    remaining cents go to the first partners in alphabetical order."""
    base, rest = divmod(total_cents, len(partners))
    return {name: base + (i < rest) for i, name in enumerate(sorted(partners))}


def _cents(value: float) -> int:
    return round(value * 100)


def _checked_total(programme: dict) -> int | None:
    """The published yearly total in cents, after checking that the funders'
    published amounts add up to it (None when no total is published)."""
    if "total_eur" not in programme:
        return None
    parts = [f["amount_eur"] for f in programme["funders"]]
    if any(a is None for a in parts) or sum(map(_cents, parts)) != _cents(programme["total_eur"]):
        raise SourceError(META_FILE, f"de bedragen van de financiers van '{programme['label']}' "
                                     f"tellen niet op tot het totaal {programme['total_eur']}",
                          column="total_eur")
    return _cents(programme["total_eur"])

