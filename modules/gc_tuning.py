"""Python's garbage collector, set once for a server that redraws hundreds of phones at once.

Why: a step change makes every phone rerun its page within a second or two. Each run allocates
thousands of short-lived containers, so with Python's defaults (a young collection every 700
allocations, a full one every 100 young ones) the collector ran about ten full collections per
2,400 redraws, each walking every object of the process (Streamlit, pandas, Plotly, the catalog:
~0.2 s each) while every phone waited. Two changes, made here and nowhere else:

- ``gc.freeze()`` once the server has started and the catalog is loaded: what exists then lives
  as long as the process, so later collections no longer walk it;
- a young-generation threshold of ``YOUNG_THRESHOLD``: a redraw's garbage is mostly freed by
  reference counting; collecting cycles every few redraws instead of several times per redraw
  costs the same memory bound and far less CPU (``benchmarks/RESULTS.md``, issue 17).

Streamlit's own ``runner.postScriptGC`` (a full collection after every run) stays off in
``.streamlit/config.toml``.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

__all__ = ["YOUNG_THRESHOLD", "tune_for_serving"]

YOUNG_THRESHOLD = 50_000
"""Allocations (minus frees) between two young collections; Python's default is 700."""

_lock = threading.Lock()
_tuned = False


def tune_for_serving(load: Callable[[], object] = lambda: None) -> bool:
    """Once per process: run ``load`` (what the server keeps for good: the catalog), then
    freeze everything alive and raise the young threshold. ``True`` the first time only."""
    global _tuned
    if _tuned:
        return False
    with _lock:
        if _tuned:
            return False
        load()
        gc.collect()  # what start-up left as garbage is not frozen with the rest
        gc.freeze()
        _young, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
        _tuned = True
    return True
