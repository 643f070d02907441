"""The workshop editor: start from a shipped workshop, a saved one, a blank one or a file; edit
steps and exercises in French and English; check, preview, save a version, download as YAML.

Who may use it: whoever may create sessions (``authoring.access.may_author``).
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import streamlit as st

from modules import access
from modules.authoring import library
from modules.authoring.document import (
    to_yaml,
)
from modules.authoring.limits import LimitError
from modules.i18n import Lang, t
from modules.ui import editor_draft as ed
from modules.ui import keyring, state
from modules.ui.authoring import current_author
from modules.ui.editor_parts import (
    exercise_library,
    preview,
    step_form,
    steps_panel,
    workshop_panel,
)
from modules.ui.editor_start import start_panel
from modules.ui.form import plain

# The page is wide; the phone preview (a centred page in a frame of the same origin) would
# otherwise narrow it, so the width is also held here.
STYLE = """<style>
[data-testid="stMainBlockContainer"] { max-width: 100% !important; }
.editor-error { color: #b00020; font-size: 0.9rem; margin: -0.5rem 0 0.5rem; }
.st-key-editor-projector .stElementContainer { min-width: 0; overflow: hidden; }
.st-key-editor-projector iframe {
  zoom: 0.5; width: 100% !important; height: auto !important; aspect-ratio: 4 / 3;
}
</style>"""


def render() -> None:
    st.set_page_config(layout="wide")
    lang = state.language()
    state.language_switch(lang)
    st.html(STYLE)
    st.title(t(lang, "editor_heading"))
    author = _gate(lang)
    if author is None:
        return
    flash = state.pop_flash()
    if flash:
        getattr(st, flash[1])(t(lang, flash[0]))
    ed.sync()
    if ed.draft() is None:
        st.write(t(lang, "editor_intro"))
        start_panel(author, lang)
        return
    _toolbar(author, lang)
    left, right = st.columns([2, 3], gap="large")
    with left:
        workshop_panel(lang)
        steps_panel(lang)
        exercise_library(lang)
    with right:
        step_form(lang)
    preview(lang)


def _gate(lang: Lang):
    author = current_author(create_token=True)
    if author is not None:
        st.caption(
            t(
                lang,
                {"browser": "editor_as_browser", "creation_key": "editor_as_key"}.get(
                    author.via, "editor_as_admin"
                ),
            )
        )
        return author
    st.info(t(lang, "editor_key_needed"))
    with st.form("editor-key"):
        typed = st.text_input(t(lang, "editor_key_label"), type="password")
        if st.form_submit_button(t(lang, "editor_key_button")):
            role, wait = access.check_author_key(state.settings(), typed, state.browser_key())
            if role is not None:
                keyring.author_key((role, typed))
                st.rerun()
            st.error(t(lang, "editor_key_wrong"))
            if wait > 0:
                st.warning(t(lang, "key_wait", seconds=math.ceil(wait)))
    return None


def _toolbar(author, lang: Lang) -> None:
    document = ed.draft() or {}
    origin = state.editor_state().get("origin") or {}
    checked = ed.checked()
    title = document.get("workshop", {}).get("title", {})
    if origin.get("version"):
        shown = str(title.get(lang, "")) if isinstance(title, dict) else ""
        st.caption(plain(t(lang, "editor_editing", title=shown, version=origin["version"])))
    else:
        st.caption(t(lang, "editor_editing_new"))
    save, download, start, close = st.columns(4)
    if save.button(t(lang, "editor_save"), type="primary", key="editor-save", width="stretch"):
        try:
            version = library.save(state.store(), author, document, state.catalog())
        except library.NotValid as invalid:
            st.error(t(lang, "editor_not_saved", n=len(invalid.checked.errors)))
        except LimitError as full:
            st.error(t(lang, f"authoring_{full.key}", **full.values))
        else:
            state.editor_state()["origin"] = {"id": document["workshop"]["id"], "version": version}
            st.success(t(lang, "editor_saved", n=version))
    workshop_id = str(document.get("workshop", {}).get("id") or "workshop")
    download.download_button(
        t(lang, "editor_download"),
        to_yaml(document).encode("utf-8"),
        file_name=f"{workshop_id}.yaml",
        mime="application/x-yaml",
        on_click="ignore",
        key="editor-download",
        width="stretch",
    )
    origin = state.editor_state().get("origin") or {}  # a save just now gave it a version
    if origin.get("version"):
        start.link_button(
            t(lang, "editor_start_session"), _create_page(origin["id"]), width="stretch"
        )
    if close.button(
        t(lang, "editor_close"),
        key="editor-close",
        help=t(lang, "editor_close_unsaved"),
        width="stretch",
    ):
        ed.close()
        st.rerun()
    if checked.ok:
        st.success(t(lang, "editor_ok"))
    else:
        st.warning(t(lang, "editor_problems", n=len(checked.errors)))
    st.caption(t(lang, "editor_version_note"))


def _create_page(workshop_id: str) -> str:
    """The create page with this workshop chosen (and, when tokens scope authors, the token)."""
    query = {"workshop": f"mine:{workshop_id}"}
    token = keyring.author_token(create=False)
    if token and not keyring.author_key():
        query["author"] = token
    return f"facilitate?{urlencode(query)}"
