"""The projector: join code and QR while people arrive, then the current step's live result.

Meant for a second screen at the back of a room: large type, high contrast, nothing to click.
Results stay hidden until revealed (unless the exercise says ``reveal: live``) and below the
privacy threshold only the count shows.
"""

from __future__ import annotations

import streamlit as st

from modules import live, timer
from modules.catalog import Workshop
from modules.i18n import Lang, t
from modules.kinds import kind_of
from modules.qr import qr_png
from modules.results import result_for_step
from modules.store import LOBBY, SessionInfo
from modules.ui import state
from modules.ui.facilitator import authorised_session, session_links

_STYLE = """
<style>
[data-testid="stAppViewBlockContainer"], .block-container { max-width: 100%; padding-top: 1.5rem; }
.projector-code { font-size: 4.5rem; font-weight: 800; letter-spacing: .4rem; color: #111; }
.projector-join { font-size: 1.8rem; color: #111; }
.projector-title { font-size: 3rem; font-weight: 800; line-height: 1.15; color: #111; }
.projector-prompt { font-size: 2rem; color: #222; }
.projector-count { font-size: 2.4rem; font-weight: 700; color: #0072B2; }
.projector-note { font-size: 1.8rem; color: #333; }
</style>
"""


def render() -> None:
    st.set_page_config(layout="wide")
    found = authorised_session()
    if found is None:
        return
    session, workshop, lang = found
    st.html(_STYLE)
    state.seen_version("projector", session.state_version)
    _timer(session, lang)
    _screen(session.id, workshop, lang)


def _timer(session: SessionInfo, lang: Lang) -> None:
    """Drawn outside the refreshing fragment: the browser ticks it, a timer change reruns."""
    running = timer.countdown(session)
    if running is not None and session.current_step != LOBBY:
        st.html(
            '<div style="text-align:right">'
            + timer.countdown_html(running, t(lang, "timer_done"), size="large")
            + "</div>",
            unsafe_allow_javascript=True,
        )


@st.fragment(run_every=1.0)
def _screen(session_id: int, workshop: Workshop, lang: Lang) -> None:
    state_version, _answer_version = state.board().get(session_id)
    if state_version != state.seen_version("projector"):
        st.rerun(scope="app")
    session = state.store().session(session_id)
    if session is None:
        return
    links = session_links(session)
    if session.current_step == LOBBY:
        _lobby(session, links.participant_url, lang)
    else:
        _step(session, workshop, links.participant_url, lang)


def _lobby(session: SessionInfo, url: str, lang: Lang) -> None:
    joined, _ = state.store().counts(session.id)
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.html(f'<div class="projector-join">{_esc(t(lang, "projector_join_at", url=url))}</div>')
        st.html(
            f'<div class="projector-code" aria-label="{_esc(t(lang, "join_code"))}">'
            f"{_esc(session.code)}</div>"
        )
        st.html(f'<div class="projector-count">{_esc(t(lang, "console_joined"))}: {joined}</div>')
    with right:
        st.image(qr_png(url, scale=14), width=420, alt=t(lang, "projector_join_at", url=url))


def _step(session: SessionInfo, workshop: Workshop, url: str, lang: Lang) -> None:
    store, index = state.store(), session.current_step
    exercise = state.catalog().exercise_for(workshop, index)
    step = store.step_state(session.id, index)
    values = [answer.value for answer in store.step_answers(session.id, index)]
    count = len(values)
    head, corner = st.columns([5, 1], vertical_alignment="top")
    with head:
        st.html(
            f'<div class="projector-title">{_esc(exercise.title(lang))}</div>'
            f'<div class="projector-prompt">{_esc(exercise.prompt(lang))}</div>'
        )
    with corner:
        st.image(qr_png(url, scale=6), width=150, alt=t(lang, "projector_join_at", url=url))
        st.html(f'<div class="projector-join">{_esc(session.code)}</div>')
    counted = t(lang, "projector_answers", n=count)
    status = t(lang, "projector_open" if step.is_open else "projector_closed")
    st.html(f'<div class="projector-count">{_esc(counted)} · {_esc(status)}</div>')
    if kind_of(exercise).private(exercise):
        st.html(f'<div class="projector-note">{_esc(t(lang, "projector_private"))}</div>')
        return
    if not live.results_visible(exercise, step):
        st.html(f'<div class="projector-note">{_esc(t(lang, "projector_hidden"))}</div>')
        return
    result = result_for_step(store, state.catalog(), workshop, session, index, lang)
    figure = result.figure(lang)
    if figure is None:
        waiting = t(lang, "projector_needs_more", n=result.missing)
        st.html(f'<div class="projector-note">{_esc(waiting)}</div>')
        return
    st.plotly_chart(
        figure,
        key="projector-chart",
        theme=None,
        config={"displayModeBar": False, "staticPlot": True},
    )


def _esc(text: str) -> str:
    import html

    return html.escape(text)
