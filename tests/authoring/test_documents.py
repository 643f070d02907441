"""Download, upload, limits: a shipped workshop goes out and comes back identical, the file is
one ``workshop check`` accepts, and what a bored teenager uploads is refused in one line."""

from __future__ import annotations

import json

import pytest

from modules import cli
from modules.authoring.document import (
    DocumentError,
    check,
    document_of,
    from_yaml,
    self_contained,
    to_yaml,
)
from modules.authoring.limits import MAX_YAML_BYTES, LimitError
from modules.catalog import load_catalog
from tests.conftest import EXERCISES
from tests.security.corpus import hostile_answers

SHIPPED = sorted(load_catalog(EXERCISES).workshops)
HOSTILE = list(hostile_answers())


@pytest.mark.parametrize("workshop_id", SHIPPED)
def test_a_shipped_workshop_downloaded_and_uploaded_unchanged_is_identical(catalog, workshop_id):
    shipped = catalog.workshops[workshop_id]
    text = to_yaml(document_of(catalog, shipped))
    uploaded = from_yaml(text.encode("utf-8"))
    assert to_yaml(uploaded) == text  # the same file, byte for byte
    workshop = check(uploaded).workshop()  # it stands alone: no library needed
    assert workshop is not None
    assert workshop.model_dump() == shipped.model_dump()
    for index in range(len(shipped.steps)):
        ours, theirs = catalog.exercise_for(workshop, index), catalog.exercise_for(shipped, index)
        assert ours.model_dump() == theirs.model_dump(), (workshop_id, index)


@pytest.mark.parametrize("workshop_id", SHIPPED)
def test_workshop_check_accepts_the_downloaded_file_unchanged(
    catalog, workshop_id, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    path = tmp_path / f"{workshop_id}.yaml"
    path.write_text(to_yaml(document_of(catalog, catalog.workshops[workshop_id])))
    assert cli.main(["check", str(path)]) == 0, capsys.readouterr().err
    assert "0 error(s)" in capsys.readouterr().out


def test_errors_point_at_the_field_they_name(catalog):
    document = self_contained(
        {
            "workshop": {
                "id": "Bad Id",
                "title": {"fr": "Titre"},
                "summary": {"fr": "R", "en": "S"},
                "steps": [{"exercise": "choice-your-way", "minutes": 0}],
            }
        },
        catalog,
    )
    document["exercises"][0]["options"][1]["label"]["en"] = ""
    found = check(document, catalog).by_path
    assert ("workshop", "id") in found
    assert found[("workshop", "title", "en")] == ["Field required"]
    assert ("workshop", "steps", 0, "minutes") in found
    assert found[("exercises", 0, "options", 1, "label", "en")] == [
        "String should have at least 1 character"
    ]


def test_a_step_needs_its_reference_earlier_and_says_so_on_the_step(catalog):
    document = document_of(catalog, catalog.workshops["starter"])
    steps = document["workshop"]["steps"]
    steps[0], steps[1] = steps[1], steps[0]  # the contrast now comes before what it contrasts
    found = check(document).by_path
    assert any("as an earlier step" in m for m in found[("workshop", "steps", 0, "exercise")])


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (BILLION_LAUGHS, "more than 100000 values"),
        ("a" * (10 * 1024 * 1024), f"at most {MAX_YAML_BYTES} bytes"),
        ("workshop: [1, 2", "not valid YAML"),
        ("- just\n- a list\n", "expected a file with a 'workshop:'"),
        ("workshop: {id: x}\nhack: 1\n", "expected only 'workshop:' and 'exercises:'"),
        ("workshop: !!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
        (b"\xff\xfe workshop", "not UTF-8"),
    ],
)
def test_what_a_bored_teenager_uploads_is_refused_in_one_line(upload, said):
    data = upload if isinstance(upload, bytes) else upload.encode("utf-8")
    with pytest.raises((DocumentError, LimitError)) as refused:
        from_yaml(data)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)


def test_five_hundred_steps_or_exercises_are_refused_with_the_limit(catalog):
    steps = [{"exercise": f"e{i}", "minutes": 1} for i in range(500)]
    workshop = {"id": "big", "title": {"fr": "a", "en": "b"}, "summary": {"fr": "a", "en": "b"}}
    document = {"workshop": {**workshop, "steps": steps}, "exercises": []}
    found = check(from_yaml(json.dumps(document))).by_path
    assert found[("workshop", "steps")] == [
        "List should have at most 60 items after validation, not 500"
    ]
    exercise = {"kind": "words", "title": {"fr": "a", "en": "b"}, "prompt": {"fr": "a", "en": "b"}}
    many = [{**exercise, "id": f"e{i}"} for i in range(500)]
    with pytest.raises(LimitError, match="holds 500 exercises; at most 60"):
        from_yaml(json.dumps({"workshop": document["workshop"], "exercises": many}))


def test_hostile_texts_go_out_and_come_back_as_typed(catalog):
    document = document_of(catalog, catalog.workshops["starter"])
    document["workshop"]["title"] = {"fr": HOSTILE[0], "en": HOSTILE[1]}
    assert from_yaml(to_yaml(document).encode("utf-8")) == document
