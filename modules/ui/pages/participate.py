"""The participant's phone: type a code (or arrive by link/QR), then answer the current step.

The page follows the facilitator by itself: the server reruns it when the session's
``state_version`` moves (``state.follow``); where it cannot push, a small fragment polls the
in-process ``VersionBoard`` once a second and reruns the page when the version moved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from modules import pacing, room, takehome, timer
from modules.catalog import Workshop
from modules.highlight import group_summary, on_phone, shared_result, summary_html
from modules.i18n import Lang, t
from modules.identity import digest
from modules.kinds import AnswerRejected, ExerciseBase, kind_of
from modules.kinds.base import AskContext, StepView
from modules.ratelimit import TooManyAttempts, find_session_guarded
from modules.snapshots import session_workshop
from modules.store import LOBBY, SessionInfo
from modules.ui import state, widget_guard
from modules.ui.page import frame, script
from modules.votes import Ballot


def render() -> None:
    code = state.query("code")
    try:
        session = _find(code) if code else None
        refusal = "join_unknown_code" if code is not None and session is None else None
    except TooManyAttempts:
        session, refusal = None, "join_too_many_attempts"
    # The session's language first: a phone set to English must not put French words into an
    # English chart. The switch stays for whoever reads the other language better.
    lang = state.session_language(session.lang) if session else state.language()
    frame(lang, "phone")
    state.language_switch(lang)
    if session is None:
        _join_form(lang, refusal=refusal)
        return
    workshop = session_workshop(state.store(), state.catalog(), session)
    if workshop is None or session.archived:
        st.info(t(lang, "join_archived"))
        if workshop is not None:
            _take_home_after_the_end(session, workshop, lang)
        return
    refused = _arrive(session)  # a participant row only comes with the first answer
    if refused:
        st.error(t(lang, refused))
        return
    participant_id = _participant(session)
    state.seen_version("participant", session.state_version)
    if not state.follow(session.id, session.state_version):
        _follow(session.id)  # no server push here (AppTest): poll once a second
    if session.self_paced:
        index, open_steps = _own_pace_position(session, participant_id)
    else:
        index, open_steps = session.current_step, None
    _current_step(session, workshop, participant_id, lang, index)
    if open_steps is not None and index is not None:
        _own_pace_buttons(index, open_steps, lang)
    _take_home(session, workshop, _participant(session), lang)


def _arrive(session: SessionInfo) -> str | None:
    """Whether this phone may follow (``modules.room``); counted among the phones online."""
    token = state.participant_token()
    refused = room.arrival(state.store(), state.settings(), session, state.visitor(), token)
    if refused is None:
        state.present(session.id, answered=_participant(session) is not None)
    else:
        state.absent()
    return refused


def _participant(session: SessionInfo) -> int | None:
    """This phone's participant id once it answered; ``None`` before its first answer."""
    return room.known_participant(
        state.store(), session, state.visitor(), state.participant_token()
    )


def _find(typed: str | None) -> SessionInfo | None:
    """Wrong codes are counted so they cannot be enumerated (``modules.ratelimit``)."""
    return find_session_guarded(state.store(), typed, state.browser_key(), token=state.query("p"))


def _join_form(lang: Lang, *, refusal: str | None) -> None:
    st.title(t(lang, "join_heading"))
    st.caption(t(lang, "join_intro"))
    if refusal:
        st.error(t(lang, refusal))
    with st.form("join"):
        typed = st.text_input(
            t(lang, "join_code_label"), placeholder=t(lang, "join_code_placeholder"), max_chars=12
        )
        if st.form_submit_button(t(lang, "join_button"), type="primary", width="stretch"):
            try:
                session = _find(typed)
            except TooManyAttempts:
                st.error(t(lang, "join_too_many_attempts"))
                return
            if session is None:
                st.error(t(lang, "join_unknown_code"))
            else:
                st.query_params["code"] = session.code
                st.rerun()


@st.fragment(run_every=1.0)
def _follow(session_id: int) -> None:
    """Costs a dictionary read per second until the facilitator moves; then redraws the page."""
    current, _answers = state.board().get(session_id)
    if current != state.seen_version("participant"):
        st.rerun(scope="app")


# Streamlit keeps the scroll position across reruns; its page scrolls in ``stMain`` (older
# versions: the window). The step number makes each move's script new, so it runs again.
_SCROLL_TOP = """/* step __STEP__ */(function(){var d=document;
[d.querySelector('[data-testid="stMain"]'),d.scrollingElement].forEach(function(e){
if(e)e.scrollTo({top:0});});window.scrollTo(0,0);})();"""


def _own_pace_position(
    session: SessionInfo, participant_id: int | None
) -> tuple[int | None, list[int]]:
    """Self-paced: the open step this phone is on (kept in its URL), and every open step."""
    store = state.store()
    steps = pacing.open_steps(store, session)
    asked = state.query("step")
    requested = int(asked) - 1 if asked and asked.isdigit() else None
    answered = store.participant_answers(session.id, participant_id) if participant_id else {}
    index = pacing.position(requested, steps, answered)
    if index is not None and index != requested:
        state.set_query("step", str(index + 1))  # pinned: answering does not move the phone
    return index, steps


def _own_pace_buttons(index: int, steps: list[int], lang: Lang) -> None:
    before, after = pacing.neighbours(index, steps)
    back, forward = st.columns(2)
    moves = {
        before: back.button(
            t(lang, "pace_previous"), disabled=before is None, key="pace-back", width="stretch"
        ),
        after: forward.button(
            t(lang, "pace_next"),
            disabled=after is None,
            key="pace-forward",
            type="primary",
            width="stretch",
        ),
    }
    for target, pressed in moves.items():
        if pressed and target is not None:
            state.set_query("step", str(target + 1))
            st.session_state["scroll-to-top"] = target
            st.rerun()
    moved_to = st.session_state.pop("scroll-to-top", None)
    if moved_to is not None:  # the new question starts at the top of the screen
        script(_SCROLL_TOP.replace("__STEP__", str(moved_to)))


def _current_step(
    session: SessionInfo,
    workshop: Workshop,
    participant_id: int | None,
    lang: Lang,
    index: int | None,
) -> None:
    store = state.store()
    if index is None or index == LOBBY:
        st.title(t(lang, "waiting_title"))
        st.write(t(lang, "waiting_body"))
        st.caption(t(lang, "anonymous_note"))
        return
    exercise = state.catalog().exercise_for(workshop, index)
    step = store.step_state(session.id, index)
    st.caption(t(lang, "step_of", n=index + 1, total=session.step_count))
    running = timer.countdown(session)
    if running is not None and index == session.current_step:
        st.html(
            timer.countdown_html(running, t(lang, "timer_done"), size="small"),
            unsafe_allow_javascript=True,
        )
    st.subheader(exercise.title(lang))
    st.markdown(exercise.prompt(lang))
    if exercise.help:
        st.caption(exercise.help(lang))
    current = store.answer(session.id, index, participant_id) if participant_id else None
    kind = kind_of(exercise)
    if step.is_open and kind.answerable(exercise):
        with widget_guard.refusing_bad_numbers(lambda: st.error(t(lang, "bad_number"))):
            current = _answer_form(session, exercise, index, current, lang)
        st.caption(t(lang, "anonymous_note"))
    elif not step.is_open:
        st.info(t(lang, "step_closed_info"))
        if kind.answerable(exercise):
            _show_own_answer(exercise, current, lang)
    ballot = None
    if kind.takes_votes:
        visitor, token = state.visitor(), state.participant_token()
        ballot = Ballot(
            store,
            state.catalog(),
            workshop,
            session,
            index,
            participant_id,
            lang,
            join=lambda: room.join_to_vote(store, state.settings(), session, visitor, token),
        )
    view = StepView(lang, step.is_open, step.revealed, key=f"s{session.id}-step{index}")
    kind.phone_extra(st, exercise, replace(view, own=current, ballot=ballot))
    if current is not None and on_phone(exercise, step):
        _me_vs_group(session, workshop, exercise, index, current, lang)


def _me_vs_group(
    session: SessionInfo,
    workshop: Workshop,
    exercise: ExerciseBase,
    index: int,
    current: Any,
    lang: Lang,
) -> None:
    """The group's result, this person's own answer marked: only here, only for them."""
    result = shared_result(state.store(), state.catalog(), workshop, session, index, lang)
    if result.table is None:
        if result.missing:
            st.caption(t(lang, "projector_needs_more", n=result.missing))
        return
    rows = group_summary(exercise, result.table, current, lang)
    if not rows:
        return
    st.markdown(f"**{t(lang, 'me_group_heading', n=result.answers)}**")
    st.html(summary_html(rows, t(lang, "me_you")))
    marked = any(row.mine or row.marker is not None for row in rows)
    st.caption(t(lang, "me_marked" if marked else "me_not_marked"))


def _take_home(
    session: SessionInfo, workshop: Workshop, participant_id: int | None, lang: Lang
) -> None:
    """At the end (last step, or any time when self-paced), one file to keep."""
    at_the_end = session.self_paced or session.current_step == session.step_count - 1
    if participant_id is None:
        return
    if at_the_end and state.store().participant_answers(session.id, participant_id):
        _take_home_button(session, workshop, participant_id, lang)


def _take_home_after_the_end(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    token = state.query("p")
    store = state.store()
    found = store.participant_id(session.id, digest(token)) if token else None
    # A phone that never had an answer kept (a refused one, a vote) has nothing to take home.
    if found is not None and store.participant_answers(session.id, found):
        _take_home_button(session, workshop, found, lang)


def _take_home_button(
    session: SessionInfo, workshop: Workshop, participant_id: int, lang: Lang
) -> None:
    store, catalog = state.store(), state.catalog()

    def document() -> bytes:
        steps = takehome.takehome_steps(store, catalog, workshop, session, participant_id, lang)
        return takehome.takehome_html(steps, workshop, session, lang).encode("utf-8")

    st.divider()
    st.caption(t(lang, "takehome_offer"))
    st.download_button(
        t(lang, "takehome_button"),
        document,
        file_name=f"{t(lang, 'takehome_file')}-{session.code}.html",
        mime="text/html",
        on_click="ignore",
        key="take-home",
        width="stretch",
    )


def _answer_form(
    session: SessionInfo, exercise: ExerciseBase, index: int, current: Any, lang: Lang
) -> Any:
    """Draw the form; on a send, save and acknowledge in this same run (no second run per
    answer: at a room's "go" that halves the server's work). Returns the answer now stored.

    The send button's click is known before the button is drawn (its keyed state), so the
    answer is saved first and the button already reads "update" in the run that saved it.
    """
    kind = kind_of(exercise)
    settings = state.settings()
    send_key = f"send-s{session.id}-step{index}"
    outcome: str | AnswerRejected | None = None

    def save(raw: Any) -> None:
        nonlocal current, outcome
        try:
            current, _ = room.answer(
                state.store(),
                settings,
                session,
                exercise,
                index,
                state.visitor(),
                state.participant_token(),
                raw,
                state.answer_rate(),
            )
            state.present(session.id, answered=True)
            outcome = "answer_saved"
        except AnswerRejected as rejected:
            outcome = rejected

    with st.form(f"answer-{index}", border=True):
        raw = kind.ask(
            st,
            exercise,
            AskContext(
                lang=lang,
                current=current,
                max_chars=settings.max_answer_chars,
                key=f"s{session.id}-step{index}",
            ),
        )
        if st.session_state.get(send_key):
            save(raw)
        label = t(lang, "update_answer" if current is not None else "submit_answer")
        # A key keeps the button the same widget when its label turns to "update": otherwise a
        # send from a tab that had not seen the first answer yet is silently dropped.
        sent = st.form_submit_button(label, type="primary", width="stretch", key=send_key)
    if sent and outcome is None:  # the click was not known in advance: save it now
        save(raw)
    if isinstance(outcome, AnswerRejected):
        st.error(t(lang, outcome.key, **outcome.values))
    elif outcome is not None:
        st.success(t(lang, outcome))
    elif current is not None:
        st.success(t(lang, "answer_saved_change"))
    return current


def _show_own_answer(exercise: ExerciseBase, current: Any, lang: Lang) -> None:
    if current is None:
        st.caption(t(lang, "not_answered"))
        return
    st.markdown(f"**{t(lang, 'your_answer')}**")
    state.text(kind_of(exercise).describe(exercise, current, lang))
