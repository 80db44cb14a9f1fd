"""The assumptions of a model, shown from its metadata file (never copied
into a page): description, every parameter with its reasoning, the
per-group parameters and the published anchor, if any. Left out in
presentation mode (one subject per screen)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from loaders.model_common import source_name
from common import format as fmt
from ui import presentation


def value_text(value, names: dict[str, str]) -> str:
    """A parameter value as Dutch text: `0,6`, `Kortrijk: 1,8 · Menen: 1,8`."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        decimals = len(repr(value).split(".")[1]) if isinstance(value, float) else 0
        return fmt.number(value, decimals)
    if isinstance(value, dict):
        return " · ".join(f"{names.get(str(k), k)}: {value_text(v, names)}" for k, v in value.items())
    if isinstance(value, list):
        return " · ".join(value_text(v, names) for v in value)
    if isinstance(value, date):
        return fmt.day(value)
    return str(value)


def assumption_table(meta: dict, names: dict[str, str]) -> pd.DataFrame:
    rows = [{"Aanname": a["label"], "Waarde": value_text(a["value"], names),
             "Onderbouwing": a["reasoning"] + (f" Bron: {a['source']}." if a.get("source") else "")}
            for a in meta["assumptions"].values()]
    return pd.DataFrame(rows)


def group_table(meta: dict, labels: dict[str, str]) -> pd.DataFrame:
    columns = meta["group_columns"]
    rows = [{"Doelgroep": labels.get(code, code)}
            | {header: value_text(params[key], {}) if key != "reasoning" else params[key]
               for key, header in columns.items()}
            for code, params in meta["groups"].items()]
    return pd.DataFrame(rows)


def assumptions(meta: dict, names: dict[str, str], labels: dict[str, str] | None = None,
                sections: dict[str, str] | None = None) -> None:
    """An expander with everything the model assumes. `labels`: names of
    the target groups; `sections`: headings of a model whose assumptions are
    grouped (per programme: `assumptions: {code: {name: {...}}}`)."""
    if presentation.active():
        return
    with st.expander(f"Aannames van het model ({source_name(meta)})", icon=":material/science:"):
        st.markdown(meta["model"]["description"])
        if "anchor" in meta:
            a = meta["anchor"]
            st.markdown(f"**Ijkpunt:** {fmt.number(a['value'])} ({fmt.month(a['period'])}), "
                        f"gepubliceerd: “{a['quote']}”. Bron: {a['source']}.")
        blocks = ({sections[code]: {"assumptions": block} for code, block in meta["assumptions"].items()}
                  if sections else {None: meta})
        for heading, block in blocks.items():
            if heading:
                st.markdown(f"**{heading}**")
            # st.table wraps the reasoning; st.dataframe would cut it off.
            st.table(assumption_table(block, names), hide_index=True, border="horizontal")
        if "groups" in meta:
            st.table(group_table(meta, labels or {}), hide_index=True, border="horizontal")
        if "seed" in meta["model"]:  # a deterministic model has none
            st.caption(f"Seed van de toevalsgenerator: {meta['model']['seed']}; zelfde seed, zelfde cijfers.")
