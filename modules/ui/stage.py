"""The projector's picture: the join screen, or the step with its result or a note.

What it shows is decided by ``modules.screens.projector_shows`` (through ``shows``); the
console's sentence about the projector comes from the same answer, and its thumbnail is the
projector page itself, in a frame.
"""

from __future__ import annotations

import html

import streamlit as st

from modules import live, timer
from modules.catalog import Workshop
from modules.i18n import Lang, t
from modules.kinds import kind_of
from modules.kinds.base import StepView
from modules.qr import qr_png
from modules.results import StepResult, result_for_step
from modules.screens import Showing, Shown, projector_shows
from modules.store import LOBBY, SessionInfo
from modules.store.tables import utcnow
from modules.ui import state

__all__ = ["draw", "shows"]

_NOTES = {
    Shown.PRIVATE: "projector_private",
    Shown.HIDDEN: "projector_hidden",
    Shown.WAITING: "projector_needs_more",
}


def shows(
    session: SessionInfo, workshop: Workshop, lang: Lang
) -> tuple[Showing, StepResult | None]:
    """What the projector shows now, and the step's result when it is on screen."""
    store, catalog, index = state.store(), state.catalog(), session.current_step
    join_shown = store.join_shown(session.id)
    exercise = step = result = None
    if index != LOBBY:
        exercise = catalog.exercise_for(workshop, index)
        step = store.step_state(session.id, index)
        visible = live.results_visible(exercise, step) and not kind_of(exercise).private(exercise)
        if visible and not join_shown:
            result = result_for_step(store, catalog, workshop, session, index, lang)
    return projector_shows(session, exercise, step, result, join_shown=join_shown), result


def draw(session: SessionInfo, workshop: Workshop, lang: Lang, *, url: str) -> Showing:
    """Draw what the projector shows now; return it, so a caller can say it in words."""
    showing, result = shows(session, workshop, lang)
    with st.container(key="projector-stage"):
        if showing.shown in (Shown.LOBBY, Shown.JOIN):
            _join(session, workshop, lang, url=url)
            return showing
        exercise = state.catalog().exercise_for(workshop, session.current_step)
        step = state.store().step_state(session.id, session.current_step)
        _, per_step = state.store().counts(session.id)
        kind = kind_of(exercise)
        view = StepView(
            lang,
            step.is_open,
            step.revealed,
            session.timer_started_at,
            session.timer_ends_at,
            utcnow(),
        )
        own_part = kind.projector_html(exercise, view)  # a talk's turns, a quiz's explanation
        counted = t(lang, "projector_answers", n=per_step.get(session.current_step, 0))
        status = t(lang, "projector_open" if step.is_open else "projector_closed")
        if own_part is not None and kind.private(exercise):
            status = ""  # nothing of a private step is counted aloud: its own part says it all
        _heading(
            session,
            exercise.title(lang),
            exercise.prompt(lang),
            status and f"{counted} · {status}",
            lang,
            url=url,
        )
        if own_part is not None:  # above the chart: a revealed quiz's answer must fit a beamer
            st.html(own_part)
            if kind.private(exercise):
                return showing
        if showing.results and result is not None:
            # Once revealed, people's own words beside the chart (offers & needs by category).
            board = result.texts_html(lang, most=BOARD_MOST) if step.revealed else None
            with st.container(key="projector-chart"):
                if board is None:
                    _chart(result, lang)
                else:
                    with st.container(key="projector-board"):
                        chart, texts = st.columns([3, 2], gap="small")
                        with chart:
                            _chart(result, lang, narrow=True)
                        texts.html(board)
        else:
            note = t(lang, _NOTES[showing.shown], n=showing.missing)
            st.html(f'<div class="ws-note">{_e(note)}</div>')
    return showing


# Texts listed beside a chart on a 1280 × 720 beamer; the others are on the results page.
BOARD_MOST = 8


def _chart(result: StepResult, lang: Lang, *, narrow: bool = False) -> None:
    figure = result.figure(lang)
    figure.layout.height = None  # the chart takes the height the text leaves
    if narrow:  # three fifths of a 1024-pixel beamer: titles that fit it
        figure.update_layout(title_font_size=20, legend_font_size=16)
        figure.update_xaxes(title_font_size=18)
    st.plotly_chart(
        figure,
        key="projector-plot",
        theme=None,
        height="stretch",
        config={"displayModeBar": False, "staticPlot": True, "responsive": True},
    )


def _heading(
    session: SessionInfo, title: str, prompt: str, status: str, lang: Lang, *, url: str
) -> None:
    """Title, question and answer count on the left; the countdown (or a small QR code) and the
    join code on the right."""
    text, corner = st.columns([6, 1.2], vertical_alignment="top", gap="small")
    with text:
        st.html(
            f'<div class="ws-title">{_e(title)}</div><div class="ws-prompt">{_e(prompt)}</div>'
            f'<div class="ws-status">{_e(status)}</div>'
        )
    with corner:
        running = timer.countdown(session)
        if running is not None:
            clock = timer.countdown_html(running, t(lang, "timer_done"), size="large")
            st.html(f'<div class="ws-corner">{clock}</div>', unsafe_allow_javascript=True)
        else:
            st.html(f'<div class="ws-corner">{_qr_img(url, lang, scale=6)}</div>')
        st.html(f'<div class="ws-code-small">{_e(session.code)}</div>')


def _join(session: SessionInfo, workshop: Workshop, lang: Lang, *, url: str) -> None:
    """The big join screen: the address, the code in huge letters, the QR code, who is here."""
    online = state.online(session.id)
    words, code = st.columns([3, 2], vertical_alignment="center")
    with words:
        st.html(
            f'<div class="ws-join-title">{_e(workshop.title(lang))}</div>'
            f'<div class="ws-join-at">{_e(t(lang, "projector_join_at_label"))}</div>'
            f'<div class="ws-join-url">{_e(url)}</div>'
            f'<div class="ws-join-at">{_e(t(lang, "projector_code_label"))}</div>'
            f'<div class="ws-join-code" aria-label="{_e(t(lang, "join_code"))}">'
            f"{_e(session.code)}</div>"
            f'<div class="ws-join-count">{_e(t(lang, "projector_online", n=online))}</div>'
        )
    with code, st.container(key="join-qr"):
        st.image(qr_png(url, scale=14), alt=t(lang, "projector_join_at", url=url))


def _qr_img(url: str, lang: Lang, *, scale: int) -> str:
    import base64

    data = base64.b64encode(qr_png(url, scale=scale)).decode("ascii")
    alt = _e(t(lang, "projector_join_at", url=url))
    return f'<img src="data:image/png;base64,{data}" alt="{alt}">'


def _e(text: str) -> str:
    return html.escape(text)
