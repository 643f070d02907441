"""modules.access: each role's secret opens what its role may do, and nothing else."""

from __future__ import annotations

import logging

import pytest

from modules import access, ratelimit
from modules.access import Action, KeyCheck, Role
from modules.identity import digest, projector_token
from modules.service import create_session
from modules.settings import Settings


def test_each_role_may_do_what_it_needs_and_the_projector_only_shows():
    assert access.GRANTS[Role.PROJECTOR] == {Action.PROJECT}
    for action in Action:
        assert access.allows(Role.CONSOLE, action) == (
            action in {Action.DRIVE, Action.RESULTS, Action.EXPORT, Action.MANAGE}
        )
    assert not access.allows(Role.CONSOLE, Action.PROJECT)  # the key never shows on a wall
    assert not access.allows(Role.ADMIN, Action.DRIVE)  # the admin never drives a session
    assert access.allows(Role.CREATOR, Action.CREATE) and not access.allows(None, Action.CREATE)
    assert set(access.GRANTS) == set(Role)


def test_the_projector_token_opens_the_projector_and_nothing_else(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    view, key = links.projector_token, links.facilitator_key
    assert key not in links.projector_url and view in links.projector_url
    assert access.role_in(session, view) is Role.PROJECTOR
    assert access.role_in(session, key) is Role.CONSOLE
    assert access.session_for(store, links.code, view, Action.PROJECT) == session
    for action in (Action.DRIVE, Action.RESULTS, Action.EXPORT, Action.MANAGE):
        assert access.session_for(store, links.code, view, action) is None
    assert access.session_for(store, links.code, key, Action.PROJECT) is None
    assert access.session_for(store, links.code, key, Action.DRIVE) == session
    for wrong in (None, "", digest(view), view[:-1], key.upper(), session.key_digest):
        assert access.role_in(session, wrong) is None


def test_a_new_projector_link_retires_the_old_one(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    fresh = access.new_projector_link(store, session, links.facilitator_key)
    assert fresh != links.projector_token and fresh == projector_token(links.facilitator_key, 1)
    assert access.session_for(store, links.code, links.projector_token, Action.PROJECT) is None
    assert access.session_for(store, links.code, fresh, Action.PROJECT) is not None
    renewed = store.session(session.id)
    assert access.current_projector_token(store, renewed, links.facilitator_key) == fresh


def test_a_session_from_before_projector_links_gets_one_from_its_console(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    store.update_session(session.id, projector_digest=None)  # as migrated from revision 0001
    old = store.session(session.id)
    assert access.role_in(old, links.projector_token) is None
    token = access.current_projector_token(store, old, links.facilitator_key)
    assert access.role_in(store.session(session.id), token) is Role.PROJECTOR


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    guards = {role: ratelimit.KeyGuard(role.value, clock=fake) for role in access.KEY_GUARDS}
    monkeypatch.setattr(access, "KEY_GUARDS", guards)
    return fake


ADMIN = Settings(admin_key="correct horse battery", create_key="let me create")


def test_the_admin_key_must_be_set_long_and_typed_exactly(clock):
    assert not access.admin_ready(Settings())
    assert not access.admin_ready(Settings(admin_key="short"))
    assert access.check_instance_key(ADMIN, Role.ADMIN, "correct horse battery", "a")[0] is (
        KeyCheck.OK
    )
    for wrong in ("correct horse", None, ""):
        assert access.check_instance_key(ADMIN, Role.ADMIN, wrong, f"tab {wrong}")[0] is (
            KeyCheck.WRONG
        )
    short = Settings(admin_key="short")
    assert access.check_instance_key(short, Role.ADMIN, "short", "b")[0] is KeyCheck.WRONG


def test_wrong_keys_double_the_wait_before_the_next_is_even_checked(clock, caplog):
    caplog.set_level(logging.WARNING, "workshop.limits")
    waits = []
    for attempt in range(6):
        outcome, wait = access.check_instance_key(ADMIN, Role.ADMIN, f"guess-{attempt}", "tab")
        assert outcome is KeyCheck.WRONG
        waits.append(wait)
        if attempt < 5:
            clock.now += wait
    assert waits == [0, 0, 2, 4, 8, 16]
    outcome, wait = access.check_instance_key(ADMIN, Role.ADMIN, "correct horse battery", "tab")
    assert outcome is KeyCheck.WAIT and wait == 16  # not checked: even the right key waits
    clock.now += 16
    assert access.check_instance_key(ADMIN, Role.ADMIN, "correct horse battery", "tab")[0] is (
        KeyCheck.OK
    )
    logged = caplog.text
    assert "admin key: wrong key typed" in logged and "guess-" not in logged


def test_many_connections_guessing_slow_down_together_and_the_creation_key_too(clock):
    for number in range(20):  # one wrong guess per fresh connection
        assert access.check_instance_key(ADMIN, Role.CREATOR, "nope", f"tab{number}")[0] is (
            KeyCheck.WRONG
        )
    outcome, wait = access.check_instance_key(ADMIN, Role.CREATOR, "let me create", "fresh")
    assert outcome is KeyCheck.WAIT and wait > 0
    clock.now += 3600  # an hour later everything is forgotten
    assert access.check_instance_key(ADMIN, Role.CREATOR, "let me create", "fresh")[0] is (
        KeyCheck.OK
    )
    assert access.check_instance_key(ADMIN, Role.ADMIN, "correct horse battery", "x")[0] is (
        KeyCheck.OK  # one key's guessing does not lock the other
    )


def test_without_a_creation_key_anyone_may_create():
    assert access.creation_open(Settings())
    assert not access.creation_open(ADMIN)
