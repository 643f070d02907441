"""The phone's answer form: the kind's widgets, the send button, and the acknowledgement.

A send is saved and acknowledged in the run that receives it (no second run per answer: at a
room's "go" that halves the server's work), and the saved answer is kept in the phone's session
state for its next redraws (``state.keep_own_answer``), so they ask the database nothing.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules import room
from modules.i18n import Lang, t
from modules.kinds import AnswerRejected, ExerciseBase, kind_of
from modules.kinds.base import AskContext
from modules.store import SessionInfo
from modules.ui import state

__all__ = ["answer_form"]


def answer_form(
    session: SessionInfo, exercise: ExerciseBase, index: int, current: Any, lang: Lang
) -> Any:
    """Draw the form; a send is saved and acknowledged in this same run (the send button's
    keyed state is known before it is drawn, so it already reads "update"). Returns the answer
    now stored, kept for the next redraws (``state.keep_own_answer``)."""
    settings, key = state.settings(), f"s{session.id}-step{index}"
    outcome: str | AnswerRejected | None = None

    def save(raw: Any) -> None:
        nonlocal current, outcome
        try:
            token, visitor, rate = state.participant_token(), state.visitor(), state.answer_rate()
            current, participant = room.answer(
                state.store(), settings, session, exercise, index, visitor, token, raw, rate
            )
            state.keep_own_answer(session.id, participant, index, current)
            state.present(session.id, answered=True)
            outcome = "answer_saved"
        except AnswerRejected as rejected:
            outcome = rejected

    with st.form(f"answer-{index}", border=True):
        context = AskContext(
            lang=lang, current=current, max_chars=settings.max_answer_chars, key=key
        )
        raw = kind_of(exercise).ask(st, exercise, context)
        if st.session_state.get(f"send-{key}"):
            save(raw)
        label = t(lang, "update_answer" if current is not None else "submit_answer")
        # A key keeps the button the same widget when its label turns to "update": otherwise a
        # send from a tab that had not seen the first answer yet is silently dropped.
        sent = st.form_submit_button(label, type="primary", width="stretch", key=f"send-{key}")
    if sent and outcome is None:  # the click was not known in advance: save it now
        save(raw)
    if isinstance(outcome, AnswerRejected):
        st.error(t(lang, outcome.key, **outcome.values))
    elif outcome is not None or current is not None:
        st.success(t(lang, outcome or "answer_saved_change"))
    return current
