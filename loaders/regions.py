"""Region membership: which municipality belongs to Westhoek or W13."""
from __future__ import annotations

from loaders.meta import load_meta

META = load_meta(__file__)
REGIONS: dict[str, dict] = META["regions"]
FLANDERS_NIS: str = META["flanders_region_nis"]


def region_of(nis: str) -> str | None:
    """Region key ('westhoek', 'w13') or None for other municipalities."""
    for key, region in REGIONS.items():
        if nis in region["nis"]:
            return key
    return None
