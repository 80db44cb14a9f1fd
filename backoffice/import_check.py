"""Checking an uploaded table against an indicator: the column mapping, then
every cell. Problems become findings (`SourceError`s naming row and column)
in a validation report, so the user can fix the whole file in one go; an
import with any finding stores nothing.

Real exports differ in their number formats: the decimal mark of the value
column is decided from the column as a whole (a cell like `1.234,5` or
`12,5` settles it); a cell that does not fit that decision is a finding, not
a silent guess.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from common.vocabulary import ALL_GROUPS
from loaders import doelgroepen
from loaders.errors import SourceError
from backoffice.import_read import RawTable
from loaders.import_spec import META, IndicatorSpec, normalise_header
from common import format as fmt

FIELDS: dict[str, dict] = META["fields"]
KEY = ["nis", "period", "target_group"]
MONTHS = {"jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maa": 3, "maart": 3, "apr": 4,
          "april": 4, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8,
          "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
          "dec": 12, "december": 12}
MONTH_PATTERNS = (
    r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})(?:[-/.]0?1)?",    # 2021-08, 2021/8, 2021-08-01
    r"(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})",                 # 08/2021
    r"0?1[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})",               # 01/08/2021 (first of the month)
    r"(?P<y>\d{4})\s*m?(?P<m>\d{2})",                         # 202108, 2021M08 (lower-cased)
    r"(?P<name>[a-z]+)\.?\s*(?P<y>\d{4})",                    # aug 2021, augustus 2021
)
SPACES = re.compile(r"[\s\u00a0\u202f']")

Mapping = dict[str, "str | None"]


@dataclass
class Report:
    """Findings in the order found, at most `limit` kept, all counted."""
    file_name: str
    limit: int = META["max_findings"]
    findings: list[SourceError] = field(default_factory=list)
    count: int = 0

    def add(self, df: pd.DataFrame, mask: pd.Series, column: str | None, message) -> None:
        bad = df[mask]
        self.count += len(bad)
        room = max(self.limit - len(self.findings), 0)
        for rec in bad.head(room).itertuples(index=False):
            self.findings.append(SourceError(self.file_name, message(rec), int(rec.row), column))

    def frame(self) -> pd.DataFrame:
        """The findings by row, as the page and the CLI show them."""
        rows = sorted(self.findings, key=lambda e: (e.row or 0, e.column or ""))
        return pd.DataFrame({"rij": [e.row for e in rows], "kolom": [e.column for e in rows],
                             "melding": [e.message for e in rows]})


@dataclass
class Checked:
    rows: pd.DataFrame        # nis, period, target_group, value (float), row
    report: Report
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return self.report.count == 0


def auto_mapping(header: list[str], spec: IndicatorSpec, remembered: Mapping | None = None) -> Mapping:
    """Field -> file header: what the user chose before for these headers,
    else the documented aliases (the value column may also carry the
    indicator's name or label)."""
    by_name = {normalise_header(h): h for h in header}
    mapping: Mapping = {}
    for name, spec_field in FIELDS.items():
        aliases = list(spec_field["aliases"]) + ([spec.indicator, spec.label] if name == "value" else [])
        mapping[name] = next((by_name[normalise_header(a)] for a in aliases if normalise_header(a) in by_name), None)
        if remembered and remembered.get(name) in header:
            mapping[name] = remembered[name]
    return mapping


def check_mapping(raw: RawTable, mapping: Mapping) -> None:
    """Every required field has a column of the file, no column twice."""
    for name, spec_field in FIELDS.items():
        column = mapping.get(name)
        if column is not None and column not in raw.header:
            raise SourceError(raw.file_name, f"kolom '{column}' bestaat niet in het bestand")
        if spec_field["required"] and column is None:
            raise SourceError(raw.file_name, f"geen kolom gekoppeld aan '{spec_field['label']}'; kies er een "
                                             f"uit de kolommen van het bestand: {', '.join(raw.header)}")
    used = [c for c in mapping.values() if c is not None]
    for column in set(used):
        if used.count(column) > 1:
            labels = [FIELDS[n]["label"] for n, c in mapping.items() if c == column]
            raise SourceError(raw.file_name, f"dezelfde kolom is gekoppeld aan {' en '.join(labels)}",
                              column=column)


def check(raw: RawTable, spec: IndicatorSpec, mapping: Mapping, places: pd.DataFrame,
          today: date | None = None) -> Checked:
    """Validate and normalise; `places` is the `import_places` query."""
    check_mapping(raw, mapping)
    today = today or date.today()
    report, warnings = Report(raw.file_name), list(raw.warnings)
    df = pd.DataFrame({"row": raw.rows})
    for name in FIELDS:
        column = mapping.get(name)
        values = raw.cells[column] if column else pd.Series("", index=raw.cells.index)
        df[name] = values.to_numpy() if name == "value" else values.map(_as_text).to_numpy()

    df, warnings = _drop_footers(df, warnings)
    df, warnings = _drop_aggregates(df, places, warnings)
    bad = _check_nis(df, places, report, mapping["nis"])
    bad |= _check_period(df, spec, report, mapping["period"], today)
    bad |= _check_group(df, report, mapping.get("target_group"))
    bad |= _check_value(df, spec, report, mapping["value"])
    bad |= _check_duplicates(df, ~bad, report, mapping)
    rows = df.loc[~bad, ["nis", "period", "target_group", "value_num", "row"]].rename(columns={"value_num": "value"})
    if report.count == 0 and rows.empty:
        raise SourceError(raw.file_name, "het bestand bevat geen enkele rij voor een gemeente")
    return Checked(rows.reset_index(drop=True), report, warnings)


def _as_text(value) -> str:
    return value if isinstance(value, str) else repr(value)


def _drop_footers(df: pd.DataFrame, warnings: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Rows with neither code, period nor value: footers such as 'Geen
    selecties' that export tools append, or a name on its own line."""
    mask = (df["nis"] == "") & (df["period"] == "") & df["value"].map(lambda v: v == "")
    if mask.any():
        warnings.append(f"{int(mask.sum())} rij(en) zonder NIS-code, periode en waarde overgeslagen "
                        f"(eerste: rij {df.loc[mask, 'row'].iloc[0]}), zoals een voettekst.")
    return df[~mask].reset_index(drop=True), warnings


def _drop_aggregates(df: pd.DataFrame, places: pd.DataFrame, warnings: list[str]) -> tuple[pd.DataFrame, list[str]]:
    names = dict(zip(places["nis"], places["name"]))
    aggregate = set(places.loc[places["kind"] != "gemeente", "nis"]) | {META["country"]["nis"]}
    names[META["country"]["nis"]] = META["country"]["name"]
    mask = df["nis"].isin(aggregate)
    if mask.any():
        first = df[mask].iloc[0]
        warnings.append(f"{int(mask.sum())} rij(en) voor een arrondissement, provincie, gewest of België "
                        f"overgeslagen (eerste: rij {first['row']}, {names[first['nis']]}); "
                        "alleen gemeenten worden ingeladen.")
    return df[~mask].reset_index(drop=True), warnings


def _suggest(code: str, name: str, municipalities: pd.DataFrame) -> str:
    """'; bedoelde u Ieper (33011)?' from the name in the row, else the code."""
    if name:
        names = municipalities["name"].str.lower().tolist()
        match = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
        hit = municipalities.iloc[names.index(match[0])] if match else None
    else:
        codes = municipalities["nis"].tolist()
        match = difflib.get_close_matches(code, codes, n=1, cutoff=0.8)
        hit = municipalities.iloc[codes.index(match[0])] if match else None
    return "" if hit is None else f"; bedoelde u {hit['name']} ({hit['nis']})?"


def _check_nis(df: pd.DataFrame, places: pd.DataFrame, report: Report, column: str) -> pd.Series:
    municipalities = places[places["kind"] == "gemeente"].reset_index(drop=True)
    malformed = ~df["nis"].str.fullmatch(r"\d{5}")
    unknown = ~malformed & ~df["nis"].isin(set(municipalities["nis"]))
    report.add(df, malformed, column, lambda r: (f"'{r.nis}' is geen NIS-code van 5 cijfers" if r.nis else
                                                 "lege NIS-code") + _suggest(r.nis, r.name, municipalities))
    report.add(df, unknown, column, lambda r: f"NIS-code {r.nis} is geen gekende gemeente"
                                              + _suggest(r.nis, r.name, municipalities))
    return malformed | unknown


def _check_period(df: pd.DataFrame, spec: IndicatorSpec, report: Report, column: str, today: date) -> pd.Series:
    text = df["period"].str.lower()
    first = META["periods"]["first_year"]
    if spec.period == "year":
        parsed = text.where(text.str.fullmatch(r"\d{4}"))
        low, high, form = str(first), str(today.year), "geen jaartal (JJJJ)"
    else:
        parsed = pd.Series(np.nan, index=df.index, dtype=object)
        for pattern in MONTH_PATTERNS:
            todo = parsed.isna()
            found = text[todo].str.extract(f"^{pattern}$")
            if found.empty:
                continue
            month = (found["name"].map(MONTHS) if "name" in found else pd.to_numeric(found["m"], errors="coerce"))
            good = found["y"].notna() & month.between(1, 12)
            if good.any():
                parsed[good[good].index] = found.loc[good, "y"] + "-" + month[good].astype(int).map("{:02d}".format)
        low, high, form = f"{first}-01", f"{today:%Y-%m}", "geen maand (verwacht JJJJ-MM, bijvoorbeeld 2021-08)"
    unparsable = parsed.isna()
    outside = ~unparsable & ((parsed < low) | (parsed > high))
    report.add(df, unparsable, column, lambda r: f"'{r.period}' is {form}" if r.period else "lege periode")
    report.add(df, outside, column, lambda r: f"periode {r.period} valt buiten het toegelaten bereik "
                                              f"{low} tot {high}")
    df["period"] = parsed
    return unparsable | outside


def _check_group(df: pd.DataFrame, report: Report, column: str | None) -> pd.Series:
    lookup = {normalise_header(k): k for k in doelgroepen.LABELS} | {
        normalise_header(v): k for k, v in doelgroepen.LABELS.items()}
    codes = df["target_group"].map(lambda t: lookup.get(normalise_header(t)) if t else ALL_GROUPS)
    unknown = codes.isna()
    report.add(df, unknown, column, lambda r: f"onbekende doelgroep '{r.target_group}'; gebruik een van: "
                                              + ", ".join(doelgroepen.LABELS))
    df["target_group"] = codes
    return unknown


def _decimal_mark(text: pd.Series, integer: bool) -> str:
    """The decimal mark of a column of number texts (see module docstring)."""
    marked = text[text.str.contains(r"[.,]", regex=True)]
    both = marked[marked.str.contains(",", regex=False) & marked.str.contains(".", regex=False)]
    if not both.empty:
        cell = both.iloc[0]
        return "," if cell.rfind(",") > cell.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        has = marked[marked.str.contains(mark, regex=False)]
        if has.empty:
            continue
        if (has.str.count(re.escape(mark)) > 1).any():
            return other                       # 1.234.567: a thousands mark
        if not has.str.fullmatch(rf"[-+]?\d{{1,3}}{re.escape(mark)}\d{{3}}").all():
            return mark                        # 12,5 or 70.0658: a decimal mark
    # Only cells like 1.234 or 1,234: thousands for whole numbers, else decimals.
    mark = "," if marked.str.contains(",", regex=False).any() else "."
    return ("." if mark == "," else ",") if integer else mark


def _check_value(df: pd.DataFrame, spec: IndicatorSpec, report: Report, column: str) -> pd.Series:
    raw = df["value"]
    is_number = raw.map(lambda v: isinstance(v, float))
    text = raw.where(~is_number, "").map(_as_text).str.replace(SPACES, "", regex=True)
    decimal = _decimal_mark(text[~is_number], spec.integer)
    thousands = "." if decimal == "," else ","
    grouped = text.str.contains(thousands, regex=False) & text.str.fullmatch(r"[-+]?[\d.,]+")
    t, d = re.escape(thousands), re.escape(decimal)
    misgrouped = grouped & ~text.str.fullmatch(rf"[-+]?\d{{1,3}}({t}\d{{3}})+({d}\d+)?")
    plain = text.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    number = pd.to_numeric(plain.where(~misgrouped & (plain != "")), errors="coerce")
    number = number.where(~is_number, pd.to_numeric(raw.where(is_number), errors="coerce"))
    empty = ~is_number & (text == "")
    misgrouped &= ~empty
    not_number = ~empty & ~misgrouped & number.isna()
    infinite = number.notna() & ~np.isfinite(number.astype("float64"))
    fraction = number.notna() & ~infinite & spec.integer & (number % 1 != 0)
    outside = number.notna() & ~infinite & ~fraction & (
        (number < spec.low if spec.low is not None else False) | (number > spec.high if spec.high is not None else False))
    df["value_num"] = number.astype("float64")
    report.add(df, empty, column, lambda r: "lege waarde: vul een getal in of laat de rij weg")
    report.add(df, not_number, column, lambda r: f"'{_shown(r.value)}' is geen getal")
    report.add(df, misgrouped, column, lambda r: f"'{_shown(r.value)}': onduidelijk scheidingsteken (in deze kolom is "
                                                 f"'{decimal}' het decimaalteken en '{thousands}' het "
                                                 "duizendtalteken)")
    report.add(df, infinite, column, lambda r: f"'{_shown(r.value)}' is geen eindig getal")
    report.add(df, fraction, column, lambda r: f"'{_shown(r.value)}' is geen geheel getal "
                                               f"({spec.label.lower()} telt in hele eenheden)")
    report.add(df, outside, column, lambda r: f"waarde '{_shown(r.value)}' ligt buiten het geldige bereik "
                                              f"({_range_text(spec)})")
    return empty | not_number | misgrouped | infinite | fraction | outside


def _range_text(spec: IndicatorSpec) -> str:
    """`van 0 tot 100 %`, `van 0 tot 11.825.551, de bevolking van België`."""
    def bound(value: float) -> str:
        return fmt.number(value, 0 if float(value).is_integer() else spec.decimals)

    unit = f" {spec.unit}" if spec.unit == "%" else ""
    note = f", {spec.high_note}" if spec.high_note else ""
    if spec.low is not None and spec.high is not None:
        return f"van {bound(spec.low)} tot {bound(spec.high)}{unit}{note}"
    return f"minstens {bound(spec.low)}{unit}" if spec.low is not None else f"hoogstens {bound(spec.high)}{unit}{note}"


def _shown(value, limit: int = 40) -> str:
    """A cell as a message quotes it: at most `limit` characters."""
    text = _as_text(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def _check_duplicates(df: pd.DataFrame, valid: pd.Series, report: Report, mapping: Mapping) -> pd.Series:
    """The same municipality, period and group twice: a duplicate when the
    values agree, a conflict when they differ (reported on the later row)."""
    rows = df[valid]
    grouped = rows.groupby(KEY, sort=False)
    first_row = grouped["row"].transform("first")
    first_value = grouped["value_num"].transform("first")
    first_text = grouped["value"].transform("first")
    later = rows["row"] != first_row
    same = later & (rows["value_num"] == first_value)
    view = rows.assign(first_row=first_row, first_text=first_text)
    report.add(view, same, mapping["nis"], lambda r: f"dubbele rij: gemeente {r.nis}, periode {r.period}"
                                                     f"{_group_text(r)} staat ook op rij {r.first_row}")
    report.add(view, later & ~same, mapping["value"],
               lambda r: f"tegenstrijdige waarden voor gemeente {r.nis}, periode {r.period}{_group_text(r)}: "
                         f"'{_shown(r.value)}' hier, '{_shown(r.first_text)}' op rij {r.first_row}")
    return later.reindex(df.index, fill_value=False)


def _group_text(rec) -> str:
    return "" if rec.target_group == ALL_GROUPS else f", doelgroep {rec.target_group}"
