"""Python's cyclic garbage collector paused around the cross-document steps.

Those steps build millions of small, acyclic objects (mentions, index lists,
word sets) while the whole quote table is alive. Each of the collector's full
passes walks every live object, so with collection on, the steps slow down as
the corpus grows (half the actor step's time at 20,000 articles). Reference
counting still frees everything they drop; any cycle is collected once the
collector runs again.
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def gc_paused(fn: F) -> F:
    """`fn` runs with the cyclic collector off (restored after, as it was)."""
    @wraps(fn)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return run  # type: ignore[return-value]
