"""Privacy: no identity in the schema, pseudonyms that join nothing, a purge that deletes.

The browser journey in ``tests/e2e/test_hostile.py`` adds what needs a real client: no user agent
or IP address in any stored value, and no answer text in the server's log.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, inspect, select

from modules import live
from modules.export import tidy_table
from modules.identity import digest
from modules.service import create_session, store_for, submit_answer
from modules.store.tables import answers, participants, sessions, step_states, utcnow

IDENTITY = re.compile(
    r"(^|_)(name|first|last|surname|ip|ips|addr|address|agent|ua|user|email|mail|phone|"
    r"host|remote|header|headers|cookie|device|browser|location|geo)($|_)",
    re.IGNORECASE,
)
ALLOWED = {"workshop_id", "exercise_id"}  # ids of YAML content, not of people


def test_no_column_can_hold_a_name_an_address_or_a_user_agent(database_url):
    store = store_for(database_url)
    columns = []
    with store.engine.connect() as db:
        inspector = inspect(db)
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            columns += [(table, c["name"]) for c in inspector.get_columns(table)]
    assert len(columns) > 10
    suspicious = [(t, c) for t, c in columns if IDENTITY.search(c) and c not in ALLOWED]
    assert not suspicious, f"columns that look like identity data: {suspicious}"


def _filled(store, catalog, settings, people: int = 4):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    session = store.session(session.id)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    tokens = [f"token-{links.code}-{n}" for n in range(people)]
    for number, token in enumerate(tokens):
        person = store.join(session.id, digest(token), max_participants=100)
        submit_answer(store, settings, session, exercise, 0, person, [f"secret{number}"])
    return session, tokens


def test_export_pseudonyms_are_new_each_time_and_join_to_nothing(store, catalog, settings):
    session, tokens = _filled(store, catalog, settings)
    workshop = catalog.workshops["starter"]
    given = store.session_answers(session.id)
    first = tidy_table(session, workshop, catalog, given)
    second = tidy_table(session, workshop, catalog, given)
    ones, twos = set(first["participant"]), set(second["participant"])
    assert len(ones) == len(tokens) == len(twos)
    assert not ones & twos  # two exports cannot be matched person by person
    ids = {str(a.participant_id) for a in given}
    live_secrets = set(tokens) | {digest(t) for t in tokens}
    for pseudonym in ones | twos:
        mark = pseudonym.removeprefix("P-")
        assert mark not in ids and not any(mark in s for s in live_secrets)
    # Within one export a person keeps one pseudonym on every row of theirs: each pseudonym
    # holds exactly that person's one answer, so the rows of one export still join up.
    answered = {str(row["value"]) for _, row in first.iterrows()}
    assert first.groupby("participant")["value"].count().to_dict() == dict.fromkeys(ones, 1)
    assert all(f"secret{n}" in " ".join(answered) for n in range(len(tokens)))


def _rows(store, session_id: int) -> dict[str, int]:
    with store.engine.connect() as db:
        return {
            table.name: db.scalar(
                select(func.count()).select_from(table).where(table.c.session_id == session_id)
            )
            for table in (answers, participants, step_states)
        } | {
            "sessions": db.scalar(
                select(func.count()).select_from(sessions).where(sessions.c.id == session_id)
            )
        }


def test_the_retention_purge_really_deletes(store, catalog, settings):
    expired, _ = _filled(store, catalog, settings)
    kept, _ = _filled(store, catalog, settings)
    assert all(_rows(store, expired.id).values())
    later = expired.expires_at + timedelta(seconds=1)
    store.update_session(kept.id, expires_at=later + timedelta(days=30))
    assert store.purge_expired(later) == 1
    assert _rows(store, expired.id) == {
        "answers": 0,
        "participants": 0,
        "step_states": 0,
        "sessions": 0,
    }
    assert all(_rows(store, kept.id).values())  # nobody else's data went with it
    with store.engine.connect() as db:
        values = " ".join(str(v) for (v,) in db.execute(select(answers.c.value)))
    # Both sessions were given the same texts: the kept one still holds them, the expired
    # one's rows are gone (counted above), so no answer is left that is not the kept session's.
    assert values.count("secret0") == 1
    assert store.session_by_code(expired.code) is None


def test_retention_is_counted_from_creation(store, catalog, settings):
    session, _ = _filled(store, catalog, settings)
    assert session.expires_at - session.created_at == timedelta(days=settings.retention_days)
    assert store.purge_expired(utcnow()) == 0  # nothing young is purged
