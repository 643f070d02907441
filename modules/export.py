"""The facilitator's exports: every answer as tidy rows, and each step's results, for people.

Both are tidy (one observation per row) and carry, beside every code (``listening``,
``reconnect``), its label in the session's language, so a spreadsheet reads without the YAML
files. The results come as CSV (one long table: step, measure, category, value) and as an Excel
workbook with one sheet per step.

Participant pseudonyms are drawn afresh for every export from a random salt, and rows are in
pseudonym order: two exports cannot be joined row by row or pseudonym by pseudonym, nor to the
token a phone holds, and the order says nothing of who joined first. Every CSV text cell is
formula-safe; the workbook writes every text as a text, never as a formula.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang, messages, pick_language, t
from modules.kinds import kind_of
from modules.kinds.base import Vote
from modules.moderation import hidden_flag
from modules.results import moderated_answers, related_answers, step_result
from modules.store import ParticipantAnswer, SessionInfo
from modules.text import csv_safe

__all__ = [
    "RESULT_COLUMNS",
    "TIDY_COLUMNS",
    "aggregate_table",
    "tidy_table",
    "to_csv",
    "to_xlsx",
]

TIDY_COLUMNS = [
    "session",
    "step",
    "exercise_id",
    "kind",
    "participant",
    "item",
    "item_label",
    "value",
    "value_label",
    "time",
    "hidden",
]
RESULT_COLUMNS = [
    "session",
    "step",
    "step_title",
    "measure",
    "measure_label",
    "category",
    "category_label",
    "value",
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
    *,
    lang: Lang | None = None,
) -> pd.DataFrame:
    """One row per answer item; private kinds (reflections) never leave the participant.

    ``hidden`` (step index → hidden text keys, ``Store.hidden_items``) flags the texts kept off
    the screens: they stay in the export, marked ``hidden``. Labels are in ``lang`` (by default
    the session's language).
    """
    hidden = hidden or {}
    lang = lang or pick_language(session.lang)
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
            item_label, value_label = kind.labels(exercise, item, lang)
            rows.append(
                {
                    "session": session.code,
                    "step": answer.step_index + 1,
                    "exercise_id": exercise.id,
                    "kind": exercise.kind,
                    "participant": pseudonym(answer.participant_id),
                    "item": item.item,
                    "item_label": item_label,
                    "value": item.value,
                    "value_label": value_label,
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
    """Each step's result as long rows: step, measure, category, value (``RESULT_COLUMNS``).

    Every step starts with its number of answers; a step under the privacy threshold shows only
    that and a "withheld" row (the threshold). The texts the facilitator hid (``hidden``, as
    for ``tidy_table``) are left out, as on every screen. Steps drawing on another step
    (prepost, contrasted words) get its answers, so the paired shift appears as on the projector.
    ``votes`` (step index → votes, ``Store.session_votes``) count on a wall's texts; a quiz's
    answer is marked (the file is the facilitator's).
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
    rows: list[dict[str, Any]] = []
    for index in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, index)
        kind = kind_of(exercise)
        if kind.private(exercise):
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
        head = {"session": session.code, "step": index + 1, "step_title": exercise.title(lang)}

        def add(measure: str, category: str, label: str, value: Any, head=head) -> None:
            rows.append(
                {
                    **head,
                    "measure": measure,
                    "measure_label": measure_label(measure, lang),
                    "category": category,
                    "category_label": label,
                    "value": value,
                }
            )

        add("answers", "", "", len(values))
        if result.table is None:
            add("withheld", "", "", threshold)
            continue
        for row in kind.result_rows(exercise, result.table, lang):
            add(row.measure, row.category, row.category_label, row.value)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def measure_label(measure: str, lang: Lang) -> str:
    """A measure's name for people ("count" → "Personnes"); the code when there is none."""
    place = re.fullmatch(r"place_(\d+)", measure)
    if place:
        return t(lang, "measure_place", n=int(place.group(1)))
    key = f"measure_{measure}"
    return t(lang, key) if key in messages(lang) else measure


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet software reads accents right."""
    safe = table.map(csv_safe) if not table.empty else table
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame, lang: Lang) -> bytes:
    """The results as an Excel workbook: one sheet per step, named by its number and title.

    Texts are written as texts (``write_string``): a cell starting with "=" is never a formula,
    and a URL is never turned into a link.
    """
    import xlsxwriter

    output = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with xlsxwriter.Workbook(output, options) as book:
        bold = book.add_format({"bold": True})
        columns = [c for c in table.columns if c not in ("session", "step", "step_title")]
        steps = table.drop_duplicates("step")[["step", "step_title"]].itertuples(index=False)
        used: set[str] = set()
        for step, title in steps:
            sheet = book.add_worksheet(_sheet_name(step, str(title), used))
            rows = table[table["step"] == step]
            sheet.write_string(0, 0, str(title), bold)
            for column, name in enumerate(columns):
                sheet.write_string(2, column, t(lang, f"export_{name}"), bold)
            for line, record in enumerate(rows[columns].to_dict("records"), start=3):
                for column, name in enumerate(columns):
                    _write(sheet, line, column, record[name])
            sheet.set_column(0, 0, 16)
            sheet.set_column(1, 1, 26)
            sheet.set_column(2, 2, 18)
            sheet.set_column(3, 3, 44)
            sheet.set_column(4, 4, 12)
    return output.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(step: int, title: str, used: set[str]) -> str:
    """Excel's rules: 31 characters at most, none of []:*?/\\, unique in the workbook."""
    name = _SHEET_FORBIDDEN.sub(" ", f"{step}. {title}").strip()[:31].rstrip().strip("'")
    base, count = name, 2
    while name.casefold() in used:
        suffix = f" ({count})"
        name, count = base[: 31 - len(suffix)] + suffix, count + 1
    used.add(name.casefold())
    return name


def _write(sheet: Any, row: int, column: int, value: Any) -> None:
    if value is None or (isinstance(value, float) and value != value):
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))
