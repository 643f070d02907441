"""A step of a draft, seen as a phone and as the projector see it, before anyone joins.

The preview is a real, short-lived session of the step (and the earlier steps it draws on),
filled with answers from each kind's own ``sample`` and shown by the real participant and
projector pages: what the author sees is exactly what the room will see. It keeps the same
limits as any session, lives a day at most, and the editor deletes it when it makes the next.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from modules import live
from modules.authoring.document import Checked, check
from modules.authoring.draft import steps_of
from modules.catalog import Catalog
from modules.i18n import Lang
from modules.identity import digest, new_participant_token
from modules.kinds import exercise_adapter, kind_of
from modules.service import create_session
from modules.settings import Settings
from modules.store import Store

__all__ = ["PREVIEW_PARTICIPANTS", "Preview", "preview_document", "start_preview"]

PREVIEW_PARTICIPANTS = 12
PREVIEW_ID = "preview"


@dataclass(frozen=True)
class Preview:
    session_id: int
    code: str
    phone_url: str  # relative to the app, so the editor's own origin serves it
    projector_url: str


def preview_document(document: dict[str, Any], index: int) -> dict[str, Any]:
    """Step ``index`` alone, after the earlier steps it draws on, as a small document."""
    steps = steps_of(document)
    exercises = {e.get("id"): e for e in document.get("exercises") or [] if isinstance(e, dict)}
    wanted = {steps[index].get("exercise")}
    for step in reversed(steps[:index]):
        if step.get("exercise") in wanted:
            continue
        if any(step.get("exercise") in _references(exercises.get(w)) for w in wanted):
            wanted.add(step.get("exercise"))
    kept = [s for s in steps[: index + 1] if s.get("exercise") in wanted]
    target = exercises.get(steps[index].get("exercise")) or {}
    workshop = document.get("workshop", {})
    title = _text_or(workshop.get("title"), target.get("title"))
    return {
        "workshop": {
            "id": PREVIEW_ID,
            "title": title,
            "summary": title,
            "steps": kept,
        },
        "exercises": [exercises[s.get("exercise")] for s in kept if s.get("exercise") in exercises],
    }


def _references(exercise: Any) -> set[str]:
    try:
        parsed = exercise_adapter().validate_python(exercise)
    except Exception:  # an exercise with problems: the check says which
        return set()
    return {ref.exercise_id for ref in kind_of(parsed).references(parsed)}


def _text_or(preferred: Any, fallback: Any) -> Any:
    ok = isinstance(preferred, dict) and all(
        isinstance(preferred.get(lang), str) and preferred.get(lang) for lang in ("fr", "en")
    )
    return preferred if ok else fallback


def start_preview(
    store: Store,
    settings: Settings,
    library: Catalog,
    document: dict[str, Any],
    index: int,
    lang: Lang,
    *,
    participants: int = PREVIEW_PARTICIPANTS,
) -> Preview | Checked:
    """A session at the step with sample answers, or what must be fixed first."""
    small = preview_document(document, index)
    checked = check(small)
    workshop = checked.workshop()
    if workshop is None:
        return checked
    chosen = settings.model_copy(update={"retention_days": 1, "privacy_threshold": 1})
    links = create_session(store, library, chosen, PREVIEW_ID, lang, workshop=workshop)
    session = store.session_by_code(links.code)
    assert session is not None
    rng = random.Random(f"preview-{index}")
    people = [
        store.join(
            session.id,
            digest(new_participant_token()),
            max_participants=settings.max_participants_per_session,
        )
        for _ in range(participants)
    ]
    last = len(workshop.steps) - 1
    for position in range(len(workshop.steps)):
        exercise = checked.catalog.exercise_for(workshop, position)
        kind = kind_of(exercise)
        if kind.answerable(exercise):
            for person in people:
                raw = kind.sample(exercise, rng, lang)
                value = kind.validate(exercise, raw, settings.max_answer_chars)
                store.save_answer(session.id, position, exercise.id, person, value)
        store.set_step_state(session.id, position, is_open=True, revealed=True)
    live.go_to_step(store, session, last)
    token = new_participant_token()
    phone = urlencode({"code": links.code, "p": token, "lang": lang, "embed": "true"})
    projector = urlencode(
        {"code": links.code, "view": links.projector_token, "lang": lang, "embed": "true"}
    )
    return Preview(session.id, links.code, f"./?{phone}", f"projector?{projector}")
