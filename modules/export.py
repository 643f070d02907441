"""The facilitator's CSV exports: every answer as tidy rows, and each step's aggregate.

Participant pseudonyms are drawn afresh for every export from a random salt, and rows are in
pseudonym order: two exports cannot be joined row by row or pseudonym by pseudonym, nor to the
token a phone holds, and the order says nothing of who joined first. Every text cell is
formula-safe.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang
from modules.kinds import kind_of
from modules.kinds.base import Vote
from modules.moderation import hidden_flag
from modules.results import moderated_answers, related_answers, step_result
from modules.store import ParticipantAnswer, SessionInfo
from modules.text import csv_safe

__all__ = ["TIDY_COLUMNS", "aggregate_table", "tidy_table", "to_csv"]

TIDY_COLUMNS = [
    "session",
    "step",
    "exercise_id",
    "kind",
    "participant",
    "item",
    "value",
    "time",
    "hidden",
]


def _pseudonymiser():
    salt = secrets.token_bytes(16)

    def pseudonym(participant_id: int) -> str:
        mac = hmac.new(salt, str(participant_id).encode(), hashlib.sha256).hexdigest()
        return f"P-{mac[:8]}"

    return pseudonym


def tidy_table(
    session: SessionInfo,
    workshop: Workshop,
    catalog: Catalog,
    answers: Iterable[ParticipantAnswer],
    hidden: Mapping[int, Collection[str]] | None = None,
) -> pd.DataFrame:
    """One row per answer item; private kinds (reflections) never leave the participant.

    ``hidden`` (step index → hidden text keys, ``Store.hidden_items``) flags the texts kept off
    the screens: they stay in the export, marked ``hidden``.
    """
    hidden = hidden or {}
    pseudonym = _pseudonymiser()
    rows: list[dict[str, Any]] = []
    for answer in answers:
        if answer.step_index >= len(workshop.steps):
            continue
        exercise = catalog.exercise_for(workshop, answer.step_index)
        kind = kind_of(exercise)
        if kind.private(exercise):
            continue
        for item in kind.export_items(exercise, answer.value):
            rows.append(
                {
                    "session": session.code,
                    "step": answer.step_index + 1,
                    "exercise_id": exercise.id,
                    "kind": exercise.kind,
                    "participant": pseudonym(answer.participant_id),
                    "item": item.item,
                    "value": item.value,
                    "time": answer.updated_at.isoformat(timespec="seconds"),
                    "hidden": hidden_flag(
                        exercise, answer.value, item, hidden.get(answer.step_index, ())
                    ),
                }
            )
    # By pseudonym, never by participant id or time: rows in join order would pair two exports
    # person by person and show who came first. Pseudonyms are random per export, so is this.
    rows.sort(key=lambda row: (row["participant"], row["step"], str(row["item"])))
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def aggregate_table(
    session: SessionInfo,
    workshop: Workshop,
    catalog: Catalog,
    answers: Iterable[ParticipantAnswer],
    lang: Lang,
    hidden: Mapping[int, Collection[str]] | None = None,
    votes: Mapping[int, Iterable[Vote]] | None = None,
) -> pd.DataFrame:
    """Each step's aggregate, stacked; a step under the privacy threshold shows only its count.

    The texts the facilitator hid (``hidden``, as for ``tidy_table``) are left out, as on every
    screen. Steps drawing on another step (prepost, contrasted words) get its answers, so the
    paired shift appears here as on the projector. ``votes`` (step index → votes,
    ``Store.session_votes``) count on a wall's texts; a quiz's answer is marked (the file is the
    facilitator's).
    """
    hidden, votes = hidden or {}, votes or {}
    raw: dict[int, list[ParticipantAnswer]] = {}
    for answer in answers:
        raw.setdefault(answer.step_index, []).append(answer)
    by_step = {
        index: moderated_answers(
            catalog.exercise_for(workshop, index), step_answers, hidden.get(index, ())
        )
        for index, step_answers in raw.items()
        if index < len(workshop.steps)
    }
    threshold = session.privacy_threshold
    frames = []
    for index in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, index)
        if kind_of(exercise).private(exercise):
            continue
        values = by_step.get(index, {})
        related = related_answers(exercise, workshop, lambda i: by_step.get(i, {}), threshold)
        result = step_result(
            exercise,
            values,
            lang,
            threshold=threshold,
            related=related,
            revealed=True,
            votes=votes.get(index, ()),
        )
        head = {
            "session": session.code,
            "step": index + 1,
            "exercise_id": exercise.id,
            "kind": exercise.kind,
            "answers": len(values),
        }
        if result.table is None or result.table.empty:
            frames.append(pd.DataFrame([{**head, "withheld": result.missing > 0}]))
        else:
            # A result column may share a name with the step's own columns (a two-panel words
            # table has ``exercise_id``): keep both, the result's prefixed.
            frame = result.table.rename(columns={c: f"result_{c}" for c in head}).copy()
            for position, (name, value) in enumerate(head.items()):
                frame.insert(position, name, value)
            frame["withheld"] = False
            frames.append(frame)
    if not frames:
        return pd.DataFrame(
            columns=["session", "step", "exercise_id", "kind", "answers", "withheld"]
        )
    return pd.concat(frames, ignore_index=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet software reads accents right."""
    safe = table.map(csv_safe) if not table.empty else table
    return safe.to_csv(index=False).encode("utf-8-sig")
