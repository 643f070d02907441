"""Create a session from a workshop: join code, participant link, QR code, buttons to open the
console and the projector; the session joins the personal space this browser keeps (the first
one gives the personal link, shown once, ``modules.ui.space``). The console and projector links
themselves stay behind a switch: the screen this page is on is often mirrored to the room. On a
public server a creation key (``WORKSHOP_CREATE_KEY``) is asked first; every server creates at
most so many sessions an hour.
"""

from __future__ import annotations

import streamlit as st

from modules import access, ownership
from modules.access import Role
from modules.i18n import LANGUAGES, Lang, t
from modules.lifecycle import MAX_PRIVACY_THRESHOLD, BadOption, new_session
from modules.service import SessionLinks
from modules.store import TooManyNewSessions, TooManySessions
from modules.ui import keyring, state, widget_guard
from modules.ui.authoring import creatable_workshops, editor_url
from modules.ui.facilitator import private_links, show_links
from modules.ui.key_form import key_form
from modules.ui.page import frame
from modules.ui.space import created_with, personal_link_once


def render() -> None:
    lang = state.language()
    frame(lang, "plain")
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
    if not _may_create(lang):
        return
    workshops, labels = creatable_workshops(lang)  # shipped, then this author's own
    keys = list(workshops)
    settings = state.settings()
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
                    n=len(workshops[w].steps),
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
            value=settings.privacy_threshold,
            step=1,
            help=t(lang, "facilitate_threshold_help"),
        )
        most = settings.max_participants_per_session
        capacity = st.number_input(
            t(lang, "facilitate_capacity"),
            min_value=1,
            max_value=most,
            value=min(settings.default_capacity, most),
            step=1,
            help=t(lang, "facilitate_capacity_help", n=most),
        )
        self_paced = st.checkbox(
            t(lang, "facilitate_self_paced"), help=t(lang, "facilitate_self_paced_help")
        )
        created = st.form_submit_button(t(lang, "facilitate_create"), type="primary")
    if created:
        owner = keyring.kept_owner_token() or ownership.new_owner_token()
        try:
            if widget_guard.is_bad(threshold) or widget_guard.is_bad(capacity):
                raise BadOption("not a number")
            links = new_session(
                state.store(),
                catalog,
                settings,
                workshop_id,
                session_lang,
                privacy_threshold=threshold,
                capacity=capacity,
                self_paced=self_paced,
                workshop=workshops[workshop_id],
                owner_token=owner,
            )
        except BadOption:
            st.error(t(lang, "facilitate_bad_number", k=MAX_PRIVACY_THRESHOLD, n=most))
            return
        except TooManyNewSessions:
            st.error(t(lang, "facilitate_hourly_limit"))
            return
        except TooManySessions:
            st.error(t(lang, "facilitate_limit"))
            return
        st.session_state["created-links"] = links
        created_with(owner, links.code)  # a new personal link is kept, and shown this once
        keyring.remember_facilitator_key(links.code, links.facilitator_key)
    links = st.session_state.get("created-links")
    if links is not None:
        _created(links, lang)
        personal_link_once(lang, links.code)
    st.markdown(
        f"[{t(lang, 'sessions_link')}](sessions) · [{t(lang, 'editor_link')}]({editor_url()})"
    )


def _may_create(lang: Lang) -> bool:
    """Anyone, unless the server has a creation key: then whoever typed it in this tab."""
    if access.creation_open(state.settings()) or st.session_state.get("creator-unlocked"):
        return True
    st.info(t(lang, "facilitate_create_key_help"))
    if key_form(
        Role.CREATOR,
        lang,
        label="facilitate_create_key",
        button="facilitate_create_unlock",
        wrong="facilitate_create_key_wrong",
    ):
        st.session_state["creator-unlocked"] = True
        st.rerun()
    return False


def _created(links: SessionLinks, lang: Lang) -> None:
    st.success(t(lang, "facilitate_created"))
    show_links(links, lang)
    console, projector = st.columns(2)
    console.link_button(
        t(lang, "facilitate_open_console"), links.console_url, type="primary", width="stretch"
    )
    projector.link_button(t(lang, "room_open_projector"), links.projector_url, width="stretch")
    if st.toggle(
        t(lang, "room_show_links"),
        key="facilitate-show-links",
        help=t(lang, "room_show_links_help"),
    ):
        private_links(links, lang)
