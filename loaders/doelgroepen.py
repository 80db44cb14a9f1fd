"""The target groups (kansengroepen): codes and Dutch labels."""
from __future__ import annotations

from common.vocabulary import ALL_GROUPS
from loaders.meta import load_meta

META = load_meta(__file__)
LABELS: dict[str, str] = {ALL_GROUPS: META["all_label"]} | {g["code"]: g["label"] for g in META["groups"]}
GROUPS: list[str] = [g["code"] for g in META["groups"]]
