"""The personal facilitator link and the admin's browser token, without a page."""

from __future__ import annotations

from modules import access, lifecycle, ownership
from modules.access import Action
from modules.identity import digest
from modules.settings import Settings


def test_a_personal_link_lists_its_own_sessions_and_gives_back_their_console_keys(
    store, catalog, settings
):
    mine, theirs = ownership.new_owner_token(), ownership.new_owner_token()
    made = [
        lifecycle.new_session(store, catalog, settings, "starter", "en", owner_token=mine)
        for _ in range(2)
    ]
    other = lifecycle.new_session(store, catalog, settings, "starter", "en", owner_token=theirs)
    loose = lifecycle.new_session(store, catalog, settings, "starter", "en")  # the command's way
    keys = ownership.owned_keys(store, mine)
    assert keys == {links.code: links.facilitator_key for links in made}
    for links in made:  # the key it derives is the session's console key, projector link too
        session = store.session_by_code(links.code)
        assert access.session_for(store, links.code, keys[links.code], Action.DRIVE) == session
        assert session.projector_digest == digest(links.projector_token)
        assert session.owner_digest == ownership.owner_digest(mine) != digest(mine)
    assert set(ownership.owned_keys(store, theirs)) == {other.code}
    assert loose.code not in keys and store.session_by_code(loose.code).owner_digest is None


def test_nothing_else_is_a_personal_link(store, catalog, settings):
    mine = ownership.new_owner_token()
    links = lifecycle.new_session(store, catalog, settings, "starter", "en", owner_token=mine)
    for wrong in (
        None,
        "",
        "short",
        mine[:-1] + ("A" if mine[-1] != "A" else "B"),
        links.facilitator_key,
        links.projector_token,
        ownership.owner_digest(mine),
        "x" * 500,
    ):
        assert ownership.owned_sessions(store, wrong) == [], wrong


def test_the_admins_browser_token_lasts_its_hours_and_dies_with_the_key():
    settings = Settings(admin_key="an admin key long enough")
    now = 1_800_000_000.0
    token = access.admin_browser_token(settings, now)
    assert token is not None and settings.admin_key not in token
    assert access.admin_browser_unlocked(settings, token, now + 3600)
    later = now + access.ADMIN_BROWSER_HOURS * 3600 + 1
    assert not access.admin_browser_unlocked(settings, token, later)
    changed = Settings(admin_key="the admin key, changed since")
    assert not access.admin_browser_unlocked(changed, token, now)
    assert not access.admin_browser_unlocked(Settings(), token, now)  # no admin key any more
    assert access.admin_browser_token(Settings(admin_key="short"), now) is None
    for forged in ("", "1.2.3", token + "0", "9" * 300, token.replace(".", ":")):
        assert not access.admin_browser_unlocked(settings, forged, now)
