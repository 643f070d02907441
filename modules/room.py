"""The room: who may come in, how many fit, who is here now, and how fast one may answer.

A phone becomes a *participant* (a database row, counted against the session's capacity) only
when it sends its first answer. Before that it is a *visitor*: it follows the session and costs
no row, so a thousand idle connections fill nothing. The facilitator chooses the capacity at
creation, can lock joining once everyone is in (phones that arrive afterwards are turned away,
phones already here keep going) and can turn away the phones that never answered.

``Visitor`` is what one browser connection remembers (kept by the page in its session state):
which sessions admitted it, at which admission epoch, and the participant ids it holds.
``Presence`` counts the phones following each session in this process and publishes the counts,
so a console on any replica shows every phone online.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from modules import moderation
from modules.identity import digest
from modules.kinds import AnswerRejected, ExerciseBase, kind_of
from modules.ratelimit import AnswerRate
from modules.settings import Settings
from modules.store import SessionFull, SessionInfo, Store
from modules.store.tables import utcnow

__all__ = [
    "NEW_PARTICIPANTS_PER_CONNECTION",
    "Headcount",
    "Presence",
    "Visitor",
    "answer",
    "arrival",
    "capacity_limit",
    "headcount",
    "join_to_vote",
    "joined",
    "known_participant",
    "set_capacity",
    "set_locked",
    "turn_away_silent",
]

NEW_PARTICIPANTS_PER_CONNECTION = 3
"""A real phone becomes a participant once per session; a connection cycling through made-up
tokens to fill a session gets this many, then is told to slow down."""


@dataclass
class Visitor:
    """What one browser connection knows about its own arrivals (never stored)."""

    admitted: dict[int, int] = field(default_factory=dict)  # session id -> admission epoch
    participants: dict[tuple[int, str], int] = field(default_factory=dict)
    # Not a participant as of this answer version: no need to ask again until it moves.
    absent: dict[tuple[int, str], int] = field(default_factory=dict)
    created: int = 0  # participants this connection brought into being


def known_participant(
    store: Store, session: SessionInfo, visitor: Visitor, token: str
) -> int | None:
    """This phone's participant id in the session, if it answered before (on any connection)."""
    key = (session.id, digest(token))
    if key not in visitor.participants:
        if visitor.absent.get(key) == session.answer_version:
            return None  # asked already for this version: a first answer moves it
        found = store.participant_id(session.id, key[1])
        if found is None:
            visitor.absent[key] = session.answer_version
            return None
        visitor.participants[key] = found
    return visitor.participants[key]


def capacity_limit(session: SessionInfo, settings: Settings) -> int:
    return max(1, min(session.capacity, settings.max_participants_per_session))


def arrival(
    store: Store, settings: Settings, session: SessionInfo, visitor: Visitor, token: str
) -> str | None:
    """``None`` when this phone may follow the session, else the message key to show it.

    A participant always may. A visitor may while joining is open (and is then admitted at the
    session's current admission epoch), or if it was admitted at this epoch before the lock.
    """
    if known_participant(store, session, visitor, token) is not None:
        return None
    if session.joining_locked and visitor.admitted.get(session.id) != session.admission:
        return "join_locked"
    visitor.admitted[session.id] = session.admission
    if _participants(store, session.id, session.state_version, session.answer_version) >= (
        capacity_limit(session, settings)
    ):
        return "join_session_full"
    return None


@lru_cache(maxsize=512)
def _participants(store: Store, session_id: int, state_version: int, answer_version: int) -> int:
    """Participants of a session as of these versions: a participant comes with an answer
    (answer version) and goes when turned away (state version), so a room arriving at once
    counts once per change, not once per phone."""
    return store.participant_count(session_id)


def answer(
    store: Store,
    settings: Settings,
    session: SessionInfo,
    exercise: ExerciseBase,
    index: int,
    visitor: Visitor,
    token: str,
    raw: Any,
    rate: AnswerRate,
) -> tuple[Any, int]:
    """Check, join if this is the phone's first answer, then store: (value stored, participant).

    Raises ``AnswerRejected`` with the key of the message for the phone: too fast, step closed,
    the kind's own refusal, joining locked, session full. Nothing is created for an answer that
    is refused, so a refused phone costs the session no place.
    """
    if not rate.allow(f"{session.id}:{digest(token)}"):
        raise AnswerRejected("answer_too_fast")
    if not store.step_state(session.id, index).is_open:
        raise AnswerRejected("step_closed")
    kind_of(exercise).validate(exercise, raw, settings.max_answer_chars)
    participant = known_participant(store, session, visitor, token)
    if participant is None:
        participant = _join(store, settings, session, visitor, token)
    value = moderation.submit_screened(
        store, settings, session, exercise, index, participant, raw, open_checked=True
    )
    return value, participant


def join_to_vote(
    store: Store, settings: Settings, session: SessionInfo, visitor: Visitor, token: str
) -> int:
    """A phone that votes on a wall before posting anything becomes a participant then, under
    the same lock, capacity and per-connection limits as a first answer."""
    participant = known_participant(store, session, visitor, token)
    return (
        participant if participant is not None else _join(store, settings, session, visitor, token)
    )


def _join(
    store: Store, settings: Settings, session: SessionInfo, visitor: Visitor, token: str
) -> int:
    current = store.session(session.id) or session  # the lock may have come since the draw
    if current.joining_locked and visitor.admitted.get(current.id) != current.admission:
        raise AnswerRejected("join_locked")
    if visitor.created >= NEW_PARTICIPANTS_PER_CONNECTION:
        raise AnswerRejected("answer_too_fast")
    try:
        participant = store.join(
            current.id, digest(token), max_participants=capacity_limit(current, settings)
        )
    except SessionFull:
        raise AnswerRejected("join_session_full") from None
    visitor.created += 1
    visitor.participants[(current.id, digest(token))] = participant
    return participant


# -- the facilitator's controls ----------------------------------------------------------------


def set_capacity(store: Store, settings: Settings, session: SessionInfo, capacity: int) -> int:
    """A new capacity, kept between 1 and the instance's limit; returns what was set."""
    chosen = max(1, min(int(capacity), settings.max_participants_per_session))
    store.update_session(session.id, capacity=chosen)
    return chosen


def set_locked(store: Store, session: SessionInfo, locked: bool) -> None:
    store.update_session(session.id, joining_locked=locked)


def turn_away_silent(store: Store, session: SessionInfo) -> int:
    """Lock joining and send away every phone that never answered (see ``Store``)."""
    return store.turn_away_silent(session.id)


# -- who is here now ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Headcount:
    phones: int  # following the session now
    waiting: int  # of which never answered


@dataclass
class _Phone:
    session_id: int
    answered: bool
    seen: float
    alive: Callable[[], bool] | None


class Presence:
    """The phones following each session through this process.

    A page calls ``here`` on each of its runs. A phone that the server pushes redraws to (no
    rerun while the facilitator stands still) passes ``alive``, asked when counting; one that
    polls is counted while it was seen in the last ``forget_after`` seconds. ``publish``
    (when given) receives this process's counts every ``every`` seconds, from one thread.
    """

    def __init__(
        self,
        *,
        forget_after: float = 30.0,
        publish: Callable[[dict[int, Headcount]], None] | None = None,
        every: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.replica = secrets.token_hex(8)
        self._forget_after = forget_after
        self._publish = publish
        self._every = every
        self._clock = clock
        self._lock = threading.Lock()
        self._phones: dict[str, _Phone] = {}
        self._thread: threading.Thread | None = None

    def here(
        self,
        session_id: int,
        page: str,
        *,
        answered: bool,
        alive: Callable[[], bool] | None = None,
    ) -> None:
        with self._lock:
            self._phones[page] = _Phone(session_id, answered, self._clock(), alive)
            if self._thread is None and self._publish is not None:
                self._thread = threading.Thread(
                    target=self._publishing, name="workshop-presence", daemon=True
                )
                self._thread.start()

    def gone(self, page: str) -> None:
        with self._lock:
            self._phones.pop(page, None)

    def counts(self) -> dict[int, Headcount]:
        """Phones per session now; the pages that left are forgotten on the way."""
        now = self._clock()
        with self._lock:
            phones = list(self._phones.items())
        totals: dict[int, list[int]] = {}
        left = []
        for page, phone in phones:
            if not self._present(phone, now):
                left.append((page, phone))
                continue
            total = totals.setdefault(phone.session_id, [0, 0])
            total[0] += 1
            total[1] += not phone.answered
        with self._lock:
            for page, phone in left:
                if self._phones.get(page) is phone:
                    del self._phones[page]
        return {sid: Headcount(p, w) for sid, (p, w) in totals.items()}

    def _present(self, phone: _Phone, now: float) -> bool:
        if phone.alive is not None:
            try:
                return bool(phone.alive())
            except Exception:  # a page that cannot say is gone
                return False
        return now - phone.seen < self._forget_after

    def _publishing(self) -> None:
        assert self._publish is not None
        while True:
            time.sleep(self._every)
            try:
                self._publish(self.counts())
            except Exception:  # the database may blink; the next round tries again
                continue


def headcount(
    store: Store, presence: Presence, session_id: int, *, stale_after: float = 30.0
) -> Headcount:
    """Phones online now on every replica: this process's own count, the others' published."""
    mine = presence.counts().get(session_id, Headcount(0, 0))
    since = utcnow() - timedelta(seconds=stale_after)
    phones, waiting = store.presence(session_id, since=since, except_replica=presence.replica)
    return Headcount(mine.phones + phones, mine.waiting + waiting)


def joined(
    store: Store, presence: Presence, session_id: int, *, participants: int | None = None
) -> int:
    """Everyone who took part or is here now: the participants (who answered, online or not)
    and the phones online that have not answered yet. In the lobby, the phones arriving."""
    if participants is None:
        participants, _ = store.counts(session_id)
    return participants + headcount(store, presence, session_id).waiting
