"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import (CHOSEN_COLOUR, MODELLED_PATTERN, TARGET_COLOUR, area_colours, area_role, figure,
                          label_margin, reference_line, wrap_lines)

REFERENCE_WRAP = 16   # characters per line of a reference line's label
NAME_WRAP = 24        # characters per line of a bar's name (every municipality's name fits one)


def ranking(df: pd.DataFrame, value: str, title: str, hovertemplate: str, *, custom: list[str] = (),
            text_format: str = ",.1f", references: dict[str, float] | None = None,
            modelled: bool = True) -> go.Figure:
    """Bars of `df[value]` per `df["name_nl"]`; `hovertemplate` may use
    `%{customdata[i]}` for the columns in `custom`. A reference named after
    an area ("gemiddelde Westhoek") is drawn in that area's colour, any
    other (a threshold) in the target's."""
    rows = df.sort_values(value)
    # Long names (sectors) in lines: a margin for the whole name left a phone's bars no room.
    names = [wrap_lines(name, NAME_WRAP) for name in rows["name_nl"]]
    lines = max(name.count("<br>") + 1 for name in names) if names else 1
    bar = go.Bar(
        x=rows[value], y=names, orientation="h",
        marker=dict(color=CHOSEN_COLOUR, pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[list(custom)].to_numpy() if custom else None,
        texttemplate=f"%{{x:{text_format}}}", textposition="outside", cliponaxis=False,
        hovertemplate=hovertemplate + "<extra></extra>",
    )
    shapes, notes = [], []
    for label, x in (references or {}).items():
        colour = area_colours([label])[label] if area_role(label) != "gekozen" else TARGET_COLOUR
        # Wrapped, at hyphens too: "Westhoek + Zuid-West-Vlaanderen" beside the line ran out of a phone's chart.
        shape, note = reference_line("x", x, wrap_lines(label, REFERENCE_WRAP, hyphens=True), colour=colour)
        shapes.append(shape)
        notes += note
    # Room right of the plot for the longest bar's value (drawn outside its bar, cliponaxis off).
    longest = f"{{:{text_format}}}".format(rows[value].max()) if rows[value].notna().any() else ""
    return figure([bar], wrap_lines(title), height=max(320, (26 + 8 * (lines - 1)) * len(rows) + 110),
                  modelled=modelled, shapes=shapes, annotations=notes,
                  margin=dict(l=label_margin(line for name in names for line in name.split("<br>")),
                              r=label_margin([longest])),
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC"), yaxis=dict(title=None))
