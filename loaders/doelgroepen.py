"""The target groups (kansengroepen): codes and Dutch labels."""
from __future__ import annotations

from loaders.meta import load_meta

META = load_meta(__file__)
ALL = META["all"]["code"]
LABELS: dict[str, str] = {META["all"]["code"]: META["all"]["label"]} | {g["code"]: g["label"] for g in META["groups"]}
GROUPS: list[str] = [g["code"] for g in META["groups"]]
