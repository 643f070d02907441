"""A demo session filled with synthetic answers, so a newcomer sees every chart at once.

Answers come from ``data/demo_answers.json`` when it holds the workshop (made by
``scripts/make_demo_data.py``, seeded and documented as synthetic), else from each kind's
``sample``. They go through the same validation and storage as a phone's, and wall votes
through the same vote table.

The file holds two kinds of rooms: ``usual`` ones, whose charts look the way the speaker notes
say they often do, and ``surprise`` ones (``workshop demo --surprise``), whose charts contradict
the notes, so a rehearsal shows what to do then.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from modules import live, paths
from modules.catalog import Catalog, load_catalog
from modules.i18n import Lang
from modules.identity import digest, new_participant_token
from modules.kinds import ExerciseBase, kind_of
from modules.service import SessionLinks, create_session, store_for
from modules.settings import Settings
from modules.snapshots import session_workshop
from modules.store import Store
from modules.text import text_digest

__all__ = [
    "DEMO_PARTICIPANTS",
    "NoSurpriseRoom",
    "create_demo_session",
    "demo_answers",
    "surprise_workshops",
]

DEMO_PARTICIPANTS = 25
DEMO_FILE = paths.DEMO_ANSWERS
VOTES = "votes"  # a synthetic person's wall votes: {exercise id: [texts they voted for]}


class NoSurpriseRoom(LookupError):
    """The demo file holds no surprising room for this workshop."""


def _recorded(source: Path) -> dict:
    return json.loads(source.read_text(encoding="utf-8")) if source.exists() else {}


def surprise_workshops(source: Path = DEMO_FILE) -> list[str]:
    """The workshops that have a surprising demo room (the same in both languages)."""
    return sorted(_recorded(source).get("surprise", {}).get("en", {}))


def demo_answers(
    catalog: Catalog,
    workshop_id: str,
    lang: Lang,
    *,
    surprise: bool = False,
    seed: int = 2026,
    participants: int = DEMO_PARTICIPANTS,
    source: Path = DEMO_FILE,
) -> list[dict]:
    """One mapping per participant: exercise id → raw answer (and ``votes`` for walls)."""
    room = "surprise" if surprise else "usual"
    people = _recorded(source).get(room, {}).get(lang, {}).get(workshop_id)
    if people:
        return people[:participants]
    if surprise:
        raise NoSurpriseRoom(workshop_id)
    workshop = catalog.workshops[workshop_id]
    rng = random.Random(seed)
    people = []
    for _ in range(participants):
        person = {}
        for index in range(len(workshop.steps)):
            exercise = catalog.exercise_for(workshop, index)
            if kind_of(exercise).answerable(exercise):  # a talk without a note: nothing to send
                person[exercise.id] = kind_of(exercise).sample(exercise, rng, lang)
        people.append(person)
    return people


def create_demo_session(
    settings: Settings,
    *,
    workshop_id: str | None = None,
    lang: Lang = "fr",
    surprise: bool = False,
) -> SessionLinks:
    """A session of the workshop answered by 25 synthetic people, every step revealed.

    ``surprise`` picks the room whose charts contradict the speaker notes; ``NoSurpriseRoom``
    when the workshop has none (checked before anything is created).
    """
    catalog = load_catalog(settings.exercises_dir)
    workshop_id = workshop_id or _default_workshop(catalog)
    room = demo_answers(catalog, workshop_id, lang, surprise=surprise)
    store = store_for(settings.database_url)
    links = create_session(store, catalog, settings, workshop_id, lang)
    session = store.session_by_code(links.code)
    assert session is not None
    workshop = session_workshop(store, catalog, session)
    assert workshop is not None
    positions = {catalog.exercise_for(workshop, i).id: i for i in range(len(workshop.steps))}
    voters: list[tuple[int, dict[str, list[str]]]] = []
    for person in room:
        participant = store.join(
            session.id,
            digest(new_participant_token()),
            max_participants=settings.max_participants_per_session,
        )
        voters.append((participant, person.get(VOTES, {})))
        for exercise_id, raw in person.items():
            if exercise_id not in positions:
                continue
            index = positions[exercise_id]
            exercise = catalog.exercise_for(workshop, index)
            if not kind_of(exercise).answerable(exercise):
                continue
            value = kind_of(exercise).validate(exercise, raw, settings.max_answer_chars)
            store.save_answer(session.id, index, exercise.id, participant, value)
    recorded = {exercise_id for _, votes in voters for exercise_id in votes}
    for participant, votes in voters:  # once every text is posted, as in a room
        for exercise_id, texts in votes.items():
            if exercise_id in positions:
                for text in texts:
                    store.set_vote(
                        session.id, positions[exercise_id], participant, text_digest(text), True
                    )
    for index in range(len(workshop.steps)):
        store.set_step_state(session.id, index, is_open=True, revealed=True)
        exercise = catalog.exercise_for(workshop, index)
        if kind_of(exercise).takes_votes and exercise.id not in recorded:
            _demo_votes(store, session.id, index, exercise, [p for p, _ in voters])
    live.go_to_step(store, store.session(session.id), 0)
    return links


def _demo_votes(
    store: Store, session_id: int, index: int, exercise: ExerciseBase, people: list[int]
) -> None:
    """Each demo participant votes for a few other people's texts, the first ones favoured."""
    rng = random.Random(f"votes-{index}")
    kind = kind_of(exercise)
    authors: dict[str, set[int]] = {}
    for answer in store.step_answers(session_id, index):
        for text in kind.free_texts(exercise, answer.value):
            authors.setdefault(text_digest(text), set()).add(answer.participant_id)
    keys = list(authors)
    if not keys:
        return
    weights = [1 / (rank + 1) for rank in range(len(keys))]
    for voter in people:
        for key in set(rng.choices(keys, weights, k=rng.randint(0, 3))):
            if voter not in authors[key]:  # never for one's own text, as on a phone
                store.set_vote(session_id, index, voter, key, True)


def _default_workshop(catalog: Catalog) -> str:
    for preferred in ("relations-90", "starter"):
        if preferred in catalog.workshops:
            return preferred
    return sorted(catalog.workshops)[0]
