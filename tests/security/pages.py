"""The app's pages as ``workshop_app.py`` registers them, so access tests walk every one.

``st.navigation`` is swapped for a recorder while the entry script runs: a page added there is
walked by the tests without anyone listing it again.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable
from typing import Any

from modules import PROJECT_ROOT

__all__ = ["registered_pages", "run_page", "show_pages"]


def registered_pages() -> dict[str, tuple[str, Callable[[], Any]]]:
    """url path → (navigation section, page function). Call inside a Streamlit script run."""
    import streamlit as st

    found: dict[str, tuple[str, Callable[[], Any]]] = {}

    class _Recorded:
        def run(self) -> None:
            """The entry script runs the chosen page; here nothing runs."""

    def record(pages: Any, *args: Any, **kwargs: Any) -> _Recorded:
        sections = pages if isinstance(pages, dict) else {"": pages}
        for section, items in sections.items():
            for page in items:
                found[page._url_path] = (section, page._page)
        return _Recorded()

    original = st.navigation
    st.navigation = record
    try:
        runpy.run_path(str(PROJECT_ROOT / "workshop_app.py"), run_name="workshop_app")
    finally:
        st.navigation = original
    return found


def show_pages() -> None:
    """An AppTest script body: prints {url path: section} as JSON text."""
    import streamlit as st

    st.text(json.dumps({path: section for path, (section, _) in registered_pages().items()}))


def run_page(url_path: str) -> None:
    """An AppTest script body: runs one registered page."""
    registered_pages()[url_path][1]()
