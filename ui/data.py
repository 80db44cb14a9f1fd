"""The one place where pages get data: a cached store connection and cached
named queries. Results are cached per store file and data version
(`data_version`), so an import or rebuild shows at once, a store copy never
gets the original's results, and a filter change that repeats a query costs
nothing. What is cached once for every session is handed out `unshared`: a
session may change what it got.

A session reads one published store version (`loaders.versions`), read-only,
for a whole run: `begin_run` looks up the current version, and when an import
published a new one since the last run the session moves to it (a reconnect,
cached per version) with a short notice. When the session views a meeting
snapshot (`?momentopname=...`), every query runs on that pinned version
instead (see `backoffice.snapshots`)."""
from __future__ import annotations

import dataclasses
import hashlib
from functools import partial, wraps
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from backoffice import snapshots
from loaders import build, versions
from loaders.config import db_path
from loaders.errors import SourceError
from loaders.store import connect
from queries import run_query
from ui import auth


@st.cache_resource(show_spinner="Gegevens voorbereiden (eerste start)…", max_entries=8)
def _ready(db: str, state: tuple | None) -> tuple[SourceError, tuple] | None:
    """Build the store if needed (first start, changed sources), or point it
    at a version that exists when its version was deleted (`versions.adopt`).
    Once per process (`state` None), or once per state of the store file
    (`_state`) when its version is gone or it was refused. A refusal comes
    with the state it was refused in and is kept: a store that cannot be
    built (a truncated one whose imports are unreadable) is not built again
    on every page load, only once its file changed (`version_file`)."""
    try:
        build.ensure_built(Path(db), progress=lambda _: None)
    except versions.Busy:
        raise   # another process is building: no state of this store
    except SourceError as exc:
        return exc, _state(Path(db))
    return None


def _state(db: Path) -> tuple:
    """The version the store names and whether that file is there, as it was."""
    version = versions.current(db)
    try:
        stat = version.stat()
    except FileNotFoundError:
        return str(version), None
    return str(version), stat.st_size, stat.st_mtime_ns


@st.cache_resource(max_entries=8)
def _open(version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per version file (the current one, pinned
    ones, and those sessions still read until their next rerun): keyed on
    the file, so a store copy or another store never gets this one."""
    return connect(Path(version), read_only=True)


_FILE = "_version_file"


def version_file() -> Path:
    """The published version this session reads during this run. Raises
    the store's refusal (`SourceError`, in Dutch) when there is none."""
    chosen = st.session_state.get(_FILE)
    if chosen and Path(chosen).exists():
        return Path(chosen)
    db = db_path()
    refused = _ready(str(db), None if versions.current(db).exists() else _state(db))
    if refused is not None and refused[1] != _state(db):   # the store changed since: once more
        refused = _ready(str(db), _state(db))
    if refused is not None:
        raise refused[0].with_traceback(None)
    return versions.current(db)


def connection() -> duckdb.DuckDBPyConnection:
    return _open(str(version_file()))


def snapshot_connection(snapshot_id: str) -> duckdb.DuckDBPyConnection:
    return _open(str(snapshots.path(snapshot_id).resolve()))


SNAPSHOT_KEY = "momentopname"


def pin() -> bool:
    """Pin the version this session reads as a meeting snapshot and view it
    (a callback's work); a pin that cannot be written (a full disk) or that
    would pass the pins' size cap (`snapshots.Limits`) is said in Dutch and
    changes nothing. Whether it was pinned."""
    try:
        cap = auth.deployment_limits(snapshots.Limits)
        st.session_state[SNAPSHOT_KEY] = snapshots.create(connection(), data_version(), cap)
    except SourceError as exc:
        st.error(f"De momentopname werd niet gemaakt: {exc}", icon=":material/error:")
        return False
    return True


def active_snapshot() -> str | None:
    """The snapshot this session views, if any (set by ui.share)."""
    return st.session_state.get(SNAPSHOT_KEY) or None


def version_label() -> str:
    """How a handout or report names the figures it carries: the meeting
    snapshot the session views (its link reopens them), else the data
    version, said to be not pinned (no link reopens it once newer data come)."""
    pinned = active_snapshot()
    return (f"momentopname {pinned}" if pinned
            else f"gegevensversie {snapshots.snapshot_id(data_version())[9:]} (niet vastgezet)")


_VERSION = "_data_version"


def begin_run() -> None:
    """Pick the published version and read its data version once per script
    run (app.py calls this first); every query of the run is cached under
    it. Says so when new data was published since the session's last run."""
    before = st.session_state.pop(_FILE, None), st.session_state.pop(_VERSION, None)
    now = version_file()
    st.session_state[_FILE] = str(now)
    st.session_state[_VERSION] = data_version()
    if (before[0] not in (None, str(now)) and _data_part(before[1]) != _data_part(st.session_state[_VERSION])
            and not active_snapshot()):
        st.toast(f"Nieuwe gegevens sinds {versions.published_at(now):%d/%m/%Y %H:%M}", icon=":material/update:")


def data_version() -> str:
    """Identifies the data behind every figure, part of each cache key: the
    store file read and its data version (`<file>#<version>`). A copy of a
    store is another store: it never shares a cached result with the
    original, though their data versions agree."""
    if _VERSION in st.session_state:
        return st.session_state[_VERSION]
    snapshot = active_snapshot()
    if snapshot:
        return f"{snapshots.path(snapshot).resolve()}#momentopname:{snapshot}"
    return f"{version_file()}#{run_query(connection(), 'data_version').iat[0, 0]}"


def _data_part(version: str | None) -> str | None:
    """The data version without the file (a plain store adopted as a version is the same data)."""
    return None if version is None else version.rpartition("#")[2]


def run(name: str, **params) -> pd.DataFrame:
    """Result of `queries/sql/<name>.sql`, kept once for every session and
    handed out `unshared`: the caller's to change. (Kept as data, i.e.
    pickled, every call unpickled a copy: the municipalities table the
    filters read several times a run cost about 20 ms each time.)"""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return unshared(_cached(name, digest(frozen), data_version(), active_snapshot(), _frozen=frozen))


def digest(key: tuple) -> str:
    """A cache key's short stand-in. Streamlit's own hasher walks a tuple
    element by element (about 8 ms for a key with Flanders' 300 codes, on
    every lookup); the key's repr through blake2b costs 0,05 ms. For keys of
    strings, numbers, None and tuples of them, whose repr determines them."""
    return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=2000)
def _cached(name: str, key: str, version: str, snapshot: str | None, _frozen: tuple = ()) -> pd.DataFrame:
    # `_frozen` (the parameters) is not hashed: `key` is its digest.
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in _frozen}
    con = snapshot_connection(snapshot) if snapshot else connection()
    return run_query(con, name, **params)


def computed(func, *args, **kwargs):
    """`func(*args, **kwargs)` cached per data version: for a pure function
    of query results that costs time and whose inputs often repeat across
    reruns (e.g. an area's figures of every year, which a year change leaves
    alone). Like `run`, a copy for the caller."""
    return _computed(func, _identity(func), args, kwargs, data_version(), active_snapshot())


def keyed(key: tuple, func, *args, **kwargs):
    """`func(*args, **kwargs)` computed once per data version and `key`
    (codes, years: cheap to hash), which must determine the arguments (e.g.
    the query results of those codes): hashing a DataFrame for a cache key
    costs about 3 ms, more than many transforms. The result is kept once
    for every session and handed out `unshared` (unpickling a copy per run,
    as `computed` does, cost as much again)."""
    return unshared(_shared(partial(_call, func, args, kwargs), _identity(func), digest(key), data_version(),
                            active_snapshot()))


def per_version(func):
    """Decorator: `func(*args)` (arguments cheap to hash: codes, names)
    computed once per data version (`keyed`), e.g. lists and dicts the
    shared filters derive from a query on every run."""
    @wraps(func)
    def once(*args):
        return keyed(args, func, *args)
    return once


# Items a container may hold and still be handed out as a plain copy (none of them can change).
PLAIN = frozenset({str, int, float, bool, type(None), bytes, np.str_, np.int64, np.float64, np.bool_})


def unshared(value):
    """A value kept once for every session, as one session may change it
    without changing anyone else's: frames and series as a shallow copy
    (pandas copies on write, so no data is copied unless it is changed),
    arrays as a read-only view, containers of plain items as a plain copy
    (a dict of 600 names: a few µs), other containers and dataclasses
    rebuilt around their items so handed out; anything else (frozen data)
    as it is."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, dict):
        return dict(value) if _plain(value.values()) else {k: unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(value) if _plain(value) else [unshared(v) for v in value]
    if isinstance(value, tuple):
        if _plain(value):
            return value
        items = [unshared(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: unshared(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _plain(items) -> bool:
    return set(map(type, items)) <= PLAIN


def _call(func, args: tuple, kwargs: dict):
    return func(*args, **kwargs)


# The note a visitor sees while a page's figures are built (`building`).
BUILDING = "Cijfers berekenen…"


def building():
    """The note "Cijfers berekenen…" while a page runs, shown only when the
    run takes longer than half a second (a first visit at Flanders' scale):
    app.py wraps the page's run in it, once. Not the caches' own spinner:
    Streamlit starts a timer thread and sends a message for it at every
    miss, and a year first visited misses some twenty entries: their
    threads and messages, each waiting for the interpreter, were a sixth of
    such a rerun's time (py-spy, Gemeentefiche)."""
    return st.spinner(BUILDING)


@st.cache_resource(show_spinner=False, max_entries=500)
def _shared(_func, identity: tuple, key: str, version: str, snapshot: str | None):
    # `_func` is not hashed; `identity` and `key` stand for it and its arguments.
    return _func()


def figure(builder, *args, key: tuple | None = None, **kwargs) -> go.Figure:
    """`builder(*args, **kwargs)` (a chart builder) cached per data version,
    for charts a filter change does not touch (e.g. the yearly series when
    another year is chosen); under `key` instead of the arguments when
    given (see `keyed`). Kept as the figure's dict and handed out as a new
    Figure that plotly does not validate again (it did when the chart was
    built; validating costs as much as building): callers may change it."""
    as_dict = partial(_as_dict, builder)
    if key is None:
        spec = _computed(as_dict, ("figure", *_identity(builder)), args, kwargs, data_version(), active_snapshot())
    else:
        spec = _shared(partial(_call, as_dict, args, kwargs), ("figure", *_identity(builder)), digest(key),
                       data_version(), active_snapshot())
    return go.Figure(spec, _validate=False)


def _as_dict(builder, *args, **kwargs) -> dict:
    return builder(*args, **kwargs).to_dict()


def _identity(func) -> tuple:
    """Which function a cache entry belongs to. Its qualified name is not
    enough: a page script runs as `__main__`, so two pages' `export` (or
    two lambdas of one page) share `__main__.export`; where its code was
    written tells them apart. A partial is its function's (its bound
    arguments belong to the key, as any argument of `keyed`)."""
    func = getattr(func, "func", func)
    code = getattr(func, "__code__", None)
    # Not `getattr(func, "__qualname__", repr(func))`: that writes out the repr of every function, and a
    # bound method's is its object's (a page model's frames: a fifth of a Kansengroepen rerun).
    name = getattr(func, "__qualname__", None) or repr(func)
    return getattr(func, "__module__", None), name, code and code.co_filename, code and code.co_firstlineno


@st.cache_data(show_spinner=False, max_entries=500)
def _computed(_func, identity: tuple, args: tuple, kwargs: dict, version: str, snapshot: str | None):
    # `_func` is not hashed (Streamlit cannot hash a function); `identity` stands for it.
    return _func(*args, **kwargs)


def meta(indicator: str) -> dict:
    """Label, unit, quality and provenance of an indicator (a copy)."""
    return dict(_metas(data_version(), active_snapshot())[indicator])


def metas() -> dict[str, dict]:
    """Every indicator's metadata by name (`unshared`)."""
    return unshared(_metas(data_version(), active_snapshot()))


def is_modelled(indicator: str) -> bool:
    """Whether the indicator is registered as modelled (for queries that
    return no quality column of their own)."""
    return _metas(data_version(), active_snapshot())[indicator]["quality"] == "modelled"


@st.cache_resource(max_entries=20)
def _metas(version: str, snapshot: str | None) -> dict[str, dict]:
    """Every indicator's metadata by name, once per data version. A resource
    (shared, not copied): a page asks for a dozen source lines per run, and
    unpickling the cached table for each cost a tenth of the run. `meta`
    hands out copies, so nobody changes the shared dicts."""
    rows = _cached("indicator_meta", digest(()), version, snapshot)
    return {row["indicator"]: row for row in rows.to_dict("records")}
