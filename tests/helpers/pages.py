"""What a page shows and hands out, read back for the page tests: its
metrics and plotly figures (AppTest), the files its downloads make (the
`downloads` fixture in tests/conftest.py catches them) and the GeoJSON its
maps name."""
from __future__ import annotations

import io
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pandas as pd
import plotly.io as pio
from streamlit.testing.v1.element_tree import Block

from charts import theme
from common import format as fmt
from ui.geometry import GEO_DIR, URL_PREFIX
from ui.layout import NARROW, NUMERIC, TABLE_TESTID

MENEN, KORTRIJK = "34027", "34022"   # two W13 municipalities the tests open


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def array(value) -> np.ndarray:
    """A trace's data as an array (plotly sends numbers as base64 typed arrays: `charts.theme.array`)."""
    return np.asarray(theme.array(value))


def figures(at) -> list:
    return [pio.from_json(el.proto.spec) for el in at.get("plotly_chart")]


def titled(at, start: str):
    """The chart whose title starts with `start` (a long title is drawn in lines)."""
    return next(fig for fig in figures(at) if (fig.layout.title.text or "").replace("<br>", " ").startswith(start))


def map_values(at) -> dict[str, float]:
    """NIS code -> value of the map's value layer (the last field of its
    customdata: on a log scale its z is the logarithm)."""
    fig = next(fig for fig in figures(at) if fig.data and fig.data[0].type == "choropleth")
    layer = next(t for t in fig.data if t.colorscale and t.showscale is not False)
    return dict(zip(layer.locations, [float(row[-1]) for row in layer.customdata]))


def geometry_files(spec: dict) -> dict[str, bytes]:
    """The GeoJSON the map's traces name (ui.geometry: static files of the
    shown municipalities and of the context), by URL: what the browser
    fetches for this map (a URL with a query is the same file again)."""
    urls = {t["geojson"] for t in spec["data"] if "geojson" in t}
    return {url: (GEO_DIR / url.removeprefix(URL_PREFIX).split("?")[0]).read_bytes() for url in urls}


def balanced(fig) -> bool:
    """Every node of a sankey with links in and out: what comes in goes out
    (to the cent)."""
    link = fig.data[0].link
    source, target, value = np.asarray(link.source), np.asarray(link.target), np.asarray(link.value, float)
    for node in set(source) & set(target):
        if round(value[target == node].sum(), 2) != round(value[source == node].sum(), 2):
            return False
    return True


def read_csv(raw: bytes) -> pd.DataFrame:
    """A downloaded CSV as Excel in a Belgian locale reads it; every cell text."""
    assert raw.startswith("\ufeff".encode())
    return pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def csv_number(text: str) -> float:
    return float(text.replace(",", "."))


def read_xlsx(raw: bytes) -> pd.DataFrame:
    """The data sheet of a downloaded XLSX, cells as openpyxl reads them
    (numbers as int/float, text as str)."""
    rows = list(openpyxl.load_workbook(io.BytesIO(raw))["gegevens"].values)
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def exported(made: dict, basename: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV and XLSX of one table, read back."""
    return read_csv(made[f"{basename}.csv"]()), read_xlsx(made[f"{basename}.xlsx"]())


def assert_provenance(csv: pd.DataFrame, xlsx: pd.DataFrame, quality: str, source: str) -> None:
    """Every row says its quality and source, in both files."""
    for table in (csv, xlsx):
        assert (table["Kwaliteit"] == fmt.quality(quality)).all()
        assert table["Bron"].str.contains(source, regex=False).all()


def _tables(node, kinds: tuple[str, ...] = ("table", "html"), narrow: bool = False):
    """(under a phone's container, element) for each `st.table` and each
    `ui.layout.html_table` (`st.html`) under `node`, in page order."""
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block):
            yield from _tables(child, kinds, narrow or NARROW in getattr(child.proto, "id", ""))
        elif child.type in kinds and (child.type != "html" or f'data-testid="{TABLE_TESTID}"' in child.proto.body):
            yield narrow, child


def _rows(element) -> pd.DataFrame:
    """A table element's rows: `st.table`'s value, or read back from `html_table`'s HTML."""
    if element.type == "table":
        return element.value
    parser = _Cells()
    parser.feed(element.proto.body)
    return pd.DataFrame(parser.rows[1:], columns=parser.rows[0])


def phone_table_rows(at) -> list[int]:
    """How many rows each table a page draws for a phone has (`ui.layout`'s
    narrow containers, in page order): what its model gives it."""
    return [len(_rows(table)) for narrow, table in _tables(at.main) if narrow]


class _Cells(HTMLParser):
    """The header and the rows of an HTML table's text; a cell's SVG (a sparkline) as "svg"; each cell's
    class (`classes`, in the same places)."""
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.classes = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            self.classes.append([])
        elif tag in ("td", "th"):
            self.cell = ""
            self.classes[-1].append(dict(attrs).get("class") or "")
        elif tag == "svg" and self.cell is not None:
            self.cell += "svg"

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def right_aligned(at) -> list[list[str]]:
    """Per table of `html_tables`, the headers of the columns right-aligned
    (`ui.layout.NUMERIC` on the header and every cell)."""
    out = []
    for narrow, element in _tables(at.main, ("html",)):
        if narrow:
            continue
        parser = _Cells()
        parser.feed(element.proto.body)
        out.append([header for k, header in enumerate(parser.rows[0])
                    if all(NUMERIC in row[k].split() for row in parser.classes)])
    return out


def html_tables(at) -> list[pd.DataFrame]:
    """The HTML tables of `ui.layout.html_table` a laptop shows (not the
    phone's copies), in page order, read back from their HTML."""
    return [_rows(element) for narrow, element in _tables(at.main, ("html",)) if not narrow]
