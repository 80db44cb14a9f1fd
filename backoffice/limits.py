"""The limits a deployment sets on what the app keeps on disk (the meeting
snapshots' pins, the map files), read like the Beheer account: a section of
the Streamlit secrets first, then the environment, else the default.

A group of limits is a frozen dataclass whose fields name their environment
variable (`setting`) and whose `SECTION` names its secrets section;
`configured` fills it. The configuration's names are for the operator: they
go to the server log and the README, never into a message a visitor reads.
"""
from __future__ import annotations

import logging
import typing
from collections.abc import Mapping
from dataclasses import field, fields
from typing import TypeVar

from loaders.errors import SourceError

LOG = logging.getLogger(__name__)
T = TypeVar("T")


def setting(default: float, variable: str):
    """A field of a limits dataclass: its default and its environment variable."""
    return field(default=default, metadata={"env": variable})


def configured(kind: type[T], section: Mapping | None, env: Mapping[str, str]) -> T:
    """The limits `kind` as configured: each field from the secrets `section`
    (`kind.SECTION`), else its environment variable, else its default. A
    value that is no positive number is refused (`SourceError`, saying in
    Dutch that `kind.WHAT` is set wrongly; the log names the setting), not
    dropped: the operator must see the limit is not set."""
    types = typing.get_type_hints(kind)
    found = {}
    for spec in fields(kind):
        variable = spec.metadata["env"]
        raw = (section or {}).get(spec.name, env.get(variable))
        if raw is None or not str(raw).strip():
            continue
        try:
            found[spec.name] = types[spec.name](raw)
        except ValueError:
            found[spec.name] = 0
        if not found[spec.name] > 0:
            LOG.error("%s (or %s under [%s] in the secrets) is no positive number: %r",
                      variable, spec.name, kind.SECTION, raw)
            raise SourceError(None, f"{kind.WHAT} is verkeerd ingesteld; de beheerder van de server vindt "
                                    "in het serverlog welke instelling")
    return kind(**found)
