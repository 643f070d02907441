"""Schema migrations, on SQLite and a real PostgreSQL: old data survives, the models never drift.

Written against revisions in general (the first one and head), so a new migration is checked
without touching this file: a database filled at the first schema must come out intact at head.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from modules import PROJECT_ROOT
from modules.identity import digest
from modules.store import StepState, Store
from modules.store.db import engine_for, write
from modules.store.schema import alembic_config, upgrade
from modules.store.tables import metadata

SCRIPTS = ScriptDirectory.from_config(alembic_config("sqlite://"))
FIRST, HEAD = SCRIPTS.get_base(), SCRIPTS.get_current_head()

CREATED = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
EXPIRES = datetime(2026, 4, 11, 9, 30, tzinfo=UTC)
TIMER = datetime(2026, 3, 12, 9, 42, 30, tzinfo=UTC)

# What a real session leaves behind: every kind of answer, accents, an emoji, a changed answer.
ANSWERS = {
    # (step_index, exercise_id, participant): value
    (0, "words-networking", 1): ["corvée", "cartes d'affaires", "stress 😬"],
    (0, "words-networking", 2): ["opportunités", "café"],
    (0, "words-networking", 3): ["LinkedIn"],
    (2, "scale-feelings-before", 1): {"chore": 4, "myself": 2, "bring": 3},
    (2, "scale-feelings-before", 2): {"chore": 1, "myself": 5, "bring": 4},
    (3, "choice-your-way", 1): ["coffee", "online-groups"],
}


# The order of the tuples in _fill_first_schema's sessions.
SESSION_FIELDS = ("id", "code", "workshop", "lang", "archived")
SESSION_FIELDS += ("current", "self_paced", "timer", "state", "answers")


def _current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()


def _stamp(engine: Engine, moment: datetime) -> str:
    """A timestamp literal as the first schema stores it on this database."""
    if engine.dialect.name == "sqlite":
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment.isoformat()


def _fill_first_schema(engine: Engine) -> None:
    """Rows written with plain SQL, as an old release of the app would have left them."""
    as_json = "CAST(:value AS JSON)" if engine.dialect.name == "postgresql" else ":value"
    sessions = [
        (1, "K7QX2M", "starter", "fr", False, 3, False, TIMER, 14, 7),
        (2, "B4TW9R", "starter", "en", True, -1, True, None, 1, 0),
    ]
    with write(engine) as db:
        for row in sessions:
            db.execute(
                text(
                    "INSERT INTO sessions (id, code, workshop_id, lang, key_digest, created_at,"
                    " expires_at, archived, step_count, current_step, privacy_threshold,"
                    " self_paced, timer_ends_at, state_version, answer_version) VALUES"
                    " (:id, :code, :workshop, :lang, :key, :created, :expires, :archived, 4,"
                    " :current, 3, :self_paced, :timer, :state, :answers)"
                ),
                dict(
                    zip(
                        SESSION_FIELDS,
                        row,
                        strict=True,
                    ),
                    key=digest(f"key-{row[1]}"),
                    created=_stamp(engine, CREATED),
                    expires=_stamp(engine, EXPIRES),
                    timer=_stamp(engine, row[7]) if row[7] else None,
                ),
            )
        for index, is_open, revealed, hidden in [
            (0, False, True, ["stress 😬"]),
            (2, False, True, []),
            (3, True, False, []),
        ]:
            db.execute(
                text(
                    "INSERT INTO step_states (session_id, step_index, is_open, revealed,"
                    f" hidden_items) VALUES (1, :index, :is_open, :revealed, {as_json})"
                ),
                {
                    "index": index,
                    "is_open": is_open,
                    "revealed": revealed,
                    "value": json.dumps(hidden),
                },
            )
        for person in (1, 2, 3):
            db.execute(
                text(
                    "INSERT INTO participants (id, session_id, token_digest, joined_at)"
                    " VALUES (:id, 1, :token, :joined)"
                ),
                {
                    "id": person,
                    "token": digest(f"token-{person}"),
                    "joined": _stamp(engine, CREATED),
                },
            )
        for (index, exercise, person), value in ANSWERS.items():
            db.execute(
                text(
                    "INSERT INTO answers (session_id, step_index, exercise_id, participant_id,"
                    f" value, created_at, updated_at) VALUES (1, :index, :exercise, :person,"
                    f" {as_json}, :created, :updated)"
                ),
                {
                    "index": index,
                    "exercise": exercise,
                    "person": person,
                    "value": json.dumps(value, ensure_ascii=False),
                    "created": _stamp(engine, CREATED),
                    "updated": _stamp(engine, TIMER),
                },
            )
        if engine.dialect.name == "postgresql":  # ids were given explicitly: move sequences on
            for table in ("sessions", "participants", "answers"):
                db.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )


def test_a_database_filled_at_the_first_schema_keeps_its_data_at_head(database_url):
    engine = engine_for(database_url)
    upgrade(engine, FIRST)
    assert _current(engine) == FIRST
    _fill_first_schema(engine)

    upgrade(engine, "head")
    assert _current(engine) == HEAD

    store = Store(database_url)
    live = store.session_by_code("K7QX2M")
    assert live is not None
    assert (live.workshop_id, live.lang, live.current_step, live.step_count) == (
        "starter",
        "fr",
        3,
        4,
    )
    assert (live.created_at, live.expires_at, live.timer_ends_at) == (CREATED, EXPIRES, TIMER)
    assert (live.archived, live.self_paced) == (False, False)
    assert store.versions([live.id]) == {live.id: (14, 7)}
    archived = store.session_by_code("B4TW9R")
    assert archived is not None and archived.archived and archived.timer_ends_at is None
    assert store.step_states(live.id) == {
        0: StepState(is_open=False, revealed=True, hidden_items=["stress 😬"]),
        2: StepState(is_open=False, revealed=True, hidden_items=[]),
        3: StepState(is_open=True, revealed=False, hidden_items=[]),
    }
    assert store.participant_id(live.id, digest("token-2")) == 2
    stored = {
        (a.step_index, a.exercise_id, a.participant_id): a.value
        for a in store.session_answers(live.id)
    }
    assert stored == ANSWERS
    assert store.counts(live.id) == (3, {0: 3, 2: 2, 3: 1})

    # ...and the migrated database takes new people and answers like a fresh one.
    newcomer = store.join(live.id, digest("token-new"), max_participants=100)
    assert newcomer not in (1, 2, 3)
    store.save_answer(live.id, 3, "choice-your-way", newcomer, ["coffee"])
    store.save_answer(live.id, 3, "choice-your-way", 1, ["online-groups"])
    assert store.counts(live.id) == (4, {0: 3, 2: 2, 3: 2})
    assert store.versions([live.id]) == {live.id: (14, 9)}


def test_the_tables_the_code_queries_match_the_migrated_schema(database_url):
    """A change to modules/store/tables.py without a migration (or the reverse) fails here."""
    engine = engine_for(database_url)
    upgrade(engine, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []


def test_every_migration_can_be_undone_and_redone(database_url):
    engine = engine_for(database_url)
    upgrade(engine, "head")
    _downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine, "head")
    assert _current(engine) == HEAD
    assert set(inspect(engine).get_table_names()) >= set(metadata.tables)


def test_two_upgrades_started_together_both_succeed(database_url, tmp_path):
    """Replicas starting at once, or `workshop db upgrade` beside a running server."""
    env = {"WORKSHOP_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "modules.cli", "db", "upgrade"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert _current(engine_for(database_url)) == HEAD
