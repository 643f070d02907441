from datetime import timedelta

from modules import lifecycle, live
from modules.export import aggregate_table
from modules.identity import digest
from modules.service import submit_answer
from modules.settings import Settings
from modules.store.tables import utcnow


def test_k_is_chosen_per_session_and_kept_within_bounds(store, catalog, settings):
    assert lifecycle.new_session(store, catalog, settings, "starter", "en").code
    chosen = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=7)
    assert store.session_by_code(chosen.code).privacy_threshold == 7
    silly = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=0)
    assert store.session_by_code(silly.code).privacy_threshold == 1
    default = lifecycle.new_session(store, catalog, settings, "starter", "fr")
    assert store.session_by_code(default.code).privacy_threshold == settings.privacy_threshold


def test_the_aggregate_export_withholds_a_step_under_the_sessions_k(store, catalog, settings):
    links = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=5)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    live.go_to_step(store, session, 3, reveal_live=True)
    exercise = catalog.exercise_for(workshop, 3)
    for number in range(5):
        person = store.join(session.id, digest(f"p{number}"), max_participants=10)
        submit_answer(store, settings, session, exercise, 3, person, ["coffee"])
        table = aggregate_table(session, workshop, catalog, store.session_answers(session.id), "en")
        rows = table[table["step"] == 4]
        if number < 4:  # 1..4 answers: below k = 5, only the count leaves
            assert rows["measure"].tolist() == ["answers", "withheld"]
            assert rows["value"].tolist() == [number + 1, 5]
        else:
            assert "withheld" not in set(rows["measure"])
            counts = rows[rows["measure"] == "count"]
            assert counts["value"].sum() == 5


def test_only_held_keys_or_the_admin_see_sessions(store, catalog, settings):
    mine = lifecycle.new_session(store, catalog, settings, "starter", "en")
    theirs = lifecycle.new_session(store, catalog, settings, "starter", "fr")
    held = {mine.code: mine.facilitator_key, theirs.code: "a-wrong-key-of-enough-length"}
    rows = lifecycle.visible_sessions(store, held, admin=False)
    assert [(r.session.code, r.key) for r in rows] == [(mine.code, mine.facilitator_key)]
    everything = lifecycle.visible_sessions(store, {}, admin=True)
    assert {r.session.code for r in everything} == {mine.code, theirs.code}
    assert all(r.key is None for r in everything)  # the admin never gets a facilitator key
    assert lifecycle.visible_sessions(store, {}, admin=True, workshop_id="nope") == []


def test_the_admin_key_must_be_set_long_and_typed_exactly():
    assert not lifecycle.admin_ready(Settings())
    assert not lifecycle.admin_ready(Settings(admin_key="short"))
    ready = Settings(admin_key="correct horse battery")
    assert lifecycle.admin_key_ok(ready, "correct horse battery")
    assert not lifecycle.admin_key_ok(ready, "correct horse")
    assert not lifecycle.admin_key_ok(ready, None)
    assert not lifecycle.admin_key_ok(Settings(admin_key="short"), "short")


def test_archive_then_delete_only_with_the_typed_code(store, catalog, settings):
    links = lifecycle.new_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    lifecycle.archive(store, session)
    assert store.session(session.id).archived
    lifecycle.archive(store, session, False)
    assert not store.session(session.id).archived
    assert not lifecycle.delete(store, session, "WRONG1")
    assert store.session(session.id) is not None
    assert lifecycle.delete(store, session, links.code.lower())
    assert store.session(session.id) is None


def test_the_app_purges_expired_sessions_at_most_once_an_hour(
    store, catalog, settings, monkeypatch
):
    monkeypatch.setattr(lifecycle, "_last_purge", {})
    old = lifecycle.new_session(store, catalog, settings, "starter", "en")
    store.update_session(store.session_by_code(old.code).id, expires_at=utcnow() - timedelta(1))
    now = [1000.0]
    assert lifecycle.purge_if_due(store, clock=lambda: now[0]) == 1
    assert store.session_by_code(old.code) is None
    again = lifecycle.new_session(store, catalog, settings, "starter", "en")
    store.update_session(store.session_by_code(again.code).id, expires_at=utcnow() - timedelta(1))
    now[0] += 60
    assert lifecycle.purge_if_due(store, clock=lambda: now[0]) is None  # not yet
    assert store.session_by_code(again.code) is not None
    now[0] += 3600
    assert lifecycle.purge_if_due(store, clock=lambda: now[0]) == 1
