"""What the model generators share: their name and version as the source of
every row, one seeded random generator, and mean-one noise.

A model's metadata file (`<model>.yml`) holds a `model` block (name, version,
seed), one block per indicator it writes (label, unit, ... as for loaders),
and every assumption with its source or reasoning.
"""
from __future__ import annotations

import numpy as np

MODELLED = "modelled"


def source_name(meta: dict) -> str:
    """`Regiomonitor-model doelgroepen 1.0.0`: the source of every row."""
    return f"{meta['model']['name']} {meta['model']['version']}"


def indicator_meta(meta: dict, indicator: str) -> dict:
    """The metadata of one indicator the model writes, in the shape
    `indicator_frame` and `register_indicator` expect."""
    block = meta["indicators"][indicator]
    return block | {"indicator": indicator, "quality": MODELLED, "source_short": source_name(meta),
                    "producer": source_name(meta), "citation": meta["model"]["citation"],
                    "licence": meta["model"]["licence"]}


def generator(meta: dict) -> np.random.Generator:
    """The model's only source of randomness: seeded from its metadata."""
    return np.random.default_rng(int(meta["model"]["seed"]))


def mean_one_noise(rng: np.random.Generator, sigma: float, shape) -> np.ndarray:
    """Lognormal factors with expectation 1: multiplying by them adds spread
    without shifting the average."""
    return np.exp(sigma * rng.standard_normal(shape) - sigma ** 2 / 2)
