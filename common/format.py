"""Belgian number and date formats (decimal comma, dot for thousands).

Written by hand because Python's `locale` depends on which locales the
machine has installed (often none besides C/POSIX), and Babel would be a
dependency for four one-line functions.
"""
from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler


def number(value: float | int | None, decimals: int = 0) -> str:
    """`7073` -> `7.073`, `71.44` (1) -> `71,4`; missing -> `geen gegevens`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "geen gegevens"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.04 -> "0,0", not "-0,0"
        text = text[1:]
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_sign(value: float | None, decimals: int = 1) -> str:
    """`1.24` -> `+1,2`, `-0.3` -> `-0,3`, `0.04` -> `0,0` (sign after rounding)."""
    text = number(value, decimals)
    return "+" + text if value is not None and value > 0 and text.strip("0,.") else text


def percent(value: float | None, decimals: int = 1) -> str:
    """`71.44` -> `71,4 %`."""
    text = number(value, decimals)
    return text if text == "geen gegevens" else f"{text} %"


def points(value: float | None, decimals: int = 1, signed: bool = True) -> str:
    """Percentage points: `-8.6` -> `-8,6 ptn`."""
    text = with_sign(value, decimals) if signed else number(value, decimals)
    return text if text == "geen gegevens" else f"{text} ptn"


def euro(value: float | None, decimals: int = 2) -> str:
    """`608890.35` -> `€ 608.890,35`."""
    text = number(value, decimals)
    return text if text == "geen gegevens" else f"€ {text}"


def day(value: date | None) -> str:
    """dd/mm/jjjj."""
    return "geen gegevens" if value is None else value.strftime("%d/%m/%Y")


def moment(value: datetime) -> str:
    """dd/mm/jjjj uu:mm; empty for a missing time (NaT, None)."""
    return "" if pd.isna(value) else f"{day(value.date())} {value:%H:%M}"


# A value the producer hid (`flag = 'x'` in the store): shown as the
# portal shows it, with this legend, never as 0 or as "geen gegevens".
HIDDEN = "x"
HIDDEN_NOTE = "x = verborgen waarde (de bron publiceert dit cijfer niet)"


def flagged(value: float | None, flag: str | None, decimals: int = 0) -> str:
    """A store value as text: `x` when hidden, else `number`."""
    return HIDDEN if flag == HIDDEN else number(value, decimals)


QUALITY_LABELS = {"official": "officieel", "modelled": "gemodelleerd", "derived": "afgeleid"}


def quality(code: str) -> str:
    """`'modelled'` -> `gemodelleerd` (the store's quality flags in Dutch)."""
    return QUALITY_LABELS.get(code, code)


def source(metas: list[dict], reference: str | int | None = None, extra: str | None = None) -> str:
    """A source line from `indicator_meta` rows: `Bron: Steunpunt Werk
    (werkzaamheidsgraad, officieel) · referentiejaar 2015`; a producer once
    for its indicators of one quality (`VDAB, via ... (niet-werkende
    werkzoekenden (nwwz), ontvangen vacatures, officieel)`): repeated, it
    made a slide's source line three lines long."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for m in metas:
        grouped.setdefault((m["producer"], m["quality"]), []).append(m["label"].lower())
    text = "Bron: " + "; ".join(f"{producer} ({', '.join(dict.fromkeys(labels))}, {quality(code)})"
                                for (producer, code), labels in grouped.items())
    if reference is not None:   # a span or a list of years: "referentiejaren 2014-2024"
        text += f" · {'referentiejaar' if str(reference).isdigit() else 'referentiejaren'} {reference}"
    if extra:
        text += f" · {extra}"
    return text



def cited(line: str) -> str:
    """A `source` line without its notes: the producers and the reference
    period. For a slide that has no room for the method notes (the page
    and the handout keep the whole line)."""
    return " · ".join(part for part in line.split(" · ") if part.startswith(("Bron:", "referentiejaar ", "referentiejaren ")))

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni",
          "juli", "augustus", "september", "oktober", "november", "december"]


def month(period: str) -> str:
    """`'2021-08'` -> `augustus 2021`."""
    return f"{MONTHS[int(period[5:7]) - 1]} {period[:4]}"


def period(value: str) -> str:
    """A store period as text: `'2015'` stays, `'2021-08'` -> `augustus 2021`."""
    return month(value) if len(value) == 7 else value


def table(df: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """A copy for display, the columns in `decimals` as Belgian number text
    (Streamlit's own number formats follow the browser's locale)."""
    out = df.copy()
    for col, d in decimals.items():
        out[col] = out[col].map(lambda v: number(v, d))
    return out


def styled(df: pd.DataFrame, decimals: dict[str, int], signed: list[str] = ()) -> Styler:
    """The table for `st.dataframe` with Belgian number text, while the cells
    keep their numbers, so sorting a column stays numeric (unlike `table`).
    `signed` columns show one decimal and a `+` above zero (changes, gaps)."""
    formats = {col: (lambda v, d=d: number(v, d)) for col, d in decimals.items()}
    formats |= {col: with_sign for col in signed}
    return df.style.format(formats)
