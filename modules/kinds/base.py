"""What every exercise kind shares: its YAML schema base and its five duties.

A kind is one module in ``modules.kinds`` holding a ``Config`` (pydantic, the YAML fields) and a
``KIND`` object that can ask (draw its widget, handed the Streamlit module), validate, aggregate,
chart and export. Only ``ask`` touches Streamlit, so a kind imports and tests without it.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Self, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from modules.i18n import Lang
from modules.i18n.formatting import typography

if TYPE_CHECKING:
    from collections.abc import Sequence

    import plotly.graph_objects as go

    from modules.comparing import Cohort

__all__ = [
    "AnswerRejected",
    "ExerciseBase",
    "ExportItem",
    "Kind",
    "LocalText",
    "Option",
    "Reference",
    "ResultRow",
    "SpeakerNotes",
    "StepAnswers",
    "StepView",
    "Vote",
    "result_rows_of",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class LocalText(BaseModel):
    """A text every participant can read in French and in English.

    Authors type ordinary spaces; the French text is handed out with French typography's
    no-break spaces (``modules.i18n.formatting.typography``). ``.fr``/``.en`` stay as typed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def __call__(self, lang: Lang) -> str:
        return typography(self.fr, "fr") if lang == "fr" else self.en


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    label: LocalText


class SpeakerNotes(BaseModel):
    """What the facilitator sees in the console only: how to launch and debrief the step."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    launch: LocalText | None = None
    chart: LocalText | None = None
    debrief: list[LocalText] = Field(default_factory=list, max_length=6)


class ExerciseBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    kind: str
    title: LocalText
    prompt: LocalText
    help: LocalText | None = None
    reveal: Literal["live", "on_reveal"] = Field(
        default="on_reveal",
        description="'on_reveal' keeps results off the projector until the facilitator reveals.",
    )
    notes: SpeakerNotes | None = None
    # Exercises this one draws on (e.g. a prepost's ``before``), filled in by the catalog.
    _references: dict[str, ExerciseBase] = PrivateAttr(default_factory=dict)

    def referenced(self, field_name: str) -> ExerciseBase:
        """The exercise named by ``field_name``, as the catalog resolved it at load time."""
        try:
            return self._references[field_name]
        except KeyError:
            raise LookupError(
                f"exercise '{self.id}': field '{field_name}' was not resolved by the catalog"
            ) from None

    def with_references(self, resolved: Mapping[str, ExerciseBase]) -> Self:
        """A copy that knows the exercises its reference fields name."""
        copy = self.model_copy()
        copy._references = {**self._references, **resolved}
        return copy

    @staticmethod
    def _unique_ids(items: list[Any], what: str) -> list[Any]:
        ids = [item.id for item in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate {what} id(s): {', '.join(duplicates)}")
        return items


class AnswerRejected(ValueError):
    """A participant's answer that cannot be stored; ``key`` names the message to show them."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class ExportItem:
    """One row of the tidy export: which part of the answer, and its value."""

    item: str
    value: str | int | float


@dataclass(frozen=True)
class ResultRow:
    """One number of a step's result, for the results export: a measure of one category."""

    measure: str  # what is counted or computed: "count", "share", "mean"…
    category: str  # the code of what it is about: an option, a statement, a word…
    category_label: str  # that category as people read it, in the export's language
    value: float | int | str | None


@dataclass(frozen=True)
class Reference:
    """Another exercise this one draws on: the YAML field naming it and the kinds it may be."""

    field_name: str
    exercise_id: str
    kinds: tuple[str, ...]


Vote = tuple[int, str]
"""One participant's vote for one text of a step: (voter's anonymous id, the text's digest)."""


@dataclass(frozen=True)
class StepAnswers:
    """A step's answers keyed by anonymous participant id, with those of the steps it refers to.

    ``related`` maps a reference's field name to the referenced step's moderated answers, empty
    while that step is under the privacy threshold; ``threshold`` lets a kind withhold any
    sub-group (e.g. pairs) that would be smaller. ``revealed`` says whether the facilitator
    revealed the step (a quiz marks its answer only then); ``votes`` are the step's votes, for
    kinds that take them (``Kind.takes_votes``).
    """

    values: Mapping[int, Any]
    related: Mapping[str, Mapping[int, Any]] = field(default_factory=dict)
    threshold: int = 1
    revealed: bool = False
    votes: tuple[Vote, ...] = ()


@dataclass(frozen=True)
class StepView:
    """What a kind's own drawing on a page may know of the live step (``Kind.*_html``).

    ``own`` is the phone's stored answer (phones only); ``ballot`` is the page's handle on the
    step's votes (``modules.votes.Ballot``, phones of kinds that take votes only).
    """

    lang: Lang
    is_open: bool = True
    revealed: bool = False
    timer_started_at: datetime | None = None
    timer_ends_at: datetime | None = None
    now: datetime | None = None
    key: str = "step"
    own: Any = None
    ballot: Any = None


@dataclass
class AskContext:
    """What a widget needs besides the exercise: language, the stored answer, limits."""

    lang: Lang
    current: Any = None
    max_chars: int = 280
    key: str = "answer"
    extra: dict[str, Any] = field(default_factory=dict)


C = TypeVar("C", bound=ExerciseBase)


class Kind(ABC, Generic[C]):
    name: ClassVar[str]
    config: ClassVar[type[ExerciseBase]]
    # Whether the step's results depend on votes (``StepAnswers.votes``, ``modules.votes``).
    takes_votes: ClassVar[bool] = False

    @abstractmethod
    def ask(self, st: Any, exercise: C, ctx: AskContext) -> Any:
        """Draw the widget inside a form; return the raw value to validate on submit."""

    @abstractmethod
    def validate(self, exercise: C, raw: Any, max_chars: int) -> Any:
        """Return the JSON-ready value to store, or raise ``AnswerRejected``."""

    @abstractmethod
    def aggregate(self, exercise: C, values: list[Any], lang: Lang) -> pd.DataFrame:
        """The group's result as a table: what the chart draws and the aggregate CSV holds."""

    @abstractmethod
    def chart(self, exercise: C, table: pd.DataFrame, lang: Lang) -> go.Figure:
        """A projector-ready Plotly figure of ``aggregate``'s table."""

    @abstractmethod
    def export_items(self, exercise: C, value: Any) -> list[ExportItem]:
        """The tidy rows of one stored answer."""

    def compare(self, exercise: C, cohorts: Sequence[Cohort], lang: Lang) -> go.Figure | None:
        """This step across sessions, each in its colour (``modules.comparing``): the kind's
        own measure side by side. A cohort without a table (too few answers) is never drawn.
        None when the kind has nothing to compare or no session can be drawn."""
        return None

    @abstractmethod
    def sample(self, exercise: C, rng: random.Random, lang: Lang) -> Any:
        """A plausible raw answer, for the demo session, benchmarks and chart tests."""

    def labels(self, exercise: C, item: ExportItem, lang: Lang) -> tuple[str, str]:
        """What an export row's item is, and what its value means, in ``lang`` ("" if it says
        nothing more than the code): ``("Je me sens à l'aise", "Plutôt d'accord")``."""
        return "", ""

    def people_table(self, exercise: C, table: pd.DataFrame, lang: Lang) -> pd.DataFrame | None:
        """The figures a chart cannot carry, as a small table for people (columns named in
        ``lang``, numbers written its way), shown under the chart on the results page."""
        return None

    def result_rows(self, exercise: C, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """The aggregate table as long rows (measure, category, value): the results export."""
        return result_rows_of(table)

    def describe(self, exercise: C, value: Any, lang: Lang) -> str:
        """A participant's own answer as one line of text (confirmation, take-home)."""
        return "; ".join(
            f"{item.item}: {item.value}" if item.item else str(item.value)
            for item in self.export_items(exercise, value)
        )

    def free_texts(self, exercise: C, value: Any) -> list[str]:
        """Participant-written texts in one answer: what moderation lists and can hide."""
        return []

    def redact(self, exercise: C, value: Any, hidden: Callable[[str], bool]) -> Any:
        """The answer without the texts ``hidden`` flags (None if nothing is left)."""
        return value

    def private(self, exercise: C) -> bool:
        """Private kinds are never charted nor exported with the group's answers."""
        return False

    def references(self, exercise: C) -> list[Reference]:
        """Other exercises this one draws on; the catalog checks and resolves them."""
        return []

    def aggregate_step(self, exercise: C, answers: StepAnswers, lang: Lang) -> pd.DataFrame:
        """``aggregate`` when the answers' owners and the referenced steps' answers are known."""
        return self.aggregate(exercise, list(answers.values.values()), lang)

    def texts_table(self, exercise: C, values: list[Any], lang: Lang) -> pd.DataFrame | None:
        """Participants' texts to list on the projector once revealed (None: nothing to list)."""
        return None

    def texts_html(
        self, exercise: C, texts: pd.DataFrame, lang: Lang, *, most: int | None = None
    ) -> str | None:
        """``texts_table``'s texts as self-contained HTML, every text escaped (inert); at most
        ``most`` of them, the others counted. None when there is nothing to list."""
        return None

    # -- optional drawing hooks: each page calls its hook in one place ---------------------

    def answerable(self, exercise: C) -> bool:
        """Whether phones get an answer form (a talk without a note has nothing to send)."""
        return True

    def min_minutes(self, exercise: C) -> float:
        """The shortest step this exercise fits in; ``workshop check`` refuses a shorter step."""
        return 0.0

    def split_when_closed(self, exercise: C) -> bool:
        """Whether the room sees the result once answering closes, before any reveal (quiz)."""
        return False

    def phone_extra(self, st: Any, exercise: C, view: StepView) -> None:
        """Drawn on the phone under the answer form (outside it): votes, an explanation."""

    def projector_html(self, exercise: C, view: StepView) -> str | None:
        """The kind's own projector part, as self-contained HTML; every text escaped.

        For a private kind it replaces the count and the "private" notice; for the others it
        is drawn under the count, above the chart.
        """
        return None

    def console_html(self, exercise: C, view: StepView) -> str | None:
        """What the facilitator needs beyond the notes (a talk's rounds, a quiz's answer)."""
        return None


_CATEGORY_CODES = ("option", "item", "statement", "category", "field", "quarter", "key")
_CATEGORY_LABELS = ("label", "word")
_NOT_MEASURES = {"person", "point", "section", "min_pairs"}


def result_rows_of(
    table: pd.DataFrame, *, prefix: str = "", label_prefix: str = ""
) -> list[ResultRow]:
    """Long rows from an aggregate table with one category per row: its code column (option,
    item…), its label column, and every numeric column as a measure."""
    code = next((c for c in _CATEGORY_CODES if c in table.columns), None)
    label = next((c for c in _CATEGORY_LABELS if c in table.columns), None)
    skip = _NOT_MEASURES | set(_CATEGORY_CODES) | set(_CATEGORY_LABELS)
    measures = [
        column
        for column in table.columns
        if column not in skip
        and (
            pd.api.types.is_numeric_dtype(table[column])
            or pd.api.types.is_bool_dtype(table[column])
        )
    ]
    rows = []
    for record in table.to_dict("records"):
        category = str(record[code]) if code else ""
        shown = str(record[label]) if label else category
        for measure in measures:
            rows.append(
                ResultRow(
                    measure,
                    prefix + category,
                    label_prefix + shown,
                    _plain(record[measure]),
                )
            )
    return rows


def _plain(value: Any) -> float | int | str | None:
    """A table cell as a plain Python value; NaN (nothing to compute) as None."""
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):  # not a scalar
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    return value
