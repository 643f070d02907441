"""The shipped workshop content: guides that cover every step, twin languages, speaker notes, and
demo answers that make each chart tell its step's story."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from modules import PROJECT_ROOT
from modules.catalog import Catalog
from modules.demo import DEMO_FILE, create_demo_session
from modules.kinds import LocalText, kind_of
from modules.kinds.words import word_frequencies
from modules.results import result_for_step
from modules.service import store_for
from modules.settings import Settings

GUIDES = {
    "en": PROJECT_ROOT / "facilitator_guide.md",
    "fr": PROJECT_ROOT / "facilitator_guide.fr.md",
}
SHIPPED = {"starter", "relations-90", "relations-45", "students", "seniors"}
EXERCISE_LINE = re.compile(r"^(Exercises?|Exercices?)\s*:", re.MULTILINE)
# Equal French and English texts are fine only for short labels ("contacts", "LinkedIn").
SHORT_LABEL = 14


def guide_steps(path: Path) -> list[list[str]]:
    """The exercise ids named by each step section's ``Exercise:`` paragraph, in order."""
    steps = []
    for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
        if EXERCISE_LINE.match(paragraph.strip()):
            steps.append(re.findall(r"`([a-z0-9][a-z0-9_-]*)`", paragraph))
    return steps


def local_texts(model: Any, where: str) -> Iterator[tuple[str, LocalText]]:
    """Every French/English text inside an exercise or workshop, with where it sits."""
    if isinstance(model, LocalText):
        yield where, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from local_texts(getattr(model, name), f"{where}.{name}")
    elif isinstance(model, list | tuple):
        for index, item in enumerate(model):
            yield from local_texts(item, f"{where}[{index}]")


def demo_data() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- workshops and guides


def test_every_workshop_file_loads(catalog: Catalog):
    shipped = {
        name
        for path in (PROJECT_ROOT / "exercises" / "workshops").glob("*.yaml")
        for name in re.findall(r"^  id: (\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert shipped == SHIPPED
    assert shipped <= set(catalog.workshops)


@pytest.mark.parametrize("lang", GUIDES)
def test_every_step_of_every_workshop_is_in_the_guide(catalog: Catalog, lang: str):
    covered = {exercise for step in guide_steps(GUIDES[lang]) for exercise in step}
    missing = {
        f"{workshop.id}: {step.exercise}"
        for workshop in catalog.workshops.values()
        for step in workshop.steps
        if step.exercise not in covered
    }
    assert not missing, f"{GUIDES[lang].name} never names: {sorted(missing)}"


def test_both_guides_have_the_same_steps_in_the_same_order():
    english, french = guide_steps(GUIDES["en"]), guide_steps(GUIDES["fr"])
    assert len(english) == 9  # the nine steps of the workshop
    assert english == french


def test_the_guides_follow_the_full_workshop_order(catalog: Catalog):
    named = [exercise for step in guide_steps(GUIDES["en"]) for exercise in step]
    order = [step.exercise for step in catalog.workshops["relations-90"].steps]
    positions = [named.index(exercise) for exercise in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("workshop_id", "low", "high"),
    [("relations-90", 80, 90), ("relations-45", 38, 45), ("students", 60, 80), ("seniors", 80, 90)],
)
def test_step_minutes_fit_the_announced_length(catalog: Catalog, workshop_id, low, high):
    assert low <= catalog.workshops[workshop_id].minutes <= high


def test_speaker_notes_on_every_step(catalog: Catalog):
    for workshop in catalog.workshops.values():
        for index, step in enumerate(workshop.steps):
            notes = catalog.exercise_for(workshop, index).notes
            where = f"{workshop.id} step {index + 1} ({step.exercise})"
            assert notes and notes.launch and notes.chart, f"{where}: launch or chart missing"
            assert 2 <= len(notes.debrief) <= 4, f"{where}: {len(notes.debrief)} debrief questions"


def test_french_is_never_a_copy_of_the_english(catalog: Catalog):
    models = [*catalog.exercises.values(), *catalog.workshops.values()]
    copies = [
        f"{where}: {text.en!r}"
        for model in models
        for where, text in local_texts(model, model.id)
        if text.fr.strip() == text.en.strip() and len(text.en) > SHORT_LABEL
    ]
    assert not copies


def test_french_uses_french_quotes_and_english_uses_english_ones(catalog: Catalog):
    models = [*catalog.exercises.values(), *catalog.workshops.values()]
    for model in models:
        for where, text in local_texts(model, model.id):
            assert "“" not in text.fr and "«" not in text.en, where


def test_variants_reuse_exercises_instead_of_copying_them(catalog: Catalog):
    seen: dict[str, str] = {}
    for exercise in catalog.exercises.values():
        body = json.dumps(exercise.model_dump(exclude={"id"}), sort_keys=True)
        assert body not in seen, f"{exercise.id} copies {seen.get(body)}"
        seen[body] = exercise.id


# ---------------------------------------------------------------- demo answers


def test_demo_data_is_what_the_script_makes():
    script = PROJECT_ROOT / "scripts" / "make_demo_data.py"
    checked = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_data_answers_every_step_of_every_workshop(catalog: Catalog, lang: str):
    recorded = demo_data()[lang]
    assert set(recorded) == set(catalog.workshops)
    for workshop_id, people in recorded.items():
        workshop = catalog.workshops[workshop_id]
        assert len(people) == 25
        for index, step in enumerate(workshop.steps):
            exercise = catalog.exercise_for(workshop, index)
            answers = [person[step.exercise] for person in people if step.exercise in person]
            assert len(answers) >= 20, f"{workshop_id}: {step.exercise}"
            for raw in answers:
                kind_of(exercise).validate(exercise, raw, 280)


def general_room(lang: str = "en") -> list[dict]:
    return demo_data()[lang]["relations-90"]


def answers_to(exercise_id: str, lang: str = "en") -> list[Any]:
    return [person[exercise_id] for person in general_room(lang) if exercise_id in person]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_words_contrast(lang: str):
    """Idea 1: the two top-five word lists share nothing."""
    networking = word_frequencies(answers_to("words-networking", lang))
    relationships = word_frequencies(answers_to("words-relationships", lang))
    assert not set(networking["key"].head(5)) & set(relationships["key"].head(5))


def test_demo_contacts_show_breadth_is_not_depth():
    """Idea 2: contacts span decades, advisers stay few, and more contacts barely mean more."""
    answers = answers_to("number-contacts")
    contacts = [a["contacts"] for a in answers]
    advice = [a["advice"] for a in answers]
    assert max(contacts) / min(contacts) >= 100
    assert max(advice) <= 20
    assert statistics.median(a / c for a, c in zip(advice, contacts, strict=True)) < 0.1
    log_contacts = [len(str(c)) for c in contacts]  # the decade is enough here
    assert abs(statistics.correlation(log_contacts, advice)) < 0.5


def test_demo_offers_meet_most_needs_but_not_all():
    """Idea 3: the room can meet most of its needs; the board is not rigged to 100 %."""
    answers = answers_to("offers-give-first")
    offerers: dict[str, set[int]] = {}
    for person, answer in enumerate(answers):
        for offer in answer["offers"]:
            offerers.setdefault(offer["category"], set()).add(person)
    needs = [
        (person, need["category"])
        for person, answer in enumerate(answers)
        for need in answer["needs"]
    ]
    met = sum(1 for person, category in needs if offerers.get(category, set()) - {person})
    assert 0.75 <= met / len(needs) < 1
    assert sum(len(a["offers"]) for a in answers) > len(needs)


def test_demo_quadrant_has_no_single_profile():
    """Idea 5: every quarter of the placement holds people."""
    quarters = {(a["x"] > 5, a["y"] > 5) for a in answers_to("quadrant-energy-writing")}
    assert len(quarters) == 4


def test_demo_ranking_puts_trust_first_and_usefulness_last():
    scores: dict[str, int] = {}
    for order in answers_to("rank-what-lasts"):
        for place, item in enumerate(order):
            scores[item] = scores.get(item, 0) + len(order) - 1 - place
    ranked = sorted(scores, key=scores.get, reverse=True)
    assert ranked[0] == "trust" and ranked[-1] == "usefulness"


def test_demo_after_scales_move_the_way_the_workshop_intends():
    """The same people, before and after: less chore and method, more themselves and giving."""
    pairs = [
        (person["scale-before"], person["scale-after"])
        for person in general_room()
        if "scale-before" in person and "scale-after" in person
    ]
    assert len(pairs) < len(general_room())  # late arrivals answered only once

    def shift(statement: str) -> float:
        return statistics.mean(after[statement] - before[statement] for before, after in pairs)

    assert shift("myself") >= 0.5 and shift("bring") >= 0.5
    assert shift("chore") <= -0.5 and shift("method") <= -0.5
    assert abs(shift("approach")) < shift("myself")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_of_the_full_workshop_renders_from_the_demo(tmp_path, catalog, lang):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'demo.db'}", exercises_dir=PROJECT_ROOT / "exercises"
    )
    links = create_demo_session(settings, workshop_id="relations-90", lang=lang)
    store = store_for(settings.database_url)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["relations-90"]
    for index, step in enumerate(workshop.steps):
        result = result_for_step(store, catalog, workshop, session, index, lang)
        exercise = result.exercise
        if kind_of(exercise).private(exercise):
            assert not result.shown
            continue
        assert result.shown, step.exercise
        figure = result.figure(lang)
        assert figure is not None and len(figure.data) >= 1, step.exercise
