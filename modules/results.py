"""A step's group result: the aggregate table and figure, or why none is shown yet.

The privacy threshold lives here, once: below ``k`` answers no table or chart leaves the domain,
whoever asks (projector, console, phone, aggregate export). Steps that draw on another step
(a prepost's ``before``, a words step's ``contrast_with``) get that step's answers here too,
keyed by anonymous participant so the same people can be paired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang
from modules.kinds import ExerciseBase, StepAnswers, kind_of
from modules.kinds.base import Vote
from modules.store import ParticipantAnswer, SessionInfo, Store

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "StepResult",
    "moderated_answers",
    "related_answers",
    "result_for_step",
    "step_result",
    "text_key",
]


@dataclass(frozen=True)
class StepResult:
    exercise: ExerciseBase
    answers: int
    threshold: int
    table: pd.DataFrame | None
    values: tuple[Any, ...] = ()  # the (moderated) answers, only when the table is shown

    @property
    def missing(self) -> int:
        """How many more answers the room needs before anything is shown."""
        return max(0, self.threshold - self.answers)

    @property
    def shown(self) -> bool:
        return self.table is not None

    def figure(self, lang: Lang) -> go.Figure | None:
        if self.table is None:
            return None
        return kind_of(self.exercise).chart(self.exercise, self.table, lang)

    def texts(self, lang: Lang) -> pd.DataFrame | None:
        """Participants' texts to list beside the chart (offers & needs), None if none."""
        if self.table is None:
            return None
        return kind_of(self.exercise).texts_table(self.exercise, list(self.values), lang)

    def texts_html(self, lang: Lang, *, most: int | None = None) -> str | None:
        """The texts (moderated, only above the threshold) as inert HTML, or None."""
        texts = self.texts(lang)
        if texts is None or texts.empty:
            return None
        return kind_of(self.exercise).texts_html(self.exercise, texts, lang, most=most)


def step_result(
    exercise: ExerciseBase,
    values: Sequence[Any] | Mapping[int, Any],
    lang: Lang,
    *,
    threshold: int,
    related: Mapping[str, Mapping[int, Any]] | None = None,
    revealed: bool = False,
    votes: Iterable[Vote] = (),
) -> StepResult:
    """The result of ``values``: a list of answers, or answers keyed by participant id.

    Keyed answers (with ``related``, the referenced steps' keyed answers) let a kind pair the
    same people across steps; a plain list is aggregated as anonymous, unpaired answers.
    ``revealed`` and ``votes`` reach kinds that need them (a quiz's answer, a wall's votes).
    """
    kind = kind_of(exercise)
    listed = list(values.values()) if isinstance(values, Mapping) else list(values)
    if kind.private(exercise) or len(listed) < threshold:
        return StepResult(exercise, len(listed), threshold, None)
    if isinstance(values, Mapping):
        answers = StepAnswers(dict(values), dict(related or {}), threshold, revealed, tuple(votes))
        table = kind.aggregate_step(exercise, answers, lang)
    else:
        table = kind.aggregate(exercise, listed, lang)
    return StepResult(exercise, len(listed), threshold, table, tuple(listed))


def moderated_answers(
    exercise: ExerciseBase, answers: Iterable[ParticipantAnswer], hidden: Iterable[str]
) -> dict[int, Any]:
    """Participant id → answer, without the texts the facilitator hid (and emptied answers)."""
    kind, hidden = kind_of(exercise), set(hidden)
    kept: dict[int, Any] = {}
    for answer in answers:
        value = answer.value
        if hidden:
            value = kind.redact(exercise, value, lambda text: text_key(text) in hidden)
        if value is not None:
            kept[answer.participant_id] = value
    return kept


def related_answers(
    exercise: ExerciseBase,
    workshop: Workshop,
    answers_at: Callable[[int], Mapping[int, Any]],
    threshold: int,
) -> dict[str, dict[int, Any]]:
    """The keyed answers of each step ``exercise`` refers to; empty while under the threshold."""
    related: dict[str, dict[int, Any]] = {}
    for ref in kind_of(exercise).references(exercise):
        index = workshop.position(ref.exercise_id)
        if index is None:
            continue
        answers = answers_at(index)
        related[ref.field_name] = dict(answers) if len(answers) >= threshold else {}
    return related


def result_for_step(
    store: Store, catalog: Catalog, workshop: Workshop, session: SessionInfo, index: int, lang: Lang
) -> StepResult:
    """What every page shows for a step: its answers, moderated, under the privacy threshold.

    Pages call this, never ``aggregate`` directly, so moderation and thresholds apply everywhere.
    """

    def answers_at(position: int, hidden: list[str] | None = None) -> dict[int, Any]:
        return moderated_answers(
            catalog.exercise_for(workshop, position),
            store.step_answers(session.id, position),
            store.step_state(session.id, position).hidden_items if hidden is None else hidden,
        )

    exercise = catalog.exercise_for(workshop, index)
    state = store.step_state(session.id, index)
    threshold = session.privacy_threshold
    related = related_answers(exercise, workshop, answers_at, threshold)
    votes = store.step_votes(session.id, index) if kind_of(exercise).takes_votes else ()
    return step_result(
        exercise,
        answers_at(index, state.hidden_items),
        lang,
        threshold=threshold,
        related=related,
        revealed=state.revealed,
        votes=votes,
    )


def text_key(text: str) -> str:
    """How a free text is named when hidden: case and spacing do not matter."""
    return " ".join(text.casefold().split())
