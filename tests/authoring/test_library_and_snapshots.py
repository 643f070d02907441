"""Saved workshops are versioned and scoped to their author; a session keeps the copy it
started with, whatever is saved afterwards; sessions from before copies existed still run."""

from __future__ import annotations

import copy

import pytest

from modules.authoring import library
from modules.authoring.access import ADMIN_OWNER, Author, may_author
from modules.authoring.document import document_of
from modules.authoring.limits import LimitError
from modules.service import create_session
from modules.settings import Settings
from modules.snapshots import session_workshop
from modules.store import Store
from modules.store.db import write
from modules.store.tables import session_workshops

ALICE = Author("browser:alice", "browser")
BOB = Author("browser:bob", "browser")


def _mine(catalog, workshop_id="starter", new_id="my-starter"):
    document = document_of(catalog, catalog.workshops[workshop_id])
    document["workshop"]["id"] = new_id
    return document


def test_each_save_is_a_new_version_and_the_list_shows_the_latest(database_url, catalog):
    store = Store(database_url)
    document = _mine(catalog)
    assert library.save(store, ALICE, document, catalog) == 1
    document["workshop"]["title"]["en"] = "Second take"
    assert library.save(store, ALICE, document, catalog) == 2
    (item,) = library.mine(store, ALICE, catalog)
    assert (item.version, item.workshop.title("en")) == (2, "Second take")
    assert (
        library.open_version(store, ALICE, "my-starter", 1).document["workshop"]["title"]["en"]
        != "Second take"
    )
    assert library.mine(store, BOB, catalog) == []  # scoped: Bob sees none of Alice's


def test_nothing_invalid_is_saved_and_limits_hold(database_url, catalog, monkeypatch):
    store = Store(database_url)
    broken = _mine(catalog)
    broken["workshop"]["steps"][0]["minutes"] = 0
    with pytest.raises(library.NotValid):
        library.save(store, ALICE, broken, catalog)
    assert store.authored_latest() == []
    monkeypatch.setattr(library, "MAX_WORKSHOPS_PER_AUTHOR", 2)
    for number in range(2):
        library.save(store, ALICE, _mine(catalog, new_id=f"w{number}"), catalog)
    with pytest.raises(LimitError, match="already keep 2 workshops"):
        library.save(store, ALICE, _mine(catalog, new_id="w3"), catalog)
    library.save(store, ALICE, _mine(catalog, new_id="w1"), catalog)  # a new version still fits


def test_old_versions_beyond_the_limit_go(database_url, catalog, monkeypatch):
    store = Store(database_url)
    monkeypatch.setattr(library, "MAX_VERSIONS", 3)
    for _ in range(5):
        library.save(store, ALICE, _mine(catalog), catalog)
    assert [v for v, _ in store.authored_versions(ALICE.owner, "my-starter")] == [5, 4, 3]


def test_a_session_keeps_its_copy_when_the_workshop_is_edited_or_deleted(database_url, catalog):
    store = Store(database_url)
    settings = Settings(database_url=database_url)
    document = _mine(catalog)
    library.save(store, ALICE, document, catalog)
    (item,) = library.mine(store, ALICE, catalog)
    links = create_session(store, catalog, settings, "", "en", workshop=item.workshop)
    session = store.session_by_code(links.code)
    edited = copy.deepcopy(document)
    edited["exercises"][3]["options"][0]["label"]["en"] = "Edited after the start"
    library.save(store, ALICE, edited, catalog)
    library.delete(store, ALICE, "my-starter")
    running = session_workshop(store, catalog, session)
    assert running is not None and running.id == "my-starter"
    labels = [o.label("en") for o in catalog.exercise_for(running, 3).options]
    assert "Edited after the start" not in labels
    assert labels == [o.label("en") for o in catalog.exercise_for(item.workshop, 3).options]


def test_a_session_from_before_copies_existed_runs_the_shipped_workshop(database_url, catalog):
    store = Store(database_url)
    links = create_session(store, catalog, Settings(database_url=database_url), "starter", "fr")
    session = store.session_by_code(links.code)
    with write(store.engine) as db:  # as a database upgraded from before migration 0005
        db.execute(session_workshops.delete())
    assert store.session_document(session.id) is None
    found = session_workshop(store, catalog, session)
    assert found is not None and found.model_dump() == catalog.workshops["starter"].model_dump()


def test_deleting_a_session_deletes_its_copy(database_url, catalog):
    store = Store(database_url)
    links = create_session(store, catalog, Settings(database_url=database_url), "starter", "fr")
    session = store.session_by_code(links.code)
    assert store.session_document(session.id) is not None
    store.delete_session(session.id)
    assert store.session_document(session.id) is None


def test_who_may_author():
    """Keys are checked once when typed (``access.check_author_key``, slowed after failures);
    what they make is decided here."""
    from modules.access import Role, check_author_key

    open_server = Settings(admin_key="a-long-admin-key-1234")
    assert may_author(open_server, browser_token="tok").owner.startswith("browser:")
    role, _ = check_author_key(open_server, "a-long-admin-key-1234", "tab-1")
    assert role is Role.ADMIN
    assert may_author(open_server, verified=(role, "a-long-admin-key-1234")).owner == ADMIN_OWNER
    assert may_author(open_server) is None
    keyed = open_server.model_copy(update={"create_key": "room-key"})
    assert may_author(keyed, browser_token="tok") is None  # a key is configured: token not enough
    assert check_author_key(keyed, "wrong", "tab-2")[0] is None
    role, _ = check_author_key(keyed, "room-key", "tab-2")
    assert role is Role.CREATOR
    author = may_author(keyed, verified=(role, "room-key"))
    assert author is not None and "room-key" not in author.owner  # a digest, never the key
