"""The form where an instance key (admin, creation) is typed: never in a URL, checked by
``modules.access`` (which slows repeated failures), kept only in this browser tab."""

from __future__ import annotations

import math

import streamlit as st

from modules import access
from modules.access import KeyCheck, Role
from modules.i18n import Lang, t
from modules.ui import state

__all__ = ["key_form"]


def key_form(
    role: Role, lang: Lang, *, label: str, button: str, wrong: str, help: str = ""
) -> bool:
    """Draw the key form; ``True`` in the run where the right key was typed."""
    with st.form(f"key-{role}"):
        typed = st.text_input(t(lang, label), type="password", help=t(lang, help) if help else None)
        if not st.form_submit_button(t(lang, button)):
            return False
    outcome, wait = access.check_instance_key(state.settings(), role, typed, state.browser_key())
    if outcome is KeyCheck.OK:
        return True
    if outcome is KeyCheck.WRONG:
        st.error(t(lang, wrong))
    if wait > 0:
        st.warning(t(lang, "key_wait", seconds=math.ceil(wait)))
    return False
