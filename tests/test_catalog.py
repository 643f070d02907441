from pathlib import Path

from modules.catalog import load_catalog


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
exercises:
  - id: pick-one
    kind: choice
    title: {fr: Titre, en: Title}
    prompt: {fr: "Question ?", en: "Question?"}
    options:
      - {id: a, label: {fr: A, en: A}}
      - {id: b, label: {fr: B, en: B}}
workshop:
  id: tiny
  title: {fr: Petit, en: Tiny}
  summary: {fr: Résumé, en: Summary}
  steps:
    - exercise: pick-one
      minutes: 3
"""


def test_the_shipped_exercises_are_valid(catalog):
    assert catalog.workshops and catalog.exercises


def test_a_valid_file_loads(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    catalog = load_catalog(tmp_path)
    assert not catalog.errors
    assert catalog.workshops["tiny"].minutes == 3


def test_a_missing_translation_names_file_exercise_and_field(tmp_path):
    write(tmp_path, "bad.yaml", GOOD.replace(', en: "Question?"}', "}"))
    catalog = load_catalog(tmp_path)
    error, knock_on = catalog.errors  # the workshop using it is refused too, and says why
    assert (error.file, error.where, error.field) == (
        "bad.yaml",
        "exercise 'pick-one'",
        "prompt.en",
    )
    assert knock_on.where == "workshop 'tiny' step 1" and "pick-one" in knock_on.message
    assert "bad.yaml: exercise 'pick-one': field 'prompt.en'" in str(error)


def test_an_unknown_kind_is_reported_on_the_kind_field(tmp_path):
    write(tmp_path, "bad.yaml", GOOD.replace("kind: choice", "kind: telepathy"))
    errors = load_catalog(tmp_path).errors
    assert any(e.field == "kind" and e.where == "exercise 'pick-one'" for e in errors)


def test_a_broken_yaml_file_names_its_line_and_spares_the_others(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "broken.yaml", "exercises:\n  - id: [unclosed\n")
    catalog = load_catalog(tmp_path)
    assert "tiny" in catalog.workshops
    [error] = catalog.errors
    assert error.file == "broken.yaml" and "line" in error.message


def test_a_workshop_step_naming_an_unknown_exercise_is_refused(tmp_path):
    write(tmp_path, "w.yaml", GOOD.replace("- exercise: pick-one", "- exercise: nowhere"))
    catalog = load_catalog(tmp_path)
    [error] = catalog.errors
    assert (error.where, error.field) == ("workshop 'tiny' step 1", "exercise")
    assert "tiny" not in catalog.workshops


def test_duplicate_ids_and_yaml_object_tags_are_refused(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD.split("workshop:")[0])
    write(tmp_path, "c.yaml", "exercises: !!python/object/apply:os.system ['echo owned']\n")
    errors = load_catalog(tmp_path).errors
    assert any(e.file == "b.yaml" and e.field == "id" and "a.yaml" in e.message for e in errors)
    assert any(e.file == "c.yaml" and "not valid YAML" in e.message for e in errors)


CONTRAST = """
exercises:
  - id: words-before
    kind: words
    title: {fr: Réseauter, en: Networking}
    prompt: {fr: "Trois mots ?", en: "Three words?"}
  - id: words-after
    kind: words
    contrast_with: words-before
    title: {fr: Relations, en: Relationships}
    prompt: {fr: "Trois mots ?", en: "Three words?"}
  - id: pick-one
    kind: choice
    title: {fr: Titre, en: Title}
    prompt: {fr: "Question ?", en: "Question?"}
    options:
      - {id: a, label: {fr: A, en: A}}
      - {id: b, label: {fr: B, en: B}}
workshop:
  id: pair
  title: {fr: Paire, en: Pair}
  summary: {fr: Résumé, en: Summary}
  steps:
    - exercise: words-before
    - exercise: words-after
"""


def test_a_reference_is_resolved_for_the_kind_to_use(tmp_path):
    write(tmp_path, "r.yaml", CONTRAST)
    catalog = load_catalog(tmp_path)
    assert not catalog.errors
    after = catalog.exercise_for(catalog.workshops["pair"], 1)
    assert after.referenced("contrast_with").title("en") == "Networking"


def test_a_reference_to_an_unknown_exercise_names_file_exercise_and_field(tmp_path):
    write(
        tmp_path, "r.yaml", CONTRAST.replace("contrast_with: words-before", "contrast_with: nope")
    )
    catalog = load_catalog(tmp_path)
    error, knock_on = catalog.errors
    assert (error.file, error.where, error.field) == (
        "r.yaml",
        "exercise 'words-after'",
        "contrast_with",
    )
    assert "'nope'" in error.message
    assert knock_on.where == "workshop 'pair' step 2" and "pair" not in catalog.workshops


def test_a_reference_to_the_wrong_kind_or_to_itself_is_refused(tmp_path):
    write(
        tmp_path,
        "r.yaml",
        CONTRAST.replace("contrast_with: words-before", "contrast_with: pick-one").replace(
            "    - exercise: words-after\n", ""
        ),
    )
    [error] = load_catalog(tmp_path).errors
    assert error.field == "contrast_with" and "choice" in error.message and "words" in error.message
    write(
        tmp_path,
        "r.yaml",
        CONTRAST.replace("contrast_with: words-before", "contrast_with: words-after"),
    )
    [error, _] = load_catalog(tmp_path).errors
    assert error.field == "contrast_with" and "itself" in error.message


def test_a_step_needs_the_step_it_refers_to_earlier_in_the_workshop(tmp_path):
    swapped = CONTRAST.replace(
        "    - exercise: words-before\n    - exercise: words-after\n",
        "    - exercise: words-after\n    - exercise: words-before\n",
    )
    write(tmp_path, "r.yaml", swapped)
    catalog = load_catalog(tmp_path)
    [error] = catalog.errors
    assert (error.where, error.field) == ("workshop 'pair' step 1", "exercise")
    assert "words-before" in error.message and "contrast_with" in error.message
    assert "pair" not in catalog.workshops
