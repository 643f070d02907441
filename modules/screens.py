"""What the projector shows right now, decided once for every screen that talks about it.

The projector draws it; the console draws the same thing small and says it in words; nothing
else guesses. The order matters: the join screen covers everything; a private step never shows
answers; results the facilitator did not reveal (or hid) stay hidden, live steps included; below
the privacy threshold only the count shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from modules.kinds import ExerciseBase, kind_of
from modules.live import results_visible
from modules.results import StepResult
from modules.store import LOBBY, SessionInfo, StepState

__all__ = ["Showing", "Shown", "projector_shows"]


class Shown(Enum):
    LOBBY = "lobby"  # before the first step: the join screen, as people arrive
    JOIN = "join"  # the join screen brought back over a step
    PRIVATE = "private"  # a private step: nothing of the answers, ever
    HIDDEN = "hidden"  # results not revealed, or hidden again
    WAITING = "waiting"  # revealed, but fewer answers than the privacy threshold
    RESULTS = "results"  # the chart


@dataclass(frozen=True)
class Showing:
    shown: Shown
    missing: int = 0  # WAITING: answers still needed before the chart

    @property
    def results(self) -> bool:
        return self.shown is Shown.RESULTS

    @property
    def message_key(self) -> str:
        """The i18n key of the sentence that says what the projector shows."""
        return f"shows_{self.shown.value}"


def projector_shows(
    session: SessionInfo,
    exercise: ExerciseBase | None,
    step: StepState | None,
    result: StepResult | None,
    *,
    join_shown: bool,
) -> Showing:
    """What the projector shows for ``session`` at its current step.

    ``result`` may be None when the caller did not need it (hidden or private steps): it is
    only read once the results would be visible.
    """
    if session.current_step == LOBBY or exercise is None or step is None:
        return Showing(Shown.LOBBY)
    if join_shown:
        return Showing(Shown.JOIN)
    if kind_of(exercise).private(exercise):
        return Showing(Shown.PRIVATE)
    if not results_visible(exercise, step):
        return Showing(Shown.HIDDEN)
    if result is None or not result.shown:
        return Showing(Shown.WAITING, result.missing if result is not None else 0)
    return Showing(Shown.RESULTS)
