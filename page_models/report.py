"""The Gemeentefiche as one printable HTML file: inline CSS (A4 when
printed), charts as inline SVG rendered on the server (`charts.svg`), every
figure with its period, quality and source, and the full sources at the end.
Self-contained: no script, no font, no link to fetch, so it opens offline
and can be mailed. Every text from the store is escaped."""
from __future__ import annotations

import html
import re
from datetime import date

from pathlib import Path

import pandas as pd
import yaml

from analysis.fiche import Fiche
from analysis.summary import summary
from charts import svg
from common import format as fmt
from charts.fiche import figures as fiche_figures
from page_models.fiche import CATEGORY_LABELS, LABELS, has_hidden, source_lines, tables

# Printed: A4 with the page number and the fiche's name in the bottom margin (CSS margin boxes, which Chromium
# prints). Every block that cannot break (a chart with its heading, a table row, a list item) is at most a little
# under half the page's text height (264 mm), so no page but the last is left less than half full: a block moves
# to the next page only when less than its own height is left.
CSS = """
@page { size: A4; margin: 15mm 15mm 18mm;
        @bottom-left { content: FOOTER; font: 8pt sans-serif; color: #555; }
        @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font: 8pt sans-serif;
                        color: #555; } }
body { font-family: sans-serif; color: #1a1a1a; font-size: 10.5pt; line-height: 1.4; max-width: 190mm;
       margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; color: #0B5394; }
h2 { font-size: 13.5pt; margin: 1.4em 0 .4em; color: #0B5394; border-bottom: 1px solid #c9d3df; }
.sub { color: #555; margin: 0 0 1em; }
.note { background: #FFF3E0; border-left: 4px solid #B35900; padding: .5em .8em; margin: .8em 0; }
.summary li { margin: .25em 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; font-size: 9pt; }
th, td { border-bottom: 1px solid #dde3ea; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
.num { text-align: right; }
td.num { white-space: nowrap; }
.modelled { color: #B35900; }
.source { color: #555; font-size: 8.5pt; margin: .2em 0 .8em; }
figure { margin: .6em 0; }
figure svg { max-width: 100%; height: auto; display: block; }
section { break-inside: auto; }
footer { margin-top: 2em; color: #555; font-size: 8.5pt; border-top: 1px solid #c9d3df; padding-top: .4em; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  figure, tr, .source, li { break-inside: avoid; }
  figure svg { max-height: 115mm; width: auto; margin: 0 auto; }
  footer { display: none; }   /* the page margins carry it */
  thead { display: table-header-group; }   /* long tables run on, with their header on every page */
  a { color: inherit; text-decoration: none; }
}
"""

NO_CHARTS = ("De grafieken ontbreken in dit rapport: ze worden op de server getekend met Chromium, en dat was "
             "niet beschikbaar. De cijfers en bronnen hieronder zijn volledig.")
# Report sections: title, chart keys (charts.fiche.figures; 'x_' = every key starting so), table key
# (page_models.fiche.tables), source line key (page_models.fiche.source_lines), table turned: the number of leading columns that
# name a row, which become the column headers (a row per programme would not fit the width of an A4 page).
SECTIONS = [
    ("Werkzoekenden", ["werkzoekenden", "werkzoekenden_groepen"], "werkzoekenden", "werkzoekenden", 0),
    ("Vacatures en spanning", ["vacatures", "spanning"], "vacatures", "vacatures", 0),
    ("Werkzoekenden naar nationaliteit en herkomst", ["herkomst"], "herkomst", "herkomst", 0),
    ("Nieuwkomers en thuistaal", ["profiel"], None, "profiel", 0),
    ("Werkzaamheid tegen de doelstelling van 80 %", ["werkzaamheid"], "werkzaamheid", "werkzaamheid", 0),
    ("Kansengroepen", ["doelgroepen"], "doelgroepen", "doelgroepen", 0),
    ("Trajecten in de partnerschapsprogramma's", ["trajecten_"], "trajecten", "trajecten", 2),
    ("Alle indicatoren door de tijd", ["overzicht"], None, "overzicht", 0),
]
PRINT_COLUMNS = 3   # small multiples across the width of an A4 page
NUMERIC = re.compile(r"^[-+]?[\d.]+(,\d+)?( %)?$|^<\d+$|^x$|^–$")


def basename(fiche: Fiche, dated: bool = True) -> str:
    """`gemeentefiche_Menen_2024`: what and when (the chosen year), for the
    report and the fiche's tables and charts; without the year
    (`dated=False`) for a chart that shows every period whatever year is
    chosen."""
    slug = re.sub(r"[^\w-]+", "-", fiche.name).strip("-") or fiche.nis
    return f"gemeentefiche_{slug}" + (f"_{fiche.year}" if dated else "")


def filename(fiche: Fiche) -> str:
    return f"{basename(fiche)}.html"


def _e(text) -> str:
    return html.escape(str(text))


def _table(df: pd.DataFrame, legend: bool = True) -> str:
    """Numbers (and hidden counts) right-aligned, header included; the
    legend of 'x' under a table that shows one."""
    text = df.astype(str).map(readable)
    numeric = [bool(text[c].str.match(NUMERIC).all()) for c in text.columns]
    head = "".join(f"<th{' class=num' if n else ''}>{_e(c)}</th>" for c, n in zip(text.columns, numeric))
    rows = []
    for values in text.itertuples(index=False):
        cells = [f"<td class='{'num' if n else 'modelled' if v == fmt.quality('modelled') else ''}'>{_e(v)}</td>"
                 for v, n in zip(values, numeric)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    note = f"<p class='source'>{_e(fmt.HIDDEN_NOTE)}</p>" if legend and has_hidden(df) else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


CITATIONS = yaml.safe_load((Path(__file__).with_name("citations.yml")).read_text(encoding="utf-8"))
# A path in a repository ('seeds/003_x.txt', 'loaders/budget.py', 'owner/name'), with its lead-in
# ('; ', ', via ', 'verwerkt door '), or a parenthesis holding only one: a reader cannot look it up.
_PATH = r"[A-Za-z][\w-]*(?:/[\w.-]+)+"
REPOSITORY_PATHS = [re.compile(rf"\s*\(\s*{_PATH}\s*\)"),
                    re.compile(rf"\s*[;:,]?\s*(?:via(?: open data:)?\s+|verwerkt door\s+)?{_PATH}")]


def readable(text: str) -> str:
    """A stored source text without the repository paths in it."""
    for pattern in REPOSITORY_PATHS:
        text = pattern.sub("", text)
    return text


def where(producer: str) -> str | None:
    """Where a reader finds the producer's figures (citations.yml)."""
    return next((text for key, text in CITATIONS["producers"].items() if key in producer), None)


def css_string(text: str) -> str:
    """`text` as a CSS string, every character but letters, digits and
    spaces escaped (so a name can close neither the string nor the style)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _sources(fiche: Fiche) -> str:
    """One item per source (indicators from the same file together): title,
    quality and what it gives, producer, the publication or where it is
    published, licence, date consulted and note."""
    items = []
    for (title, producer), rows in fiche.sources.groupby(["title", "producer"], sort=False):
        m = rows.iloc[0].to_dict()
        labels = ", ".join(dict.fromkeys(rows["label"].str.lower()))
        citation = CITATIONS["publications"].get(m["indicator"]) or readable(m["citation"])
        parts = [f"<b>{_e(title)}</b> ({_e(fmt.quality(m['quality']))}: {_e(labels)})", _e(readable(producer)),
                 _e(citation), *([_e(where(producer))] if where(producer) else []),
                 f"Licentie: {_e(m['licence'])}"]
        if isinstance(m.get("accessed"), str) and m["accessed"]:
            parts.append(f"Geraadpleegd: {_e(fmt.day(date.fromisoformat(m['accessed'])))}")
        notes = [n for n in dict.fromkeys(rows["note"]) if isinstance(n, str) and n]
        parts += [_e(readable(n)) for n in notes]
        items.append(f"<li>{'. '.join(p.rstrip('.') for p in parts)}.</li>")
    return f"<ul>{''.join(items)}</ul>"


def render(fiche: Fiche, made: date, version: str, renderer: svg.Renderer | None = None) -> str:
    """The report as one HTML document. Charts that cannot be rendered
    (no browser) are left out with a note; the rest of the report is whole."""
    renderer = renderer or svg.RENDERER
    figures = fiche_figures(fiche, LABELS, CATEGORY_LABELS, columns=PRINT_COLUMNS)
    metas = fiche.sources.set_index("indicator")
    lines = {key: readable(fmt.source([metas.loc[c].to_dict() for c in codes if c in metas.index], ref, extra))
             for key, (codes, ref, extra) in source_lines(fiche).items()}
    shown = tables(fiche, text=True)
    charts, missing = {}, False
    for key, fig in figures.items():
        if missing:
            break
        try:
            charts[key] = renderer.svg(fig)
        except Exception:  # noqa: BLE001 - no browser, a crash or a time-out: the report goes out without charts
            missing = True
            charts = {}
    year = fiche.year
    body = [f"<h1>Gemeentefiche {_e(fiche.name)}</h1>",
            f"<p class='sub'>{_e(fiche.area.label)} · NIS-code {_e(fiche.nis)} · gekozen jaar {year} (elk cijfer "
            f"met zijn eigen referentiejaar) · gemaakt op {fmt.day(made)} · {_e(version)}</p>"]
    if missing:
        body.append(f"<p class='note'>{_e(NO_CHARTS)}</p>")
    body.append("<p class='note'>Oranje gemarkeerde cijfers (kwaliteit ‘gemodelleerd’) zijn geen officiële "
                "statistiek: ze komen uit de eigen modellen van Regiomonitor Werk (zie Bronnen).</p>")
    body.append("<h2>Samenvatting</h2><ul class='summary'>"
                + "".join(f"<li>{_e(s)}</li>" for s in summary(fiche, LABELS)) + "</ul>")
    body.append("<h2>Kerncijfers</h2>" + _table(shown["kerncijfers"])
                + "<p class='source'>Periode, kwaliteit en bron (met de exportdatum van het bestand) staan per "
                  "cijfer in de tabel; de volledige bronvermelding staat onderaan.</p>")
    if "uitsplitsingen" in shown:
        body.append("<h2>Uitsplitsingen</h2>" + _table(shown["uitsplitsingen"]))
    for title, keys, table, line, turned in SECTIONS:
        figs = [charts[k] for k in charts if any(k == key or (key.endswith("_") and k.startswith(key))
                                                    for key in keys)]
        if not figs and (table is None or table not in shown):
            continue
        part = [f"<section><h2>{_e(title)}</h2>"]
        part += [f"<figure>{chart}</figure>" for chart in figs]
        if table in shown:
            df = shown[table]
            # Trajectories: 'x' is a count suppressed here (the rule is in the source line), not the producer's.
            if turned:   # one column per row, headed by the row's naming cells
                df = df.iloc[:, turned:].set_axis([" · ".join(map(str, r)) for r in df.iloc[:, :turned].itertuples(
                    index=False)]).T.reset_index(names="")
            part.append(_table(df, legend=table != "trajecten"))
        part.append(f"<p class='source'>{_e(lines[line])}</p></section>")
        body.append("".join(part))
    body.append("<h2>Bronnen</h2>" + _sources(fiche))
    body.append("<footer>Regiomonitor Werk · Gemeentefiche " + _e(fiche.name)
                + f" · {fmt.day(made)}</footer>")
    return ("<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            f"<title>Gemeentefiche {_e(fiche.name)} ({year})</title>"
            f"<style>{CSS.replace('FOOTER', css_string(f'Regiomonitor Werk · Gemeentefiche {fiche.name} · {fmt.day(made)}'))}"
            "</style></head>"
            f"<body>{''.join(body)}</body></html>")
