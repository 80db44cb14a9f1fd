"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import (CHOSEN_COLOUR, MODELLED_PATTERN, TARGET_COLOUR, TITLE_LINE_PX, area_colours, area_role,
                          figure, label_margin, reference_line, wrap_lines)

NAME_WRAP = 24        # characters per line of a bar's name (every municipality's name fits one)
# A reference line's label stands under the plot, from the chart's left edge, after a sample of the line:
# beside the line it met the values of the bars ending near it, and on a phone it left the chart.
REFERENCE_MARK = "– – "
TICKS_PX = 26         # the x axis' tick labels, between the plot and the reference labels


def ranking(df: pd.DataFrame, value: str, title: str, hovertemplate: str, *, custom: list[str] = (),
            text_format: str = ",.1f", references: dict[str, float] | None = None,
            modelled: bool = True, name_wrap: int = NAME_WRAP) -> go.Figure:
    """Bars of `df[value]` per `df["name_nl"]`; `hovertemplate` may use
    `%{customdata[i]}` for the columns in `custom`. A reference named after
    an area ("gemiddelde Westhoek") is drawn in that area's colour, any
    other (a threshold) in the target's. `name_wrap`: characters per line
    of a bar's name."""
    rows = df.sort_values(value)
    # Long names (sectors) in lines: a margin for the whole name left a phone's bars no room.
    names = [wrap_lines(name, name_wrap) for name in rows["name_nl"]]
    lines = max(name.count("<br>") + 1 for name in names) if names else 1
    bar = go.Bar(
        x=rows[value], y=names, orientation="h",
        marker=dict(color=CHOSEN_COLOUR, pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[list(custom)].to_numpy() if custom else None,
        texttemplate=f"%{{x:{text_format}}}", textposition="outside", cliponaxis=False,
        hovertemplate=hovertemplate + "<extra></extra>",
    )
    left = label_margin(line for name in names for line in name.split("<br>"))
    shapes, notes, below = [], [], TICKS_PX
    for label, x in (references or {}).items():
        colour = area_colours([label])[label] if area_role(label) != "gekozen" else TARGET_COLOUR
        shapes.append(reference_line("x", x, None, colour=colour)[0])
        text = wrap_lines(REFERENCE_MARK + label, hyphens=True)   # TITLE_WRAP: what a phone's chart holds
        notes.append(dict(text=text, showarrow=False, font=dict(color=colour), xref="paper", x=0, xanchor="left",
                          xshift=8 - left, yref="paper", y=0, yanchor="top", yshift=-below, align="left"))
        below += TITLE_LINE_PX * (text.count("<br>") + 1)
    # Room right of the plot for the longest bar's value (drawn outside its bar, cliponaxis off).
    longest = f"{{:{text_format}}}".format(rows[value].max()) if rows[value].notna().any() else ""
    return figure([bar], wrap_lines(title), height=max(320, (26 + 8 * (lines - 1)) * len(rows) + 110 + below - TICKS_PX),
                  modelled=modelled, shapes=shapes, annotations=notes,
                  margin=dict(l=left, r=label_margin([longest]), b=max(40, below + 8)),
                  # ",": thousands grouped on the value axis too (1.400, as the bars' own text), in the
                  # layout's Belgian separators; plotly's default tick format groups no digits.
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC", tickformat=","), yaxis=dict(title=None))
