"""The tidy indicator row every loader and model produces."""
from __future__ import annotations

import pandas as pd

from common.vocabulary import ALL_GROUPS

INDICATOR_COLUMNS = ["nis", "period", "indicator", "target_group", "value", "unit", "quality", "source"]
# A value the producer hid (`x` in the portal's exports): stored without
# value and with this flag, never as 0 and never dropped. NULL otherwise.
FLAG = "flag"
HIDDEN = "x"


def indicator_frame(nis: pd.Series, period: pd.Series, value: pd.Series, meta: dict,
                    target_group: pd.Series | str = ALL_GROUPS) -> pd.DataFrame:
    """Rows for one indicator; unit, quality and source come from its metadata."""
    return pd.DataFrame({
        "nis": nis.astype(str).to_numpy(),
        "period": period.astype(str).to_numpy(),
        "indicator": meta["indicator"],
        "target_group": target_group if isinstance(target_group, str) else target_group.to_numpy(),
        "value": value.astype("float64").to_numpy(),
        "unit": meta["unit"],
        "quality": meta["quality"],
        "source": meta["source_short"],
    })[INDICATOR_COLUMNS]
