"""Streamlit entry point: declares the pages, grouped by who uses them, and runs the chosen one.

Run with ``workshop serve`` (tuned settings) or ``streamlit run workshop_app.py``.
"""

import streamlit as st

from modules.gc_tuning import tune_for_serving
from modules.i18n import t
from modules.lifecycle import start_purge_schedule
from modules.ui import state
from modules.ui.pages import (
    console,
    editor,
    facilitate,
    participate,
    projector,
    results,
    sessions,
)


def run() -> None:
    tune_for_serving(state.catalog)  # the first run only: see modules/gc_tuning.py
    lang = state.language()
    st.set_page_config(page_title=t(lang, "app_title"), page_icon="🤝", layout="centered")
    page = st.navigation(
        {
            "participant": [
                st.Page(
                    participate.render, title=t(lang, "nav_join"), url_path="join", default=True
                ),
            ],
            "facilitator": [
                st.Page(facilitate.render, title=t(lang, "nav_facilitate"), url_path="facilitate"),
                st.Page(console.render, title=t(lang, "nav_console"), url_path="console"),
                st.Page(results.render, title=t(lang, "nav_results"), url_path="results"),
                st.Page(sessions.render, title=t(lang, "nav_sessions"), url_path="sessions"),
                st.Page(editor.render, title=t(lang, "nav_editor"), url_path="editor"),
            ],
            "projector": [
                st.Page(projector.render, title=t(lang, "nav_projector"), url_path="projector"),
            ],
        },
        position="hidden",
    )
    # The retention purge's thread: already running under `workshop serve`; started by the
    # first page run under a plain `streamlit run`. Never a purge inside a page run.
    start_purge_schedule(state.store(), state.settings())
    page.run()


run()
