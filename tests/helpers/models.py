"""Stand-ins for a page model's `keyed` and query runner in tests that check
what a filter change builds or queries again."""
from __future__ import annotations


def memo():
    """A `keyed` that keeps one result per key, as `ui.data.keyed` does."""
    cache = {}

    def keyed(key, func, *args, **kwargs):
        if key not in cache:
            cache[key] = func(*args, **kwargs)
        return cache[key]
    return keyed


def counting(run, asked: list[str]):
    """`run` that appends the name of every query it runs to `asked`."""
    def counted(name, **params):
        asked.append(name)
        return run(name, **params)
    return counted
