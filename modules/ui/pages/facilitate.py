"""Create a session from a workshop: join code, participant link, QR code, facilitator links."""

from __future__ import annotations

import streamlit as st

from modules.i18n import LANGUAGES, t
from modules.lifecycle import MAX_PRIVACY_THRESHOLD, new_session
from modules.store import TooManySessions
from modules.ui import state
from modules.ui.authoring import creatable_workshops, editor_url
from modules.ui.facilitator import show_links


def render() -> None:
    lang = state.language()
    state.language_switch(lang)
    st.title(t(lang, "facilitate_heading"))
    st.write(t(lang, "facilitate_intro"))
    catalog = state.catalog()
    if catalog.errors:
        st.warning(
            t(lang, "catalog_errors") + "\n\n" + "\n".join(f"- `{e}`" for e in catalog.errors)
        )
    if not catalog.workshops:
        st.error(t(lang, "no_workshops"))
        return
    workshops, labels = creatable_workshops(lang)  # shipped, then this author's own
    keys = list(workshops)
    with st.form("create-session"):
        workshop_id = st.selectbox(
            t(lang, "facilitate_workshop"),
            keys,
            index=keys.index(state.query("workshop")) if state.query("workshop") in keys else 0,
            format_func=lambda w: (
                f"{labels[w]} — "
                + t(
                    lang,
                    "facilitate_minutes",
                    minutes=workshops[w].minutes,
                    steps=len(workshops[w].steps),
                )
            ),
        )
        session_lang = st.radio(
            t(lang, "facilitate_language"),
            list(LANGUAGES),
            index=list(LANGUAGES).index(lang),
            format_func={"fr": "Français", "en": "English"}.__getitem__,
            horizontal=True,
        )
        threshold = st.number_input(
            t(lang, "facilitate_threshold"),
            min_value=1,
            max_value=MAX_PRIVACY_THRESHOLD,
            value=state.settings().privacy_threshold,
            step=1,
            help=t(lang, "facilitate_threshold_help"),
        )
        self_paced = st.checkbox(
            t(lang, "facilitate_self_paced"), help=t(lang, "facilitate_self_paced_help")
        )
        created = st.form_submit_button(t(lang, "facilitate_create"), type="primary")
    if created:
        try:
            links = new_session(
                state.store(),
                catalog,
                state.settings(),
                workshop_id,
                session_lang,
                privacy_threshold=int(threshold),
                self_paced=self_paced,
                workshop=workshops[workshop_id],
            )
        except TooManySessions:
            st.error(t(lang, "facilitate_limit"))
            return
        st.session_state["created-links"] = links
        state.remember_facilitator_key(links.code, links.facilitator_key)
    links = st.session_state.get("created-links")
    if links is not None:
        st.success(t(lang, "facilitate_created"))
        show_links(links, lang)
        st.link_button(t(lang, "console_link"), links.console_url, type="primary")
    st.markdown(
        f"[{t(lang, 'sessions_link')}](sessions) · [{t(lang, 'editor_link')}]({editor_url()})"
    )
