"""The results page's "Compare groups" tab: other sessions of the workshop, step by step.

Other sessions join only when this browser holds their key (pasted facilitator links, or
sessions opened in this tab) or the admin key was typed here. Each step is drawn by its kind
(``Kind.compare``); a session under its privacy threshold at a step is named, never drawn.
"""

from __future__ import annotations

import streamlit as st

from modules import cohorts
from modules.catalog import Workshop
from modules.export import to_csv
from modules.i18n import Lang, t
from modules.store import SessionInfo
from modules.ui import keyring, state

__all__ = ["draw"]


def draw(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    store = state.store()
    st.caption(t(lang, "compare_intro"))
    pasted = st.text_area(
        t(lang, "compare_paste"), placeholder=t(lang, "compare_paste_placeholder"), key="cohorts"
    )
    keys = keyring.held_keys()
    for code, key in cohorts.parse_facilitator_links(pasted):
        keys.setdefault(code, key)
    candidates = cohorts.comparable_sessions(store, session, keys, admin=keyring.admin_unlocked())
    for other in candidates:
        if other.code in keys:
            keyring.remember_facilitator_key(other.code, keys[other.code])
    if not candidates:
        st.info(t(lang, "compare_none"))
        return
    labels = {other.code: cohorts.session_label(other) for other in candidates}
    chosen = st.multiselect(
        t(lang, "compare_choose"),
        list(labels),
        default=list(labels),
        format_func=labels.__getitem__,
        key="cohort-choice",
    )
    picked = [session] + [other for other in candidates if other.code in chosen]
    steps = cohorts.compare_steps(store, state.catalog(), workshop, picked, lang)
    st.download_button(
        t(lang, "compare_download"),
        to_csv(cohorts.comparison_table(steps, lang)),
        file_name=f"{workshop.id}-comparison.csv",
        mime="text/csv",
        on_click="ignore",
        key="compare-csv",
    )
    for step in steps:
        _compared_step(step, lang)


def _compared_step(step: cohorts.StepComparison, lang: Lang) -> None:
    """One step across sessions at page width; a session with too few answers is named only."""
    with st.container(key=f"compare-step-{step.index}"):
        st.subheader(f"{step.number}. {step.exercise.title(lang)}")
        if len(step.too_few) == len(step.sessions):  # one line, not one per session
            st.info(t(lang, "compare_nothing"))
            return
        for cohort in step.too_few:
            n, k = cohort.answers, cohort.threshold
            st.caption(t(lang, "compare_too_few", session=cohort.label, n=n, k=k))
        figure = step.figure(lang)
        if figure is None:
            st.info(t(lang, "compare_no_chart"))
            return
        st.plotly_chart(
            figure,
            key=f"compare-{step.index}",
            theme=None,
            width="stretch",
            config={"displayModeBar": False, "responsive": True},
        )
