"""The Gemeentefiche as one printable HTML file: inline CSS (A4 when
printed), charts as inline SVG rendered on the server (`ui.svg`), every
figure with its period, quality and source, and the full sources at the end.
Self-contained: no script, no font, no link to fetch, so it opens offline
and can be mailed. Every text from the store is escaped."""
from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd
from analysis.fiche import Fiche
from analysis.summary import summary
from ui import format as fmt, svg
from charts.fiche import figures as fiche_figures
from ui.fiche import CATEGORY_LABELS, LABELS, has_hidden, source_lines, tables

CSS = """
@page { size: A4; margin: 15mm 15mm 18mm; }
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
  thead { display: table-header-group; }   /* long tables run on, with their header on every page */
  a { color: inherit; text-decoration: none; }
}
"""

NO_CHARTS = ("De grafieken ontbreken in dit rapport: ze worden op de server getekend met Chromium, en dat was "
             "niet beschikbaar. De cijfers en bronnen hieronder zijn volledig.")
# Report sections: title, chart keys (charts.fiche.figures; 'x_' = every key starting so), table key
# (ui.fiche.tables), source line key (ui.fiche.source_lines), table turned (one column per programme:
# a row per programme would not fit the width of an A4 page).
SECTIONS = [
    ("Werkzoekenden", ["werkzoekenden", "werkzoekenden_groepen"], "werkzoekenden", "werkzoekenden", False),
    ("Vacatures en spanning", ["vacatures", "spanning"], "vacatures", "vacatures", False),
    ("Werkzoekenden naar nationaliteit en herkomst", ["herkomst"], "herkomst", "herkomst", False),
    ("Nieuwkomers en thuistaal", ["profiel"], None, "profiel", False),
    ("Werkzaamheid tegen de doelstelling van 80 %", ["werkzaamheid"], "werkzaamheid", "werkzaamheid", False),
    ("Kansengroepen", ["doelgroepen"], "doelgroepen", "doelgroepen", False),
    ("Trajecten in de partnerschapsprogramma's", ["trajecten_"], "trajecten", "trajecten", True),
    ("Alle indicatoren door de tijd", ["overzicht"], None, "overzicht", False),
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
    text = df.astype(str)
    numeric = [bool(text[c].str.match(NUMERIC).all()) for c in text.columns]
    head = "".join(f"<th{' class=num' if n else ''}>{_e(c)}</th>" for c, n in zip(text.columns, numeric))
    rows = []
    for values in text.itertuples(index=False):
        cells = [f"<td class='{'num' if n else 'modelled' if v == fmt.quality('modelled') else ''}'>{_e(v)}</td>"
                 for v, n in zip(values, numeric)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    note = f"<p class='source'>{_e(fmt.HIDDEN_NOTE)}</p>" if legend and has_hidden(df) else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def _sources(fiche: Fiche) -> str:
    items = []
    for m in fiche.sources.to_dict("records"):
        quality = fmt.quality(m["quality"])
        parts = [f"<b>{_e(m['title'])}</b> ({_e(quality)})", _e(m["producer"]), _e(m["citation"]),
                 f"Licentie: {_e(m['licence'])}"]
        if isinstance(m.get("accessed"), str) and m["accessed"]:
            parts.append(f"Geraadpleegd: {_e(fmt.day(date.fromisoformat(m['accessed'])))}")
        if isinstance(m.get("note"), str) and m["note"]:
            parts.append(_e(m["note"]))
        items.append(f"<li>{'. '.join(parts)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def render(fiche: Fiche, made: date, version: str, renderer: svg.Renderer | None = None) -> str:
    """The report as one HTML document. Charts that cannot be rendered
    (no browser) are left out with a note; the rest of the report is whole."""
    renderer = renderer or svg.RENDERER
    figures = fiche_figures(fiche, LABELS, CATEGORY_LABELS, columns=PRINT_COLUMNS)
    metas = fiche.sources.set_index("indicator")
    lines = {key: fmt.source([metas.loc[c].to_dict() for c in codes if c in metas.index], ref, extra)
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
            f"met zijn eigen referentiejaar) · gemaakt op {fmt.day(made)} · gegevensversie {_e(version)}</p>"]
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
            part.append(_table(df.set_index(df.columns[0]).T.reset_index(names="") if turned else df,
                               legend=table != "trajecten"))
        part.append(f"<p class='source'>{_e(lines[line])}</p></section>")
        body.append("".join(part))
    body.append("<h2>Bronnen</h2>" + _sources(fiche))
    body.append("<footer>Regiomonitor Werk · Gemeentefiche " + _e(fiche.name)
                + f" · {fmt.day(made)}</footer>")
    return ("<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            f"<title>Gemeentefiche {_e(fiche.name)} ({year})</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>")
