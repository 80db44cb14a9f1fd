"""What several page models share: the query runner's and cache's types,
the areas compared with (a region, Flanders), metric cards, source lines
and provenance columns from `indicator_meta`, and the texts every page
words the same way."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis import arbeidsmarkt as am
from analysis.budget import NOT_PUBLISHED
from common.vocabulary import FLANDERS
from loaders.regions import FLANDERS_NIS
from common import format as fmt

Run = Callable[..., pd.DataFrame]
Keyed = Callable[..., Any]
MODELLED, OFFICIAL = "modelled", "official"
# Producer of a modelled indicator whose shown values are all official (an
# import replaced the model): the pages' queries carry the quality per
# value, not the source, and the model is no longer the source.
OFFICIAL_INSTEAD = "officiële cijfers in plaats van het model"
# Bars per municipality: at most this many (Flanders has 300, unreadable as bars).
RANKING_LIMIT = 40
MAP_CLICK = "Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen."


def direct(key: tuple, func, *args, **kwargs):
    """`keyed` outside the app: compute, no cache."""
    return func(*args, **kwargs)


@dataclass(frozen=True)
class Region:
    """The region a selection is compared with: its municipalities on the
    2019 map (employment rate) and on the 2025 map (VDAB)."""
    label: str
    nis: tuple[str, ...]
    nis_2025: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    """A metric card: label, value as shown, help and delta texts."""
    label: str
    value: str
    help: str | None = None
    delta: str | None = None


def flanders(run: Run, map_year: int = 2019) -> list[str]:
    """Flanders' municipalities on the map of `map_year`: those of the 2019
    boundary file (the employment rate, Statbel's series) or of VDAB's
    2025 map."""
    rows = run("flanders_2025") if map_year == 2025 else run("flanders_nis", flanders=FLANDERS_NIS)
    return rows["nis"].tolist()


def names_of(run: Run) -> dict[str, str]:
    """Every municipality's name by NIS code."""
    rows = run("municipalities")
    return dict(zip(rows["nis"], rows["name_nl"]))


def trajectories_published(programmes: pd.DataFrame) -> dict[str, dict]:
    """What each programme (a `programmes` result, by column or index)
    published on trajectories, as its source states it
    (`model_trajecten.yml` `published.<code>`, kept in the store: a pinned
    version shows what it was pinned with); {} where it published nothing."""
    codes = programmes["programme"] if "programme" in programmes else programmes.index
    return {code: published_by(text) for code, text in zip(codes, programmes["published"])}


def published_by(text: str | None) -> dict:
    """One `programmes.published` value (JSON, NULL: nothing published)."""
    return json.loads(text) if isinstance(text, str) else {}


def area_figures(run: Run, codes: list[str], keyed: Keyed = direct) -> pd.DataFrame:
    """VDAB's figures of the area `codes`, every year (`am.area_figures`),
    once per set of codes whichever page asks (Overzicht, Werkzaamheid),
    its query included: a cache hit runs none."""
    return keyed(("area figures", tuple(codes)), _area_figures, run, list(codes))


def _area_figures(run: Run, codes: list[str]) -> pd.DataFrame:
    return am.area_figures(run("arbeidsmarkt_gemeenten", nis=codes), codes)


def complete(rows: pd.DataFrame) -> pd.DataFrame:
    """An area's rows of the years in which every municipality of the area
    has the series (`present`, `expected`: `analysis.years.coverage`)."""
    return rows[rows["present"] >= rows["expected"]]


def selection(region_label: str, selected: int, group_label: str, year: int) -> str:
    """The caption that says what a page filtered on."""
    return (f"**{region_label}**" + (f" · {selected} gemeente(n) gekozen" if selected else "")
            + f" · doelgroep: {group_label} · gekozen jaar {year}")


def published(value, text: Callable[[Any], str] = fmt.number) -> str:
    """A value as text, or 'niet gepubliceerd' where nobody published one."""
    return NOT_PUBLISHED if value is None or pd.isna(value) else text(value)


def metas(run: Run) -> dict[str, dict]:
    """Every indicator's metadata by name (`indicator_meta`)."""
    return {row["indicator"]: row for row in run("indicator_meta").to_dict("records")}


def _metas(known: dict[str, dict], indicators: list[str], modelled: bool | None) -> list[dict]:
    """The indicators' metadata. `modelled=False` (the data shown holds no
    modelled value): a model's indicator is reported as official, without
    the model as its producer; `None`: as registered."""
    found = [known[name] for name in indicators]
    if modelled is False:
        found = [m | {"quality": OFFICIAL, "producer": OFFICIAL_INSTEAD} if m["quality"] == MODELLED else m
                 for m in found]
    return found


def source_text(known: dict[str, dict], indicators: list[str], reference: str | int | None = None,
                extra: str | None = None, modelled: bool | None = None) -> str:
    """`Bron: Steunpunt Werk (werkzaamheidsgraad, officieel) · referentiejaar 2015`
    (`known`: `metas`). `modelled`: whether the data shown holds modelled
    values (from its quality column), so the line follows an official import."""
    return fmt.source(_metas(known, indicators, modelled), reference, extra)


def with_provenance(known: dict[str, dict], df: pd.DataFrame, indicators: list[str],
                    modelled: pd.Series | bool | None = None) -> pd.DataFrame:
    """The table with a `Kwaliteit` (gemodelleerd/officieel) and a `Bron`
    column, per row from the data's quality (`modelled`: one flag per row,
    or one for all; None: the indicators' registered quality, for a query
    that returns none), so an exported CSV still says what each row is."""
    if modelled is None:
        modelled = any(known[name]["quality"] == MODELLED for name in indicators)
    flags = (pd.Series(bool(modelled), index=df.index) if isinstance(modelled, bool)
             else pd.Series(modelled, dtype=bool).set_axis(df.index))
    producers = {m: "; ".join(dict.fromkeys(meta["producer"] for meta in _metas(known, indicators, m)))
                 for m in (True, False)}
    return df.assign(Kwaliteit=flags.map({True: fmt.quality(MODELLED), False: fmt.quality(OFFICIAL)}),
                     Bron=flags.map(producers))
