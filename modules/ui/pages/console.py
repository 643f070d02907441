"""The facilitator's console: agenda, step controls, live counts, speaker notes, export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules import live, moderation, pacing, timer
from modules.catalog import Workshop
from modules.export import aggregate_table, tidy_table, to_csv
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase
from modules.results import result_for_step
from modules.store import LOBBY, SessionInfo
from modules.ui import state
from modules.ui.facilitator import (
    authorised_session,
    facilitator_page_url,
    session_links,
    show_links,
)


def render() -> None:
    found = authorised_session()
    if found is None:
        return
    session, workshop, lang = found
    state.language_switch(lang)
    state.seen_version("console", session.state_version)
    st.title(t(lang, "console_heading", title=workshop.title(lang)))
    _controls(session, workshop, lang)
    _timer(session, workshop, lang)
    if session.self_paced and st.button(t(lang, "console_open_all"), key="open-all"):
        pacing.open_all(state.store(), session)
        st.rerun()
    _live(session.id, workshop, lang)
    if session.current_step != LOBBY:
        _moderation(session.id, session.current_step, workshop, lang)
    if session.current_step != LOBBY:
        _notes(state.catalog().exercise_for(workshop, session.current_step), lang)
    _export(session, workshop, lang)
    with st.expander(t(lang, "join_code") + f" · {session.code}"):
        show_links(session_links(session), lang)


def _controls(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    store = state.store()
    index = session.current_step
    step = store.step_state(session.id, index) if index != LOBBY else None
    previous, following, opening, revealing = st.columns(4)
    actions = {
        "previous": previous.button(
            t(lang, "console_previous"), disabled=index <= LOBBY, width="stretch"
        ),
        "next": following.button(
            t(lang, "console_next"),
            type="primary",
            disabled=index >= session.step_count - 1,
            width="stretch",
        ),
        "toggle-open": opening.button(
            t(lang, "console_close" if step and step.is_open else "console_open"),
            disabled=step is None,
            width="stretch",
        ),
        "toggle-reveal": revealing.button(
            t(lang, "console_hide" if step and step.revealed else "console_reveal"),
            disabled=step is None,
            width="stretch",
        ),
    }
    if actions["previous"]:
        live.go_to_step(store, session, index - 1)
    elif actions["next"]:
        live.go_to_step(store, session, index + 1)
    elif actions["toggle-open"] and step:
        (live.close_step if step.is_open else live.open_step)(store, session)
    elif actions["toggle-reveal"] and step:
        live.set_revealed(store, session, not step.revealed)
    if any(actions.values()):
        st.rerun()
    if step is not None:
        exercise = state.catalog().exercise_for(workshop, index)
        badges = [
            t(lang, "console_state_open" if step.is_open else "console_state_closed"),
            t(
                lang,
                "console_state_revealed"
                if live.results_visible(exercise, step)
                else "console_state_hidden",
            ),
        ]
        st.subheader(
            f"{t(lang, 'step_of', n=index + 1, total=session.step_count)} — {exercise.title(lang)}"
        )
        st.caption(" · ".join(badges + _session_badges(session, lang)))
    else:
        st.subheader(t(lang, "waiting_title"))
        st.caption(" · ".join(_session_badges(session, lang)))


def _session_badges(session: SessionInfo, lang: Lang) -> list[str]:
    badges = [t(lang, "console_privacy", n=session.privacy_threshold)]
    if session.self_paced:
        badges.append(t(lang, "console_self_paced"))
    return badges


def _timer(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    """The step's countdown: start (planned minutes), one more minute, stop."""
    if session.current_step == LOBBY:
        return
    store = state.store()
    running = timer.countdown(session)
    minutes = timer.default_minutes(workshop, session.current_step)
    clock, start, more, stop = st.columns([2, 2, 1, 1], vertical_alignment="center")
    with clock:
        if running is None:
            st.caption(t(lang, "timer_idle"))
        else:
            st.html(
                timer.countdown_html(running, t(lang, "timer_done"), size="small"),
                unsafe_allow_javascript=True,
            )
    actions = {
        "start": start.button(
            t(lang, "timer_start", minutes=minutes), key="timer-start", width="stretch"
        ),
        "more": more.button(t(lang, "timer_more"), key="timer-more", width="stretch"),
        "stop": stop.button(
            t(lang, "timer_stop"), key="timer-stop", disabled=running is None, width="stretch"
        ),
    }
    if actions["start"]:
        timer.start(store, session, minutes)
    elif actions["more"]:
        timer.add_minutes(store, session, 1)
    elif actions["stop"]:
        timer.stop(store, session)
    if any(actions.values()):
        st.rerun()


@st.fragment(run_every=2.0)
def _live(session_id: int, workshop: Workshop, lang: Lang) -> None:
    store = state.store()
    session = store.session(session_id)
    if session is None:
        return
    if session.state_version != state.seen_version("console"):
        st.rerun(scope="app")
    joined, per_step = store.counts(session_id)
    index = session.current_step
    left, right = st.columns(2)
    left.metric(t(lang, "console_joined"), joined)
    right.metric(t(lang, "console_answered"), per_step.get(index, 0) if index != LOBBY else "—")
    if index != LOBBY:
        result = result_for_step(store, state.catalog(), workshop, session, index, lang)
        with st.expander(t(lang, "console_results_preview"), expanded=False):
            figure = result.figure(lang)
            if figure is None:
                st.caption(t(lang, "projector_needs_more", n=result.missing))
            else:
                st.plotly_chart(
                    figure, key="console-preview", theme=None, config={"displayModeBar": False}
                )
    st.markdown(f"**{t(lang, 'console_agenda')}**")
    catalog = state.catalog()
    agenda = pd.DataFrame(
        {
            "#": [("▶ " if i == index else "") + str(i + 1) for i in range(len(workshop.steps))],
            t(lang, "facilitate_workshop"): [
                catalog.exercise_for(workshop, i).title(lang) for i in range(len(workshop.steps))
            ],
            "min": [step.minutes for step in workshop.steps],
            t(lang, "console_answered"): [per_step.get(i, 0) for i in range(len(workshop.steps))],
        }
    )
    columns = {}
    if session.self_paced:
        progress = pacing.progress(store, session)
        agenda[t(lang, "console_open_column")] = [p.is_open for p in progress]
        agenda[t(lang, "console_progress")] = [p.share for p in progress]
        columns[t(lang, "console_progress")] = st.column_config.ProgressColumn(
            format="percent", min_value=0.0, max_value=1.0
        )
    st.dataframe(agenda, hide_index=True, width="stretch", column_config=columns)


@st.fragment(run_every=3.0)
def _moderation(session_id: int, index: int, workshop: Workshop, lang: Lang) -> None:
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
                notes = [t(lang, "moderation_count", n=item.count)]
                if item.flagged:
                    notes.append(t(lang, "moderation_flagged"))
                if item.hidden:
                    notes.append(t(lang, "moderation_hidden"))
                state_col.caption(" · ".join(notes))
                label = "moderation_show" if item.hidden else "moderation_hide"
                if action.button(
                    t(lang, label), key=f"moderate-{index}-{_digest(item.key)}", width="stretch"
                ):
                    moderation.set_hidden(store, session, index, item.text, not item.hidden)
                    st.rerun()


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _notes(exercise: ExerciseBase, lang: Lang) -> None:
    notes = exercise.notes
    if notes is None:
        return
    with st.expander(t(lang, "console_notes"), expanded=True):
        if notes.launch:
            st.markdown(f"**{t(lang, 'console_notes_launch')}** — {notes.launch(lang)}")
        if notes.chart:
            st.markdown(f"**{t(lang, 'console_notes_chart')}** — {notes.chart(lang)}")
        if notes.debrief:
            st.markdown(f"**{t(lang, 'console_notes_debrief')}**")
            st.markdown("\n".join(f"- {q(lang)}" for q in notes.debrief))


def _export(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    store, catalog = state.store(), state.catalog()

    def answers_csv() -> bytes:
        answers = store.session_answers(session.id)
        hidden = store.hidden_items(session.id)
        return to_csv(tidy_table(session, workshop, catalog, answers, hidden))

    def aggregate_csv() -> bytes:
        answers, hidden = store.session_answers(session.id), store.hidden_items(session.id)
        return to_csv(aggregate_table(session, workshop, catalog, answers, lang, hidden))

    st.markdown(f"**{t(lang, 'console_export')}**")
    results = f"[{t(lang, 'console_results_page')}]({facilitator_page_url(session, 'results')})"
    st.markdown(f"{results} · [{t(lang, 'nav_sessions')}](sessions)")
    left, right = st.columns(2)
    left.download_button(
        t(lang, "console_export_answers"),
        answers_csv,
        file_name=f"{session.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        t(lang, "console_export_aggregate"),
        aggregate_csv,
        file_name=f"{session.code}-results.csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
    )
