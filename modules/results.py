"""A step's group result: the aggregate table and figure, or why none is shown yet.

The privacy threshold lives here, once: below ``k`` answers no table or chart leaves the domain,
whoever asks (projector, console, phone, aggregate export).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang
from modules.kinds import ExerciseBase, kind_of
from modules.store import SessionInfo, Store

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["StepResult", "result_for_step", "step_result", "text_key"]


@dataclass(frozen=True)
class StepResult:
    exercise: ExerciseBase
    answers: int
    threshold: int
    table: pd.DataFrame | None

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


def step_result(
    exercise: ExerciseBase, values: list[Any], lang: Lang, *, threshold: int
) -> StepResult:
    kind = kind_of(exercise)
    if kind.private(exercise):
        return StepResult(exercise, len(values), threshold, None)
    if len(values) < threshold:
        return StepResult(exercise, len(values), threshold, None)
    return StepResult(exercise, len(values), threshold, kind.aggregate(exercise, values, lang))


def result_for_step(
    store: Store, catalog: Catalog, workshop: Workshop, session: SessionInfo, index: int, lang: Lang
) -> StepResult:
    """What every page shows for a step: its answers, moderated, under the privacy threshold.

    Pages call this, never ``aggregate`` directly, so moderation and thresholds apply everywhere.
    """
    exercise = catalog.exercise_for(workshop, index)
    kind = kind_of(exercise)
    hidden = set(store.step_state(session.id, index).hidden_items)
    values = []
    for answer in store.step_answers(session.id, index):
        value = answer.value
        if hidden:
            value = kind.redact(exercise, value, lambda text: text_key(text) in hidden)
        if value is not None:
            values.append(value)
    return step_result(exercise, values, lang, threshold=session.privacy_threshold)


def text_key(text: str) -> str:
    """How a free text is named when hidden: case and spacing do not matter."""
    return " ".join(text.casefold().split())
