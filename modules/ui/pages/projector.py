"""The projector: join code and QR while people arrive, then the current step's live result.

Meant for a second screen at the back of a room: large type, high contrast, nothing to click but
full screen (F, or the small button in the corner). The page fits any beamer without scrolling:
the chart takes the height the title and question leave. Results stay hidden until revealed (a
``reveal: live`` step starts revealed; hiding works on it too); below the privacy threshold
only the count shows; the facilitator can bring the big join screen back at any time.
"""

from __future__ import annotations

import streamlit as st

from modules.access import Action
from modules.catalog import Workshop
from modules.i18n import Lang, pick_language, t
from modules.service import find_session, participant_link
from modules.ui import keys, stage, state
from modules.ui.facilitator import authorised_session
from modules.ui.page import frame


def render() -> None:
    st.set_page_config(layout="wide")
    if _deleted():
        return
    found = authorised_session(Action.PROJECT)  # its own token: the console key never shows
    if found is None:
        return
    session, workshop, lang = found
    st.session_state["projected"] = (session.code, session.lang)
    frame(lang, "projector")
    if state.query("thumb") is None:  # the console's thumbnail has nothing to click
        keys.projector_keys(lang)
    state.seen_version("projector", session.state_version)
    _screen(session.id, workshop, lang)


@st.fragment(run_every=1.0)
def _screen(session_id: int, workshop: Workshop, lang: Lang) -> None:
    state_version, _answer_version = state.board().get(session_id)
    if state_version != state.seen_version("projector"):
        st.rerun(scope="app")
    session = state.store().session(session_id)
    if session is None:  # deleted meanwhile: the page says so
        st.rerun(scope="app")
    stage.draw(session, workshop, lang, url=participant_link(state.settings(), session))


def _deleted() -> bool:
    """A screen that showed this session here, whose session is gone: it says it was deleted
    (only to the tab that had the projector link, so a code cannot be probed this way)."""
    shown = st.session_state.get("projected")
    if shown is None or shown[0] != state.query("code"):
        return False
    if find_session(state.store(), shown[0]) is not None:
        return False
    lang = pick_language(state.query("lang"), shown[1])
    frame(lang, "projector")
    st.info(t(lang, "projector_deleted"))
    return True
