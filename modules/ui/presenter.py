"""The parts of the console's presenter view: the step, notes, texts to moderate, the live
screen (thumbnail, phones online, agenda) and the exports."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from modules import access, live, moderation, pacing
from modules.catalog import Workshop
from modules.export import aggregate_table, tidy_table, to_csv, to_xlsx
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase, kind_of
from modules.kinds.base import StepView
from modules.store import LOBBY, SessionInfo
from modules.store.tables import utcnow
from modules.ui import room, stage, state
from modules.ui.facilitator import facilitator_page_url

__all__ = [
    "exports",
    "is_live",
    "live_steps",
    "moderation_panel",
    "notes",
    "screen",
    "step_heading",
    "thumbnail",
]

AGENDA_PX = 350  # what a 1440×900 laptop leaves under the thumbnail and the counts
AGENDA_ROW_PX = (21, 28)  # rows shrink to fit a long workshop, never below a readable 21 px


def agenda_row_px(steps: int) -> int:
    """The tallest row that keeps every step (and the header) in ``AGENDA_PX``."""
    low, high = AGENDA_ROW_PX
    return max(low, min(high, (AGENDA_PX - 3) // (steps + 1)))


def is_live(workshop: Workshop, index: int) -> bool:
    """Whether step ``index`` shows its results from the start (``reveal: live``)."""
    if not 0 <= index < len(workshop.steps):
        return False
    return live.reveals_live(state.catalog().exercise_for(workshop, index))


def live_steps(workshop: Workshop) -> list[int]:
    return [index for index in range(len(workshop.steps)) if is_live(workshop, index)]


def step_heading(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    index = session.current_step
    badges = [t(lang, "console_privacy", n=session.privacy_threshold)]
    if session.self_paced:
        badges.append(t(lang, "console_self_paced"))
    if index == LOBBY:
        st.subheader(t(lang, "console_lobby_title"))
        st.caption(" · ".join([t(lang, "console_lobby_body"), *badges]))
        return
    exercise = state.catalog().exercise_for(workshop, index)
    step = state.store().step_state(session.id, index)
    st.subheader(
        f"{t(lang, 'step_of', n=index + 1, total=session.step_count)} — {exercise.title(lang)}"
    )
    opened = t(lang, "console_state_open" if step.is_open else "console_state_closed")
    st.caption(" · ".join([opened, *badges]))


def notes(exercise: ExerciseBase, lang: Lang) -> None:
    """The speaker notes, open on the page (no click to read them)."""
    speaker = exercise.notes
    if speaker is None:
        return
    with st.container(border=True, key="speaker-notes"):
        st.markdown(f"**{t(lang, 'console_notes')}**")
        if speaker.launch:
            st.markdown(f"**{t(lang, 'console_notes_launch')}** — {speaker.launch(lang)}")
        if speaker.chart:
            st.markdown(f"**{t(lang, 'console_notes_chart')}** — {speaker.chart(lang)}")
        if speaker.debrief:
            st.markdown(f"**{t(lang, 'console_notes_debrief')}**")
            st.markdown("\n".join(f"- {question(lang)}" for question in speaker.debrief))


def thumbnail(session: SessionInfo, lang: Lang) -> None:
    """The projector page itself, in a frame drawn at 1280 × 720 and shrunk: exactly what the
    room sees, live. Drawn outside the refreshing part so the frame is never reloaded. It opens
    with the projector's own view-only token, as the room's screen does."""
    view = access.current_projector_token(state.store(), session, state.query("key") or "")
    query = urlencode({"code": session.code, "view": view, "lang": lang})
    with st.container(key="thumb-frame"):
        st.iframe(f"/projector?{query}&thumb=1", width=1280, height=720, tab_index=-1)


@st.fragment(run_every=2.0)
def screen(session_id: int, workshop: Workshop, lang: Lang) -> None:
    """What the projector shows (in words), who is here, and where we are."""
    store = state.store()
    session = store.session(session_id)
    if session is None:
        return
    if session.state_version != state.seen_version("console"):
        st.rerun(scope="app")
    showing, _ = stage.shows(session, workshop, lang)
    st.html(
        f'<div class="ws-shows">{_e(t(lang, "console_projector_shows"))} '
        f"{_e(t(lang, showing.message_key, n=showing.missing))}</div>"
    )
    joined, per_step = store.counts(session_id)
    index = session.current_step
    if index != LOBBY:
        _kind_part(session, workshop, lang)
    online, came, answered = st.columns(3)
    online.metric(t(lang, "console_joined"), state.online(session_id))
    came.metric(t(lang, "console_came"), room.joined(session_id, participants=joined))
    answered.metric(t(lang, "console_answered"), per_step.get(index, 0) if index != LOBBY else "—")
    _agenda(session, workshop, per_step, lang)


def _kind_part(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    """What the facilitator needs beyond the notes, from the kind: a talk's rounds, a quiz's
    answer (``Kind.console_html``)."""
    index = session.current_step
    exercise = state.catalog().exercise_for(workshop, index)
    step = state.store().step_state(session.id, index)
    view = StepView(
        lang, step.is_open, step.revealed, session.timer_started_at, session.timer_ends_at, utcnow()
    )
    own_part = kind_of(exercise).console_html(exercise, view)
    if own_part is not None:
        st.html(own_part)


def _agenda(session: SessionInfo, workshop: Workshop, per_step: dict[int, int], lang: Lang) -> None:
    """Every step at once, the current one marked: no row hidden behind a scroll bar."""
    catalog, index = state.catalog(), session.current_step
    steps = range(len(workshop.steps))
    agenda = pd.DataFrame(
        {
            "#": [("▶ " if i == index else "") + str(i + 1) for i in steps],
            t(lang, "console_agenda"): [
                catalog.exercise_for(workshop, i).title(lang) for i in steps
            ],
            "min": [workshop.steps[i].minutes for i in steps],
            t(lang, "console_answers_short"): [per_step.get(i, 0) for i in steps],
        }
    )
    columns = {}
    if session.self_paced:
        progress = pacing.progress(state.store(), session)
        agenda[t(lang, "console_open_column")] = [p.is_open for p in progress]
        agenda[t(lang, "console_progress")] = [p.share for p in progress]
        columns[t(lang, "console_progress")] = st.column_config.ProgressColumn(
            format="percent", min_value=0.0, max_value=1.0
        )
    st.dataframe(
        agenda,
        hide_index=True,
        width="stretch",
        height=agenda_row_px(len(agenda)) * (len(agenda) + 1) + 3,
        row_height=agenda_row_px(len(agenda)),
        column_config=columns,
        key="agenda",
    )


@st.fragment(run_every=3.0)
def moderation_panel(session_id: int, index: int, workshop: Workshop, lang: Lang) -> None:
    """The step's free texts, each with one click to hide it from every screen (or show it)."""
    store = state.store()
    session = store.session(session_id)
    if session is None or session.current_step != index:
        return
    exercise = state.catalog().exercise_for(workshop, index)
    texts = moderation.free_texts(
        exercise,
        (answer.value for answer in store.step_answers(session_id, index)),
        store.step_state(session_id, index).hidden_items,
        moderation.banned_words(state.settings()),
    )
    if not texts:
        return
    hidden = sum(item.hidden for item in texts)
    with st.expander(t(lang, "moderation_heading", n=len(texts), hidden=hidden), expanded=True):
        st.caption(t(lang, "moderation_help"))
        with st.container(height=min(420, 60 + 48 * len(texts))):
            for item in texts:
                words, state_col, action = st.columns([5, 2, 2], vertical_alignment="center")
                with words:
                    state.text(item.text)
                notes_ = [t(lang, "moderation_count", n=item.count)]
                if item.flagged:
                    notes_.append(t(lang, "moderation_flagged"))
                if item.hidden:
                    notes_.append(t(lang, "moderation_hidden"))
                state_col.caption(" · ".join(notes_))
                label = "moderation_show" if item.hidden else "moderation_hide"
                if action.button(
                    t(lang, label), key=f"moderate-{index}-{_digest(item.key)}", width="stretch"
                ):
                    moderation.set_hidden(store, session, index, item.text, not item.hidden)
                    st.rerun()


def exports(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    store, catalog = state.store(), state.catalog()

    def answers_csv() -> bytes:
        answers = store.session_answers(session.id)
        hidden = store.hidden_items(session.id)
        return to_csv(tidy_table(session, workshop, catalog, answers, hidden, lang=lang))

    def results_table() -> pd.DataFrame:
        answers, hidden = store.session_answers(session.id), store.hidden_items(session.id)
        votes = store.session_votes(session.id)
        return aggregate_table(session, workshop, catalog, answers, lang, hidden, votes)

    st.markdown(f"**{t(lang, 'console_export')}**")
    results = f"[{t(lang, 'console_results_page')}]({facilitator_page_url(session, 'results')})"
    st.markdown(f"{results} · [{t(lang, 'nav_sessions')}](sessions)")
    every, csv, xlsx = st.columns(3)
    every.download_button(
        t(lang, "console_export_answers"),
        answers_csv,
        file_name=f"{session.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
    )
    csv.download_button(
        t(lang, "console_export_aggregate"),
        lambda: to_csv(results_table()),
        file_name=f"{session.code}-results.csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
    )
    xlsx.download_button(
        t(lang, "console_export_xlsx"),
        lambda: to_xlsx(results_table(), lang),
        file_name=f"{session.code}-results.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        width="stretch",
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _e(text: str) -> str:
    import html

    return html.escape(text)
