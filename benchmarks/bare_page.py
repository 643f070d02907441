"""Streamlit's own floor for the classroom benchmark: a title, a radio and a button.

``benchmarks/classroom_load.py`` serves this script with the app's flags and wakes every open
tab the way the app wakes its phones (``modules.ui.state._waker``: ``AppSession.request_rerun``
with the tab's last client state), so "server CPU per redraw" of the app can be read against
what Streamlit itself costs for the smallest interactive page, measured in the same run.

The wake comes from a file: its path is in ``BARE_PAGE_SIGNAL``; writing a new number into it
reruns every tab that drew the page once (one thread polls it every 50 ms; the benchmark
renames the new content into place, so a half-written file is never read).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import streamlit as st

from modules.ui.state import _waker


@cache
def _tabs() -> dict[str, Callable[[], bool]]:
    """Every tab that drew the page, woken whenever the signal file changes."""
    tabs: dict[str, Callable[[], bool]] = {}
    signal = Path(os.environ.get("BARE_PAGE_SIGNAL", "/nonexistent"))

    def watch() -> None:
        seen = None
        while True:
            time.sleep(0.05)
            try:
                now = signal.read_text()
            except OSError:
                continue
            if now and now != seen:  # written whole (renamed into place): never half
                if seen is not None:
                    for page_key, wake in list(tabs.items()):
                        if not wake():
                            tabs.pop(page_key, None)
                seen = now

    threading.Thread(target=watch, daemon=True, name="bare-page-waker").start()
    return tabs


if "woken" not in st.session_state:
    found = _waker()
    if found is not None:
        page_key, wake, _alive = found
        _tabs()[page_key] = wake
    st.session_state["woken"] = True

st.title("Bare page")
st.radio("Pick one", ["one", "two", "three"], key="pick")
st.button("Send", key="send")
