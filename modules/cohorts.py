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
from modules.i18n import Lang
from modules.i18n.formatting import percent_suffix
from modules.identity import normalise_join_code
from modules.kinds import ExerciseBase, kind_of
from modules.results import StepResult, result_for_step
from modules.store import SessionInfo, Store
from modules.text import plotly_safe
from modules.theme import OKABE_ITO, projector_layout

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "StepReport",
    "comparable_sessions",
    "comparison_figure",
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


def comparison_table(
    store: Store,
    catalog: Catalog,
    workshop: Workshop,
    sessions: Iterable[SessionInfo],
    lang: Lang,
) -> pd.DataFrame:
    """Each session's per-step result, stacked; a group under its session's k is withheld."""
    frames = []
    for session in sessions:
        for report in session_report(store, catalog, workshop, session, lang):
            if report.private:
                continue
            head = {
                "session": session.code,
                "date": session.created_at.date().isoformat(),
                "step": report.number,
                "exercise_id": report.exercise.id,
                "kind": report.exercise.kind,
                "answers": report.result.answers,
            }
            table = report.result.table
            if table is None or table.empty:
                frames.append(pd.DataFrame([{**head, "withheld": True}]))
                continue
            frame = table.copy()
            for position, (name, value) in enumerate(head.items()):
                if name in frame.columns:  # a kind column sharing a name keeps its data
                    frame = frame.rename(columns={name: f"{name}_value"})
                frame.insert(position, name, value)
            frame["withheld"] = False
            frames.append(frame)
    if not frames:
        return pd.DataFrame(
            columns=["session", "date", "step", "exercise_id", "kind", "answers", "withheld"]
        )
    return pd.concat(frames, ignore_index=True)


def comparison_figure(
    exercise: ExerciseBase, stacked: pd.DataFrame, lang: Lang
) -> go.Figure | None:
    """One step across sessions: grouped bars of the measure the step's table holds."""
    import plotly.graph_objects as go

    rows = stacked[(stacked["exercise_id"] == exercise.id) & ~stacked["withheld"].astype(bool)]
    if "label" not in rows.columns and "word" in rows.columns:
        rows = rows.rename(columns={"word": "label"})
    rows = rows.dropna(subset=["label"]) if "label" in rows.columns else rows
    if rows.empty or "label" not in rows.columns:
        return None
    if "share" in rows.columns and "statement" not in rows.columns:
        measure, suffix, scale = "share", percent_suffix(lang), 100.0
    elif "mean" in rows.columns:
        rows, measure, suffix, scale = rows.drop_duplicates(["session", "label"]), "mean", "", 1.0
    elif "shift" in rows.columns:
        measure, suffix, scale = "shift", "", 1.0
    else:
        return None
    top = rows.groupby("label", sort=False)[measure].mean().abs().nlargest(15).index
    rows = rows[rows["label"].isin(top)]
    figure = go.Figure()
    for number, (code, group) in enumerate(rows.groupby("session", sort=False)):
        values = group.groupby("label", sort=False)[measure].mean()
        figure.add_trace(
            go.Bar(
                x=list(values * scale),
                y=[plotly_safe(str(label)) for label in values.index],
                orientation="h",
                name=plotly_safe(f"{group['date'].iloc[0]} · {code}"),
                marker_color=OKABE_ITO[number % len(OKABE_ITO)],
            )
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(ticksuffix=suffix)
    figure.update_yaxes(autorange="reversed")
    return projector_layout(
        figure, height=max(360, 36 * len(top) * max(1, len(figure.data))), lang=lang
    )
