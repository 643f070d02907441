"""The ``Store``: every query the app runs, each in one short transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from modules.identity import new_join_code
from modules.store.authored import AuthoredQueries
from modules.store.db import engine_for, read, wipe_freed_pages, write
from modules.store.records import ParticipantAnswer, SessionInfo, StepState
from modules.store.schema import ensure_schema
from modules.store.tables import (
    answers,
    participants,
    presence,
    screens,
    session_workshops,
    sessions,
    step_states,
    utcnow,
    wall_votes,
)

__all__ = [
    "LOBBY",
    "SessionFull",
    "Store",
    "TooManyNewSessions",
    "TooManySessions",
    "on_versions_moved",
]

_moved_listeners: dict[str, list[Callable[[int], None]]] = {}
_moved_lock = threading.Lock()


def on_versions_moved(url: str, listener: Callable[[int], None]) -> None:
    """Call ``listener(session_id)`` after this process commits a change of a session's
    ``state_version`` or ``answer_version`` in the database at ``url`` (or deletes the
    session): a process sees its own facilitator's click and answers at once; other processes
    see them through the versions written in the database."""
    with _moved_lock:
        _moved_listeners.setdefault(url, []).append(listener)


LOBBY = -1
"""``current_step`` before the first step: people join while the projector shows the QR code."""


class SessionFull(Exception):
    """The session reached its participant limit."""


class TooManySessions(Exception):
    """The instance reached its session limit."""


class TooManyNewSessions(TooManySessions):
    """The instance created its hourly share of sessions: a flood, or a very busy hour."""


def _session(row: Any) -> SessionInfo:
    return SessionInfo(**{name: getattr(row, name) for name in SessionInfo.__dataclass_fields__})


class Store(AuthoredQueries):
    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine: Engine = engine_for(url)
        if migrate:
            ensure_schema(self.engine)

    # -- sessions ---------------------------------------------------------------------------

    def create_session(
        self,
        *,
        workshop_id: str,
        lang: str,
        key_digest: str,
        step_count: int,
        privacy_threshold: int,
        retention_days: int,
        max_sessions: int | None = None,
        self_paced: bool = False,
        capacity: int = 1000,
        projector_digest: str | None = None,
        new_per_hour: int | None = None,
        document: dict[str, Any] | None = None,
        owner_digest: str | None = None,
    ) -> SessionInfo:
        """A new session in the lobby with a free join code; ``TooManySessions`` past the
        instance's limit, ``TooManyNewSessions`` past ``new_per_hour`` sessions created in the
        last hour (counted in the database, so the limit holds for every replica together).
        ``document`` is its own copy of its workshop."""
        now = utcnow()
        for _attempt in range(20):
            code = new_join_code()
            try:
                with write(self.engine) as db:
                    if max_sessions is not None:
                        total = db.scalar(select(func.count()).select_from(sessions))
                        if total >= max_sessions:
                            raise TooManySessions
                    if new_per_hour is not None:
                        recent = db.scalar(
                            select(func.count()).where(
                                sessions.c.created_at > now - timedelta(hours=1)
                            )
                        )
                        if recent >= new_per_hour:
                            raise TooManyNewSessions
                    new_id = db.execute(
                        insert(sessions).values(
                            code=code,
                            workshop_id=workshop_id,
                            lang=lang,
                            key_digest=key_digest,
                            created_at=now,
                            expires_at=now + timedelta(days=retention_days),
                            archived=False,
                            step_count=step_count,
                            current_step=LOBBY,
                            privacy_threshold=privacy_threshold,
                            self_paced=self_paced,
                            state_version=1,
                            answer_version=0,
                            capacity=capacity,
                            projector_digest=projector_digest,
                            projector_generation=0,
                            joining_locked=False,
                            admission=0,
                            owner_digest=owner_digest,
                        )
                    ).inserted_primary_key[0]
                    if document is not None:
                        db.execute(
                            insert(session_workshops).values(session_id=new_id, document=document)
                        )
            except IntegrityError:
                continue  # join code already taken: draw another
            found = self.session(new_id)
            assert found is not None
            return found
        raise RuntimeError("could not draw a free join code")

    def session(self, session_id: int) -> SessionInfo | None:
        with read(self.engine) as db:
            row = db.execute(select(sessions).where(sessions.c.id == session_id)).first()
        return _session(row) if row else None

    def session_by_code(self, code: str) -> SessionInfo | None:
        with read(self.engine) as db:
            row = db.execute(select(sessions).where(sessions.c.code == code)).first()
        return _session(row) if row else None

    def list_sessions(
        self, *, include_archived: bool = False, owner_digest: str | None = None
    ) -> list[tuple[SessionInfo, int]]:
        """Sessions, newest first, each with its number of participants; with
        ``owner_digest``, only those created with that personal link."""
        joined = (
            select(func.count()).where(participants.c.session_id == sessions.c.id).scalar_subquery()
        )
        query = select(sessions, joined.label("joined")).order_by(sessions.c.created_at.desc())
        if not include_archived:
            query = query.where(sessions.c.archived.is_(False))
        if owner_digest is not None:
            query = query.where(sessions.c.owner_digest == owner_digest)
        with read(self.engine) as db:
            return [(_session(row), row.joined) for row in db.execute(query)]

    def update_session(self, session_id: int, **values: Any) -> None:
        """Change the session's live state; phones see it through ``state_version``."""
        with write(self.engine) as db:
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(**values, state_version=sessions.c.state_version + 1)
            )
        self._moved(session_id)

    def delete_session(self, session_id: int) -> None:
        """Delete the session and everything it holds, then wipe it from the disk too."""
        self._delete(session_id)
        wipe_freed_pages(self.engine)

    def _delete(self, session_id: int) -> None:
        with write(self.engine) as db:
            for table in (
                wall_votes,
                answers,
                participants,
                step_states,
                screens,
                presence,
                session_workshops,
            ):
                db.execute(delete(table).where(table.c.session_id == session_id))
            db.execute(delete(sessions).where(sessions.c.id == session_id))
        self._moved(session_id)

    def _moved(self, session_id: int) -> None:
        for listener in _moved_listeners.get(self.url, ()):
            listener(session_id)

    def purge_expired(
        self, now: datetime | None = None, *, unused_after: timedelta | None = None
    ) -> int:
        """Delete sessions past their expiry date and, with ``unused_after``, sessions that
        never received an answer and are older than that (a flood of empty sessions goes in a
        day, not after the whole retention period)."""
        now = now or utcnow()
        expired = sessions.c.expires_at <= now
        if unused_after is not None:
            unused = (sessions.c.answer_version == 0) & (
                sessions.c.created_at <= now - unused_after
            )
            expired = expired | unused
        with read(self.engine) as db:
            ids = list(db.scalars(select(sessions.c.id).where(expired)))
        for session_id in ids:
            self._delete(session_id)
        if ids:
            wipe_freed_pages(self.engine)
        return len(ids)

    def versions(self, session_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        ids = list(session_ids)
        if not ids:
            return {}
        query = select(sessions.c.id, sessions.c.state_version, sessions.c.answer_version).where(
            sessions.c.id.in_(ids)
        )
        with read(self.engine) as db:
            return {row.id: (row.state_version, row.answer_version) for row in db.execute(query)}

    # -- steps ------------------------------------------------------------------------------

    def step_state(self, session_id: int, step_index: int) -> StepState:
        query = select(step_states).where(
            step_states.c.session_id == session_id, step_states.c.step_index == step_index
        )
        with read(self.engine) as db:
            row = db.execute(query).first()
        if row is None:
            return StepState()
        return StepState(
            is_open=row.is_open, revealed=row.revealed, hidden_items=list(row.hidden_items)
        )

    def step_states(self, session_id: int) -> dict[int, StepState]:
        query = select(step_states).where(step_states.c.session_id == session_id)
        with read(self.engine) as db:
            return {
                row.step_index: StepState(row.is_open, row.revealed, list(row.hidden_items))
                for row in db.execute(query)
            }

    def set_step_state(self, session_id: int, step_index: int, **values: Any) -> None:
        """Upsert one step's state and bump the session's ``state_version``."""
        row = {"is_open": False, "revealed": False, "hidden_items": [], **values}
        with write(self.engine) as db:
            statement = self._upsert(step_states).values(
                session_id=session_id, step_index=step_index, **row
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["session_id", "step_index"], set_=values
                )
            )
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(state_version=sessions.c.state_version + 1)
            )
        self._moved(session_id)

    def set_text_hidden(self, session_id: int, step_index: int, key: str, hidden: bool) -> None:
        """Add or remove one text key in a step's ``hidden_items``, atomically."""
        query = (
            select(step_states.c.hidden_items)
            .where(step_states.c.session_id == session_id, step_states.c.step_index == step_index)
            .with_for_update()
        )
        with write(self.engine) as db:
            current = list(db.scalar(query) or [])
            if (key in current) == hidden:
                return
            keys = [*current, key] if hidden else [k for k in current if k != key]
            statement = self._upsert(step_states).values(
                session_id=session_id,
                step_index=step_index,
                is_open=False,
                revealed=False,
                hidden_items=keys,
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["session_id", "step_index"], set_={"hidden_items": keys}
                )
            )
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(state_version=sessions.c.state_version + 1)
            )
        self._moved(session_id)

    def hidden_items(self, session_id: int) -> dict[int, list[str]]:
        """Every step's hidden text keys (steps with none are left out)."""
        return {
            index: state.hidden_items
            for index, state in self.step_states(session_id).items()
            if state.hidden_items
        }

    # -- the room ---------------------------------------------------------------------------

    def silent_participants(self, session_id: int) -> int:
        """Participants with no answer (only sessions from before joining at the first answer
        have them: a phone now becomes a participant when it first answers)."""
        answered = select(answers.c.participant_id).where(answers.c.session_id == session_id)
        query = select(func.count()).where(
            participants.c.session_id == session_id, participants.c.id.not_in(answered)
        )
        with read(self.engine) as db:
            return db.scalar(query) or 0

    def turn_away_silent(self, session_id: int) -> int:
        """Lock joining, forget participants without an answer and make every phone that never
        answered ask to be admitted again (which the lock refuses). Returns the rows removed."""
        answered = select(answers.c.participant_id).where(answers.c.session_id == session_id)
        with write(self.engine) as db:
            removed = db.execute(
                delete(participants).where(
                    participants.c.session_id == session_id, participants.c.id.not_in(answered)
                )
            ).rowcount
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(
                    joining_locked=True,
                    admission=sessions.c.admission + 1,
                    state_version=sessions.c.state_version + 1,
                )
            )
        self._moved(session_id)
        return removed or 0

    def publish_presence(
        self, replica: str, counts: dict[int, tuple[int, int]], now: datetime | None = None
    ) -> None:
        """This replica's phones per session (phones, of which never answered); sessions it
        no longer serves are dropped from its rows."""
        now = now or utcnow()
        with write(self.engine) as db:
            db.execute(
                delete(presence).where(
                    presence.c.replica == replica, presence.c.session_id.not_in(list(counts))
                )
            )
            live = set(db.scalars(select(sessions.c.id).where(sessions.c.id.in_(list(counts)))))
            for session_id, (phones, waiting) in counts.items():
                if session_id not in live:
                    continue  # deleted meanwhile: its rows must not come back
                values = {"phones": phones, "waiting": waiting, "seen_at": now}
                statement = self._upsert(presence).values(
                    replica=replica, session_id=session_id, **values
                )
                db.execute(
                    statement.on_conflict_do_update(
                        index_elements=["replica", "session_id"], set_=values
                    )
                )

    def presence(
        self, session_id: int, *, since: datetime, except_replica: str | None = None
    ) -> tuple[int, int]:
        """(phones, never answered) the other replicas reported since ``since``."""
        query = select(
            func.coalesce(func.sum(presence.c.phones), 0),
            func.coalesce(func.sum(presence.c.waiting), 0),
        ).where(presence.c.session_id == session_id, presence.c.seen_at >= since)
        if except_replica is not None:
            query = query.where(presence.c.replica != except_replica)
        with read(self.engine) as db:
            phones, waiting = db.execute(query).one()
        return int(phones), int(waiting)

    # -- what the projector shows besides the step -----------------------------------------------

    def join_shown(self, session_id: int) -> bool:
        """Whether the projector shows the big join screen (QR code and code) over the step."""
        query = select(screens.c.join_shown).where(screens.c.session_id == session_id)
        with read(self.engine) as db:
            return bool(db.scalar(query))

    def show_join(self, session_id: int, shown: bool) -> None:
        """Bring the join screen up on the projector (or take it down); screens follow."""
        with write(self.engine) as db:
            statement = self._upsert(screens).values(session_id=session_id, join_shown=shown)
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["session_id"], set_={"join_shown": shown}
                )
            )
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(state_version=sessions.c.state_version + 1)
            )
        self._moved(session_id)

    # -- participants and answers -----------------------------------------------------------

    def join(self, session_id: int, token_digest: str, *, max_participants: int) -> int:
        """The participant's id, creating it on first visit; ``SessionFull`` past the limit."""
        found = self.participant_id(session_id, token_digest)
        if found is not None:
            return found
        with write(self.engine) as db:
            # One join at a time per session, so a rush cannot overshoot the limit. PostgreSQL
            # locks the session row FOR NO KEY UPDATE (as answers' UPDATE does, so no deadlock);
            # SQLite's BEGIN IMMEDIATE already serialises writers.
            db.execute(
                select(sessions.c.id)
                .where(sessions.c.id == session_id)
                .with_for_update(key_share=True)
            )
            count = db.scalar(select(func.count()).where(participants.c.session_id == session_id))
            if count >= max_participants:
                raise SessionFull
            statement = self._upsert(participants).values(
                session_id=session_id, token_digest=token_digest, joined_at=utcnow()
            )
            db.execute(
                statement.on_conflict_do_nothing(index_elements=["session_id", "token_digest"])
            )
        found = self.participant_id(session_id, token_digest)
        assert found is not None
        return found

    def participant_id(self, session_id: int, token_digest: str) -> int | None:
        query = select(participants.c.id).where(
            participants.c.session_id == session_id, participants.c.token_digest == token_digest
        )
        with read(self.engine) as db:
            return db.scalar(query)

    def save_answer(
        self, session_id: int, step_index: int, exercise_id: str, participant_id: int, value: Any
    ) -> None:
        """Insert or replace the participant's answer to a step: never two rows for one person."""
        now = utcnow()
        with write(self.engine) as db:
            statement = self._upsert(answers).values(
                session_id=session_id,
                step_index=step_index,
                exercise_id=exercise_id,
                participant_id=participant_id,
                value=value,
                created_at=now,
                updated_at=now,
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=["session_id", "step_index", "participant_id"],
                    set_={"value": value, "updated_at": now},
                )
            )
            db.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(answer_version=sessions.c.answer_version + 1)
            )
        self._moved(session_id)

    def answer(self, session_id: int, step_index: int, participant_id: int) -> Any | None:
        query = select(answers.c.value).where(
            answers.c.session_id == session_id,
            answers.c.step_index == step_index,
            answers.c.participant_id == participant_id,
        )
        with read(self.engine) as db:
            return db.scalar(query)

    def step_answers(self, session_id: int, step_index: int) -> list[ParticipantAnswer]:
        return self.session_answers(session_id, step_index=step_index)

    def session_answers(
        self, session_id: int, *, step_index: int | None = None
    ) -> list[ParticipantAnswer]:
        query = (
            select(answers)
            .where(answers.c.session_id == session_id)
            .order_by(answers.c.step_index, answers.c.participant_id)
        )
        if step_index is not None:
            query = query.where(answers.c.step_index == step_index)
        with read(self.engine) as db:
            return [
                ParticipantAnswer(
                    row.participant_id, row.step_index, row.exercise_id, row.value, row.updated_at
                )
                for row in db.execute(query)
            ]

    def participant_answers(self, session_id: int, participant_id: int) -> dict[int, Any]:
        query = select(answers.c.step_index, answers.c.value).where(
            answers.c.session_id == session_id, answers.c.participant_id == participant_id
        )
        with read(self.engine) as db:
            return {row.step_index: row.value for row in db.execute(query)}

    def participant_count(self, session_id: int) -> int:
        query = select(func.count()).where(participants.c.session_id == session_id)
        with read(self.engine) as db:
            return db.scalar(query) or 0

    def counts(self, session_id: int) -> tuple[int, dict[int, int]]:
        """(participants joined, answers per step index)."""
        with read(self.engine) as db:
            joined = db.scalar(select(func.count()).where(participants.c.session_id == session_id))
            per_step = db.execute(
                select(answers.c.step_index, func.count())
                .where(answers.c.session_id == session_id)
                .group_by(answers.c.step_index)
            )
            return joined or 0, {step: count for step, count in per_step}

    # -- votes (wall) ------------------------------------------------------------------------

    def set_vote(
        self, session_id: int, step_index: int, voter_id: int, text_digest: str, voted: bool
    ) -> bool:
        """Cast (or withdraw) one person's vote for one text; True when something changed.

        The unique key makes a second vote for the same text a no-op, however fast it comes.
        """
        with write(self.engine) as db:
            if voted:
                statement = (
                    self._upsert(wall_votes)
                    .values(
                        session_id=session_id,
                        step_index=step_index,
                        voter_id=voter_id,
                        text_digest=text_digest,
                    )
                    .on_conflict_do_nothing(
                        index_elements=["session_id", "step_index", "voter_id", "text_digest"]
                    )
                    .returning(wall_votes.c.id)
                )
            else:
                statement = (
                    delete(wall_votes)
                    .where(
                        wall_votes.c.session_id == session_id,
                        wall_votes.c.step_index == step_index,
                        wall_votes.c.voter_id == voter_id,
                        wall_votes.c.text_digest == text_digest,
                    )
                    .returning(wall_votes.c.id)
                )
            # RETURNING, not rowcount: drivers disagree on the rowcount of an ignored insert.
            changed = db.execute(statement).first() is not None
            if changed:
                db.execute(
                    update(sessions)
                    .where(sessions.c.id == session_id)
                    .values(answer_version=sessions.c.answer_version + 1)
                )
        if changed:
            self._moved(session_id)
        return changed

    def step_votes(self, session_id: int, step_index: int) -> list[tuple[int, str]]:
        """Every vote of a step as (voter id, text digest)."""
        return self.session_votes(session_id, step_index=step_index).get(step_index, [])

    def session_votes(
        self, session_id: int, *, step_index: int | None = None
    ) -> dict[int, list[tuple[int, str]]]:
        """Step index → its votes as (voter id, text digest); steps without votes left out."""
        query = (
            select(wall_votes.c.step_index, wall_votes.c.voter_id, wall_votes.c.text_digest)
            .where(wall_votes.c.session_id == session_id)
            .order_by(wall_votes.c.step_index, wall_votes.c.id)
        )
        if step_index is not None:
            query = query.where(wall_votes.c.step_index == step_index)
        votes: dict[int, list[tuple[int, str]]] = {}
        with read(self.engine) as db:
            for row in db.execute(query):
                votes.setdefault(row.step_index, []).append((row.voter_id, row.text_digest))
        return votes

    def _upsert(self, table):
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            return sqlite.insert(table)
        if dialect == "postgresql":
            return postgresql.insert(table)
        raise NotImplementedError(f"upsert on {dialect}")
