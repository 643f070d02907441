"""Every kind's form comes from its model: a new exercise filled in passes the check, an
untouched form gives back the file it was opened from, the author's empties leave the file."""

from __future__ import annotations

import pytest

from modules.authoring.collect import MISSING, collect, parse_number
from modules.authoring.document import check, document_of, exercise_document, to_yaml
from modules.authoring.draft import add_kind, blank_document
from modules.authoring.schema import form_for, reference_kinds
from modules.catalog import Workshop
from modules.i18n import messages
from modules.kinds import all_kinds
from tests.authoring.fill import typed_answers

KINDS = sorted(all_kinds())
NO_REFERENCE = {"prepost"}  # needs an earlier scale step: tested on its own below


def _fields(spec, found):
    found.add(spec.name)
    for child in spec.children:
        _fields(child, found)
    if spec.item is not None:
        for child in spec.item.children:
            _fields(child, found)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_every_kind_has_a_label_in_french_and_english(kind):
    names: set[str] = set()
    for spec in form_for(all_kinds()[kind].config):
        _fields(spec, names)
    names -= {"fr", "en"}
    for lang in ("fr", "en"):
        missing = sorted(n for n in names if f"field_{n}" not in messages(lang))
        assert not missing, f"{kind}: no {lang} label for {missing}"


@pytest.mark.parametrize("kind", sorted(set(KINDS) - NO_REFERENCE))
def test_a_new_exercise_of_any_kind_filled_in_passes_the_check(kind):
    document, _ = add_kind(blank_document("fresh"), kind)
    checked = check(document)
    exercise_errors = [p for p in checked.by_path if p[:1] == ("exercises",)]
    assert exercise_errors, "an empty exercise must be refused next to its empty fields"
    fields = form_for(all_kinds()[kind].config)
    typed = typed_answers(fields, document["exercises"][0], ("exercises", 0), "Texte")
    document["exercises"][0] = collect(
        fields, document["exercises"][0], ("exercises", 0), lambda p: typed.get(p, MISSING)
    )
    document["workshop"]["title"] = document["workshop"]["summary"] = {"fr": "A", "en": "B"}
    if kind == "number":  # bounds are the author's to choose: 0 to 0 is refused
        document["exercises"][0]["fields"][0]["max"] = 10
    if kind == "quiz":  # true/false or options: the author picks one (the check says so)
        document["exercises"][0]["statement_is"] = True
    checked = check(document)
    assert checked.ok, checked.errors


def test_reference_fields_are_found_by_asking_the_kind():
    assert reference_kinds("prepost") == {"before": ("scale",)}
    assert reference_kinds("words") == {"contrast_with": ("words",)}
    assert reference_kinds("number") == {}  # at_most names a field of the same exercise


def test_an_untouched_form_gives_back_every_shipped_exercise_unchanged(catalog):
    for exercise in catalog.exercises.values():
        document = exercise_document(exercise)
        fields = form_for(all_kinds()[exercise.kind].config)
        assert collect(fields, document, ("e",), lambda _p: MISSING) == document


def test_the_values_widgets_hold_by_default_give_back_the_same_exercise(catalog):
    """A form drawn and sent back untouched (every widget at the value it was given)."""
    from modules.authoring.collect import shown
    from modules.authoring.schema import ABSENT

    def widgets(specs, value, path, out):
        for spec in specs:
            v = value.get(spec.name, ABSENT) if isinstance(value, dict) else ABSENT
            p = (*path, spec.name)
            if spec.widget == "group":
                widgets(spec.children, v if isinstance(v, dict) else {}, p, out)
            elif spec.widget == "list" and isinstance(v, list):
                for i, item in enumerate(v):
                    if spec.item.widget == "group":
                        widgets(spec.item.children, item, (*p, i), out)
                    else:
                        for lang in ("fr", "en"):
                            out[(*p, i, lang)] = item[lang]
            elif spec.widget == "bilingual" and isinstance(v, dict):
                out[(*p, "fr")], out[(*p, "en")] = v["fr"], v["en"]
            elif spec.widget == "bilingual_lines" and isinstance(v, dict):
                out[(*p, "fr")], out[(*p, "en")] = "\n".join(v["fr"]), "\n".join(v["en"])
            elif spec.widget not in ("fixed", "list", "bilingual", "bilingual_lines"):
                out[p] = shown(spec, v)
                if spec.widget in ("choice", "tristate") and out[p] is None:
                    out[p] = ""
        return out

    for exercise in catalog.exercises.values():
        document = exercise_document(exercise)
        fields = form_for(all_kinds()[exercise.kind].config)
        held = widgets(fields, document, ("e",), {})
        assert (
            collect(fields, document, ("e",), lambda p, held=held: held.get(p, MISSING)) == document
        )


def test_what_the_author_empties_leaves_the_file_and_numbers_keep_their_kind(catalog):
    exercise = exercise_document(catalog.exercises["words-networking"])
    fields = form_for(all_kinds()["words"].config)
    typed = {
        ("e", "help", "fr"): "",
        ("e", "help", "en"): "",
        (
            "e",
            "top",
        ): 15,
    }
    after = collect(fields, exercise, ("e",), lambda p: typed.get(p, MISSING))
    assert "help" not in after and after["title"] == exercise["title"]
    assert "top" not in after or exercise.get("top") == 15  # the default is not written in
    assert parse_number("12") == 12 and isinstance(parse_number("12"), int)
    assert parse_number("1,5") == 1.5
    assert parse_number("douze") == "douze"  # left for the check to refuse beside the field


def test_minutes_are_written_as_the_author_wrote_them(catalog):
    text = to_yaml(document_of(catalog, catalog.workshops["starter"]))
    assert "minutes: 4\n" in text and "minutes: 4.0" not in text
    assert form_for(Workshop)[0].name == "id"
