"""A session's results, after the workshop: every step at page width, ready to print or save as
PDF (one step per page) for the organiser; then the comparison of groups.

Facilitator key only. Sections are separate functions (``_header``, ``_steps``, and
``modules.ui.comparison.draw``) drawn in tabs, so another section slots in beside them. An offers
step lists its texts by category under its chart (moderated, only above the threshold).
"""

from __future__ import annotations

import streamlit as st

from modules import cohorts
from modules.access import Action
from modules.catalog import Workshop
from modules.i18n import Lang, t
from modules.store import SessionInfo
from modules.ui import comparison, state
from modules.ui.facilitator import authorised_session, facilitator_page_url
from modules.ui.page import frame, script

PRINT_HEIGHT = 560
PRINT_WIDTH = 1000
_PRINT = (
    "document.querySelectorAll('.ws-print')"
    ".forEach(function(b){b.onclick=function(){window.print();};});"
)


def render() -> None:
    st.set_page_config(layout="wide")
    found = authorised_session(Action.RESULTS)
    if found is None:
        return
    session, workshop, lang = found
    frame(lang, "results")
    _header(session, workshop, lang)
    overview, compare = st.tabs([t(lang, "results_tab_session"), t(lang, "results_tab_compare")])
    with overview:
        _steps(session, workshop, lang)
    with compare:
        comparison.draw(session, workshop, lang)


def _header(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    heading, switch = st.columns([5, 1], vertical_alignment="center")
    heading.title(t(lang, "results_heading", title=workshop.title(lang)))
    with switch:
        state.language_switch(lang)
    joined, _ = state.store().counts(session.id)
    st.caption(
        t(
            lang,
            "results_meta",
            code=session.code,
            date=session.created_at.date().isoformat(),
            n=joined,
            k=session.privacy_threshold,
        )
    )
    back = f"[{t(lang, 'results_back')}]({facilitator_page_url(session, 'console')})"
    st.html(
        f'<div class="ws-no-print"><button class="ws-print" type="button">'
        f"{_e(t(lang, 'results_print'))}</button></div>"
    )
    script(_PRINT)
    st.markdown(back)


def _steps(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    """Every step at page width, one printed page each."""
    reports = cohorts.session_report(state.store(), state.catalog(), workshop, session, lang)
    for report in reports:
        with st.container(key=f"results-step-{report.index}"):
            st.subheader(
                f"{t(lang, 'step_of', n=report.number, total=len(reports))} — "
                f"{report.exercise.title(lang)}"
            )
            st.caption(
                f"{report.exercise.prompt(lang)} · "
                + t(lang, "results_answers", n=report.result.answers)
            )
            if report.private:
                st.info(t(lang, "results_private"))
                continue
            figure = report.result.figure(lang)
            if figure is None:
                st.caption(t(lang, "projector_needs_more", n=report.result.missing))
                continue
            # What a printed A4 page (landscape) holds under the step's title; a table that
            # does not fit under it goes on the next page.
            figure.layout.height = min(figure.layout.height or PRINT_HEIGHT, PRINT_HEIGHT)
            figure.layout.width = PRINT_WIDTH
            st.plotly_chart(
                figure,
                key=f"results-{report.index}",
                theme=None,
                width="content",
                config={"displayModeBar": False, "staticPlot": True, "responsive": False},
            )
            board = report.result.texts_html(lang)  # offers & needs: whom to talk to
            if board is not None:
                st.html(board)
            people = report.people_table(lang)
            if people is not None:
                st.dataframe(people, hide_index=True, width="stretch")


def _e(text: str) -> str:
    import html

    return html.escape(text)
