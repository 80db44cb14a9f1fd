"""Target-group charts: the composition of one municipality against its
region, and a coloured table of every group in every municipality."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler
from plotly.colors import sample_colorscale

from charts.ranking import NAME_WRAP
from charts.theme import (CHOSEN_COLOUR, MODELLED_NOTE, MODELLED_PATTERN, area_colours, figure, label_margin,
                          wrap_lines)
from common import format as fmt

MARKERS = ["diamond", "circle", "square", "triangle-up"]
# Official and modelled bars side by side: the note says which is which.
MIXED_NOTE = f"Gearceerd = {MODELLED_NOTE[0].lower()}{MODELLED_NOTE[1:]}"


def composition(rows: pd.DataFrame, name: str, references: dict[str, pd.Series], title: str) -> go.Figure:
    """Per series (rows indexed by series, top to bottom: `label`, `per_1000`,
    `value`, `modelled`, `hidden`) the municipality's size per 1,000
    inhabitants as bars, hatched where modelled, with a marker per reference
    area (`per_1000` by series) to compare with. A value its producer hid
    has no bar and says 'x (verborgen)' in its label."""
    rows = rows.iloc[::-1]
    # In lines (NAME_WRAP): a margin for "Werkzoekenden zonder werk van niet-EU-herkomst (2024, officieel)" left a
    # phone's bars no room.
    labels = [wrap_lines(f"{label} · x (verborgen)" if hidden else label, NAME_WRAP)
              for label, hidden in zip(rows["label"], rows["hidden"])]
    lines = max(label.count("<br>") + 1 for label in labels) if labels else 1
    pattern = dict(MODELLED_PATTERN, shape=["/" if m else "" for m in rows["modelled"]])
    colours = area_colours([name, *references])
    traces = [go.Bar(
        x=rows["per_1000"], y=labels, orientation="h", name=name,
        marker=dict(color=CHOSEN_COLOUR, pattern=pattern),
        customdata=rows[["value"]].to_numpy(), textposition="none",   # the values: `values_beside`
        hovertemplate="%{y}: %{x:,.1f} per 1.000 inwoners (%{customdata[0]:,.0f} personen)<extra></extra>",
    )]
    for i, (area, ref) in enumerate(references.items()):
        traces.append(go.Scatter(
            x=ref.reindex(rows.index), y=labels, mode="markers", name=area,
            marker=dict(symbol=MARKERS[i % len(MARKERS)], size=MARKER_PX, color=colours[area],
                        line=dict(color="white", width=1.5)),
            hovertemplate=f"{area}: %{{x:,.1f}} per 1.000 inwoners<extra></extra>",
        ))
    marks = [ref.reindex(rows.index) for ref in references.values()]
    notes, end = values_beside(rows["per_1000"], labels, marks, [fmt.number(v, 1) for v in rows["per_1000"]])
    return figure(traces, title, height=max(360, (34 + 16 * (lines - 1)) * len(rows) + 160),
                  modelled=bool(rows["modelled"].any()), note=MIXED_NOTE, annotations=notes,
                  meta=_on_slide(rows, title, [name, *references]),
                  margin=dict(l=label_margin(line for label in labels for line in label.split("<br>")),
                              r=label_margin(note["text"] for note in notes)),
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC", range=[0, end * (1 + VALUE_ROOM)]),
                  yaxis=dict(title=None))


VALUE_ROOM = 0.15   # the value axis beyond the furthest bar or marker: room for its value on a slide (about 70 px)


def values_beside(values: pd.Series, labels: list[str], marks: list[pd.Series], texts: list[str]
                  ) -> tuple[list[dict], float]:
    """Each bar's value (`texts`, per bar named `labels`) as a note beside
    the bar, beyond its row's markers (`marks`, one series per reference
    area, aligned with `values`) where they reach further: inside a short
    bar it stood under them (the Gemeentefiche at 1920x1080), and beside it
    it met a marker just past its end. And how far the furthest bar or
    marker reaches (at least 1)."""
    furthest = pd.concat(marks, axis=1).max(axis=1) if marks else pd.Series(np.nan, index=values.index)
    notes = []
    for label, value, mark, text in zip(labels, values, furthest, texts):
        if pd.isna(value):   # hidden by its producer: its label says so
            continue
        beyond = pd.notna(mark) and mark >= value
        notes.append(dict(text=text, x=mark if beyond else value, xref="x", y=label, yref="y",
                          xanchor="left", xshift=MARKER_PX // 2 + 4 if beyond else 4, showarrow=False))
    reach = pd.concat([values, furthest]).max()
    return notes, float(reach) if pd.notna(reach) and reach > 0 else 1.0


MARKER_PX = 14   # a reference area's marker


def _on_slide(rows: pd.DataFrame, title: str, areas: list[str]) -> dict | None:
    """How a slide shows the chart (`ui.components.projected`): with `group`
    and `year` columns, each bar named by its group on one line (its year
    and quality once, in the title's second line), the legend and the
    modelled note beside the plot: nine groups' three-line names in 20 px
    letters ran into each other, and a legend and a note above and under
    the plot left their bars too little height on a laptop's slide."""
    if not {"group", "year"} <= set(rows):
        return None
    names = [f"{group} · x (verborgen)" if hidden else group for group, hidden in zip(rows["group"], rows["hidden"])]
    years = {quality: ", ".join(map(str, sorted(set(rows.loc[rows["modelled"] == modelled, "year"]))))
             for quality, modelled in (("officieel", False), ("gemodelleerd (gearceerd)", True))}
    when = "(" + "; ".join(f"{quality}: {shown}" for quality, shown in years.items() if shown) + ")"
    note = wrap_lines(MIXED_NOTE, SIDE_WRAP)
    # The years once: the title's own "(2015, 2024)" (the Gemeentefiche's) gives way to which is which.
    heading = re.sub(r"\s*\((?:\d{4}(?:, )?)+\)$", "", title.replace("<br>", " "))
    return {"slide": {"y": names, "title": f"{heading}<br>{when}", "note": note,
                      "side": [*areas, *note.split("<br>")]}}


SIDE_WRAP = 20   # characters per line of the modelled note beside a slide's plot


def matrix(wide: pd.DataFrame, hidden: pd.DataFrame, number, text: str) -> Styler:
    """Municipalities × series (`matrix_values`) as a coloured table for
    `st.dataframe`: the text is the size per 1,000 inhabitants (`number`
    formats it; `text`, the 'x', where `hidden` marks a value its producer
    hid), the colour that size against the average of the shown
    municipalities (`matrix_index`, 100 = average; red: more people of the
    group). The cells stay numbers, so a column sorts as numbers, except in
    a column with a hidden value: the browser shows an empty number cell as
    'None' whatever the styler says, so that column is text. A table, not a
    plotly heatmap: the browser draws it in a tenth of the time (a heatmap
    measures every cell's text), and it sorts."""
    colours = matrix_index(wide).map(lambda v: "" if pd.isna(v) else _cell_style(v))
    shown = wide.copy()
    for column in hidden.columns[hidden.any()]:
        shown[column] = [text if h else number(v, 1) for v, h in zip(wide[column], hidden[column])]
    return shown.style.format(lambda v: v if isinstance(v, str) else number(v, 1)).apply(lambda _: colours, axis=None)


def matrix_values(rows: pd.DataFrame, headers: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Size per 1,000 inhabitants, one row per municipality (`Gemeente`),
    one column per series (rows: `series`, `per_1000`, `hidden`), named by
    `headers` in its order; and, cell by cell, whether its producer hid it."""
    codes = [code for code in headers if code in set(rows["series"])]

    def wide(column: str) -> pd.DataFrame:
        out = rows.pivot(index="name_nl", columns="series", values=column)[codes].sort_index()
        return out.rename(columns=headers).rename_axis(index="Gemeente", columns=None)

    return wide("per_1000"), wide("hidden").astype(bool)


def matrix_index(wide: pd.DataFrame) -> pd.DataFrame:
    """Each cell against its column's average (100)."""
    return 100 * wide / wide.mean()
# Cell colours from index 50 (blue) over 100 (white) to 150 (red), sampled
# once in steps of one index point rather than per cell and rerun.
INDEX_RANGE = (50, 150)
_PALETTE = sample_colorscale("RdBu_r", list(np.linspace(0, 1, INDEX_RANGE[1] - INDEX_RANGE[0] + 1)))


def _cell_style(index: float) -> str:
    low, high = INDEX_RANGE
    step = round(min(max(index, low), high) - low)
    text = "white" if abs(step / (high - low) - 0.5) > 0.3 else "#1A1A1A"
    return f"background-color: {_PALETTE[step]}; color: {text}"
