"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import (CHOSEN_COLOUR, MODELLED_PATTERN, TARGET_COLOUR, area_colours, area_role, figure,
                          label_margin, reference_line)


def ranking(df: pd.DataFrame, value: str, title: str, hovertemplate: str, *, custom: list[str] = (),
            text_format: str = ",.1f", references: dict[str, float] | None = None,
            modelled: bool = True) -> go.Figure:
    """Bars of `df[value]` per `df["name_nl"]`; `hovertemplate` may use
    `%{customdata[i]}` for the columns in `custom`. A reference named after
    an area ("gemiddelde Westhoek") is drawn in that area's colour, any
    other (a threshold) in the target's."""
    rows = df.sort_values(value)
    bar = go.Bar(
        x=rows[value], y=rows["name_nl"], orientation="h",
        marker=dict(color=CHOSEN_COLOUR, pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[list(custom)].to_numpy() if custom else None,
        texttemplate=f"%{{x:{text_format}}}", textposition="outside", cliponaxis=False,
        hovertemplate=hovertemplate + "<extra></extra>",
    )
    shapes, notes = [], []
    for label, x in (references or {}).items():
        colour = area_colours([label])[label] if area_role(label) != "gekozen" else TARGET_COLOUR
        shape, note = reference_line("x", x, label, colour=colour)
        shapes.append(shape)
        notes += note
    return figure([bar], title, height=max(320, 26 * len(rows) + 110), modelled=modelled, shapes=shapes,
                  annotations=notes, margin=dict(l=label_margin(rows["name_nl"])),
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC"), yaxis=dict(title=None))
