"""How a person answers each kind of step on a phone, one driver per exercise kind.

A driver knows, for its kind: what the n-th person of a journey answers (the value the
database should then hold), how to give that answer through the page's widgets, how to check
that a reloaded page shows it again, and which (item, value) cells the CSV export holds for it.
Adding a kind to the journeys means adding one driver to ``DRIVERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Locator, expect

from modules.i18n import Lang, t
from modules.kinds import ExerciseBase

__all__ = ["DRIVERS", "Driver", "driver_for"]

# Typed by the people of a journey, per language; person n takes row n (wrapping around).
WORDS = {
    "fr": [
        ["confiance", "café", "écoute"],
        ["confiance", "corvée"],
        ["échange", "confiance", "partage"],
        ["curiosité", "échange"],
        ["confiance", "partage", "temps"],
        ["rencontre"],
    ],
    "en": [
        ["trust", "coffee", "listening"],
        ["trust", "chore"],
        ["sharing", "trust", "giving"],
        ["curiosity", "sharing"],
        ["trust", "giving", "time"],
        ["meeting"],
    ],
}
# Someone types what a spreadsheet would run as a formula: the export must neutralise it.
FORMULA = {"fr": "=SOMME(A1)", "en": "=SUM(A1)"}
FORMULA_PERSON = 2


@dataclass(frozen=True)
class Driver:
    answer_for: Callable[[ExerciseBase, int, Lang], Any]
    fill: Callable[[Locator, ExerciseBase, Any, Lang], None]
    expect_shown: Callable[[Locator, ExerciseBase, Any, Lang], None]
    export_cells: Callable[[ExerciseBase, Any], list[tuple[str, str]]]


def _tick(scope: Locator, role: str, name: str) -> None:
    """Tick a radio or checkbox by its accessible name, the way a thumb does: on its label."""
    control = scope.get_by_role(role, name=name, exact=True)
    scope.locator("label").filter(has=scope.page.get_by_role(role, name=name, exact=True)).click()
    expect(control).to_be_checked()


# words ---------------------------------------------------------------------------------------


def _words_answer(exercise: ExerciseBase, person: int, lang: Lang) -> list[str]:
    rows = WORDS[lang]
    first = exercise.id.endswith("networking")
    words = rows[(person + (0 if first else 3)) % len(rows)][: exercise.max_words]
    if not first and person == FORMULA_PERSON:  # not on the first step: the README shows it
        words = [*words[: exercise.max_words - 1], FORMULA[lang]]
    return words


def _word_box(form: Locator, lang: Lang, n: int) -> Locator:
    return form.get_by_role("textbox", name=t(lang, "words_nth", n=n), exact=True)


def _words_fill(form: Locator, exercise: ExerciseBase, words: list[str], lang: Lang) -> None:
    for n in range(1, exercise.max_words + 1):
        _word_box(form, lang, n).fill(words[n - 1] if n <= len(words) else "")


def _words_shown(form: Locator, exercise: ExerciseBase, words: list[str], lang: Lang) -> None:
    for n, word in enumerate(words, start=1):
        expect(_word_box(form, lang, n)).to_have_value(word)


def _words_cells(exercise: ExerciseBase, words: list[str]) -> list[tuple[str, str]]:
    return [(f"word_{n}", word) for n, word in enumerate(words, start=1)]


# scale ---------------------------------------------------------------------------------------


def _scale_answer(exercise: ExerciseBase, person: int, lang: Lang) -> dict[str, int]:
    return {
        statement.id: 1 + (person + 2 * position) % exercise.points
        for position, statement in enumerate(exercise.statements)
    }


def _scale_fill(form: Locator, exercise: ExerciseBase, points: dict[str, int], lang: Lang) -> None:
    labels = exercise.point_labels(lang)
    for statement in exercise.statements:
        group = form.get_by_role("radiogroup", name=statement.label(lang), exact=True)
        _tick(group, "radio", labels[points[statement.id] - 1])


def _scale_shown(form: Locator, exercise: ExerciseBase, points: dict[str, int], lang: Lang) -> None:
    labels = exercise.point_labels(lang)
    for statement in exercise.statements:
        group = form.get_by_role("radiogroup", name=statement.label(lang), exact=True)
        chosen = labels[points[statement.id] - 1]
        expect(group.get_by_role("radio", name=chosen, exact=True)).to_be_checked()


def _scale_cells(exercise: ExerciseBase, points: dict[str, int]) -> list[tuple[str, str]]:
    return [(statement.id, str(points[statement.id])) for statement in exercise.statements]


# choice --------------------------------------------------------------------------------------


def _choice_answer(exercise: ExerciseBase, person: int, lang: Lang) -> list[str]:
    ids = [option.id for option in exercise.options]
    if not exercise.multiple:
        return [ids[person % 3]]  # a room gathers on a few options
    count = 1 + person % (exercise.max_choices or 3)
    return [ids[(person + step * 2) % len(ids)] for step in range(count)]


def _choice_labels(exercise: ExerciseBase, lang: Lang) -> dict[str, str]:
    return {option.id: option.label(lang) for option in exercise.options}


def _choice_fill(form: Locator, exercise: ExerciseBase, picked: list[str], lang: Lang) -> None:
    labels = _choice_labels(exercise, lang)
    role = "checkbox" if exercise.multiple else "radio"
    for option_id in picked:
        _tick(form, role, labels[option_id])


def _choice_shown(form: Locator, exercise: ExerciseBase, picked: list[str], lang: Lang) -> None:
    role = "checkbox" if exercise.multiple else "radio"
    for option_id, label in _choice_labels(exercise, lang).items():
        control = expect(form.get_by_role(role, name=label, exact=True))
        if option_id in picked:
            control.to_be_checked()
        else:
            control.not_to_be_checked()


def _choice_cells(exercise: ExerciseBase, picked: list[str]) -> list[tuple[str, str]]:
    return [("option", option_id) for option_id in picked]


DRIVERS: dict[str, Driver] = {
    "words": Driver(_words_answer, _words_fill, _words_shown, _words_cells),
    "scale": Driver(_scale_answer, _scale_fill, _scale_shown, _scale_cells),
    "choice": Driver(_choice_answer, _choice_fill, _choice_shown, _choice_cells),
}


def driver_for(exercise: ExerciseBase) -> Driver:
    try:
        return DRIVERS[exercise.kind]
    except KeyError:
        raise NotImplementedError(
            f"no browser driver for kind {exercise.kind!r}: add one to tests/e2e/answering.py"
        ) from None
