"""A session's results page, and the comparison of several sessions of the same workshop.

Every number comes from ``results.result_for_step``: moderation and each session's own privacy
threshold apply, so a comparison never shows a group smaller than that session's k. Which
sessions may be compared: those whose facilitator key the person holds (or every session, for
the instance's admin), and only sessions of the same workshop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

import pandas as pd

from modules import access
from modules.access import Action
from modules.catalog import Catalog, Workshop
from modules.comparing import Cohort
from modules.export import measure_label
from modules.i18n import Lang
from modules.identity import normalise_join_code
from modules.kinds import ExerciseBase, kind_of
from modules.results import StepResult, result_for_step
from modules.store import SessionInfo, Store

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "COMPARISON_COLUMNS",
    "StepComparison",
    "StepReport",
    "comparable_sessions",
    "compare_steps",
    "comparison_table",
    "parse_facilitator_links",
    "session_label",
    "session_report",
]


@dataclass(frozen=True)
class StepReport:
    index: int
    exercise: ExerciseBase
    result: StepResult
    private: bool
    before_after: bool  # the step draws on an earlier one (prepost, contrasted words…)

    @property
    def number(self) -> int:
        return self.index + 1

    def people_table(self, lang: Lang) -> pd.DataFrame | None:
        """The figures beside the chart, for people (``Kind.people_table``), if the kind has any."""
        if self.result.table is None:
            return None
        return kind_of(self.exercise).people_table(self.exercise, self.result.table, lang)


def session_report(
    store: Store, catalog: Catalog, workshop: Workshop, session: SessionInfo, lang: Lang
) -> list[StepReport]:
    """Every step's result for the results page, in agenda order."""
    reports = []
    for index in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, index)
        kind = kind_of(exercise)
        result = result_for_step(store, catalog, workshop, session, index, lang)
        reports.append(
            StepReport(
                index,
                exercise,
                result,
                kind.private(exercise),
                bool(kind.references(exercise)),
            )
        )
    return reports


_CODE_AND_KEY = re.compile(r"^\s*([A-Za-z0-9-]{6,12})[\s,;]+([A-Za-z0-9_-]{20,})\s*$")


def parse_facilitator_links(text: str) -> list[tuple[str, str]]:
    """(code, key) pairs from pasted facilitator links, or from lines "CODE KEY"."""
    found: list[tuple[str, str]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code = key = None
        if "code=" in line and "key=" in line:
            query = parse_qs(urlparse(line).query)
            code, key = query.get("code", [None])[0], query.get("key", [None])[0]
        elif match := _CODE_AND_KEY.match(line):
            code, key = match.group(1), match.group(2)
        normal = normalise_join_code(code or "")
        if normal and key and (normal, key) not in found:
            found.append((normal, key))
    return found


def comparable_sessions(
    store: Store,
    base: SessionInfo,
    keys: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    admin: bool = False,
) -> list[SessionInfo]:
    """Other sessions of ``base``'s workshop that these keys (or the admin) may open."""
    pairs = dict(keys.items() if isinstance(keys, Mapping) else keys)
    sessions = []
    for session, _joined in store.list_sessions(include_archived=True):
        if session.id == base.id or session.workshop_id != base.workshop_id:
            continue
        if admin or access.allows(access.role_in(session, pairs.get(session.code)), Action.RESULTS):
            sessions.append(session)
    return sessions


def session_label(session: SessionInfo) -> str:
    return f"{session.created_at.date().isoformat()} · {session.code}"


@dataclass(frozen=True)
class StepComparison:
    """One step across the sessions compared: each session's result as a ``Cohort``."""

    index: int
    exercise: ExerciseBase
    sessions: tuple[tuple[SessionInfo, Cohort], ...]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def cohorts(self) -> list[Cohort]:
        return [cohort for _, cohort in self.sessions]

    @property
    def too_few(self) -> list[Cohort]:
        """The sessions under their own privacy threshold at this step: never drawn."""
        return [cohort for cohort in self.cohorts if not cohort.shown]

    def figure(self, lang: Lang) -> go.Figure | None:
        """The kind's own comparison (``Kind.compare``); None when no session can be drawn."""
        if not any(cohort.shown for cohort in self.cohorts):
            return None
        return kind_of(self.exercise).compare(self.exercise, self.cohorts, lang)


def compare_steps(
    store: Store,
    catalog: Catalog,
    workshop: Workshop,
    sessions: Iterable[SessionInfo],
    lang: Lang,
) -> list[StepComparison]:
    """Every charted (not private) step across ``sessions``, in agenda order.

    Each session's result comes from ``result_for_step``: moderated, under that session's k.
    """
    sessions = list(sessions)
    reports = [session_report(store, catalog, workshop, s, lang) for s in sessions]
    steps = []
    for index in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, index)
        if kind_of(exercise).private(exercise):
            continue
        pairs = tuple(
            (session, _cohort(session, report[index].result))
            for session, report in zip(sessions, reports, strict=True)
        )
        steps.append(StepComparison(index, exercise, pairs))
    return steps


def _cohort(session: SessionInfo, result: StepResult) -> Cohort:
    return Cohort(session_label(session), result.table, result.answers, result.threshold)


COMPARISON_COLUMNS = [
    "session",
    "date",
    "step",
    "exercise_id",
    "kind",
    "answers",
    "withheld",
    "measure",
    "measure_label",
    "category",
    "category_label",
    "value",
]


def comparison_table(steps: Iterable[StepComparison], lang: Lang) -> pd.DataFrame:
    """The comparison as long rows: per session and step, the counts, shares and summary
    statistics of the results export (``Kind.result_rows``), never an answer one by one; a
    session under its threshold at a step has one row, withheld."""
    rows: list[dict[str, object]] = []
    for step in steps:
        kind = kind_of(step.exercise)
        for session, cohort in step.sessions:
            head = {
                "session": session.code,
                "date": session.created_at.date().isoformat(),
                "step": step.number,
                "exercise_id": step.exercise.id,
                "kind": step.exercise.kind,
                "answers": cohort.answers,
            }
            if cohort.table is None:
                rows.append({**head, "withheld": True})
                continue
            for row in kind.result_rows(step.exercise, cohort.table, lang):
                rows.append(
                    {
                        **head,
                        "withheld": False,
                        "measure": row.measure,
                        "measure_label": measure_label(row.measure, lang),
                        "category": row.category,
                        "category_label": row.category_label,
                        "value": row.value,
                    }
                )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
