"""Malformed exercise files: always a ``CatalogError`` naming file, exercise and field.

A corpus of broken files (``tests/data/bad_yaml``, each stating on its first line the error it
must produce) plus Hypothesis fuzzing: random YAML-ish text, random bytes, and random mutations
of the shipped exercises. Never a traceback, never an object built from a YAML tag.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules import PROJECT_ROOT
from modules.catalog import MAX_FILE_BYTES, Catalog, load_catalog
from modules.yaml_safe import MAX_DEPTH, MAX_NODES, load_yaml

BAD = Path(__file__).parent.parent / "data" / "bad_yaml"
BAD_FILES = sorted(BAD.glob("*.yaml"))
PWNED = Path("/tmp/workshop-yaml-pwned")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expectation(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: "), f"{path.name} must say what error it expects"
    return first.removeprefix("# expect: ")


def load_one(path: Path) -> Catalog:
    return load_catalog([path])


def test_the_corpus_is_broad():
    names = {path.stem for path in BAD_FILES}
    assert len(names) >= 30
    for family in ("syntax", "wrong_type", "missing", "duplicate", "unknown", "python", "alias"):
        assert any(family in name for name in names), family


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_each_bad_file_gives_the_error_it_states(path):
    PWNED.unlink(missing_ok=True)
    catalog = load_one(path)
    assert catalog.errors, f"{path.name} loaded without error"
    for error in catalog.errors:
        assert error.file == str(path) and str(error).startswith(str(path))
        assert error.message.strip()
    shown = "\n".join(map(str, catalog.errors))
    assert expectation(path) in shown
    assert not PWNED.exists(), "a YAML tag ran a command"


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    huge = tmp_path / "huge.yaml"
    text = "exercises:\n" + "  - id: x\n" * (MAX_FILE_BYTES // 10 + 1)
    huge.write_text(text)
    [error] = load_catalog([huge]).errors
    assert "larger than" in str(error) and error.file == str(huge)


def test_the_loader_refuses_duplicate_keys_deep_nesting_and_alias_bombs():
    with pytest.raises(yaml.YAMLError, match="appears twice"):
        load_yaml("a: 1\nb: {c: 1, c: 2}\n")
    with pytest.raises(yaml.YAMLError, match="levels deep"):
        load_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    bomb = "a: &a [" + ",".join(["x"] * 400) + "]\nb: [" + ",".join(["*a"] * 400) + "]\n"
    assert MAX_NODES < 400 * 400
    with pytest.raises(yaml.YAMLError, match="aliases are expanded"):
        load_yaml(bomb)
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


def test_the_loader_still_reads_what_authors_write():
    text = """
    labels: &agree {fr: "D'accord", en: "Agree"}
    first: *agree
    base: &base {kind: words, max_words: 3}
    merged: {<<: *base, max_words: 2}
    when: 2025-05-01
    """
    data = load_yaml(text)
    assert data["first"] == {"fr": "D'accord", "en": "Agree"}
    assert data["merged"] == {"kind": "words", "max_words": 2}  # explicit key beats a merge


def test_the_shipped_library_still_loads(catalog):
    assert catalog.exercises and catalog.workshops and not catalog.errors


def test_no_module_loads_yaml_unsafely():
    unsafe = re.compile(r"yaml\.(load|unsafe_load|full_load|load_all)\(|Loader=yaml\.(Loader|Full)")
    for source in (PROJECT_ROOT / "modules").rglob("*.py"):
        assert not unsafe.search(source.read_text(encoding="utf-8")), source


# -- fuzzing ----------------------------------------------------------------------------------

SYMBOLS = list(":-[]{},&*!|>'\"#%@`?\n\t ")
WORDS = ["exercises", "workshop", "id", "kind", "words", "title", "fr", "en", "- ", "  ", "<<"]
YAMLISH = st.lists(
    st.sampled_from([*SYMBOLS, *WORDS, "!!python/object:os.system", "\x00", "é", "\ud800"]),
    max_size=60,
).map("".join)


def _check_errors_name_the_file(catalog: Catalog, name: str) -> None:
    for error in catalog.errors:
        assert error.file == name
        assert str(error).startswith(name)
        assert error.message


def _load_text(data: bytes | str) -> tuple[Catalog, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(data)
        return load_catalog(Path(folder)), "fuzz.yaml"


@FUZZ
@given(YAMLISH)
def test_random_yamlish_text_never_raises(text):
    catalog, name = _load_text(text)
    _check_errors_name_the_file(catalog, name)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    catalog, name = _load_text(data)
    _check_errors_name_the_file(catalog, name)


def _library() -> list[dict[str, Any]]:
    text = (PROJECT_ROOT / "exercises" / "library" / "starter.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["exercises"]


LIBRARY = _library()

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["fr", "en", "id", "x", "label"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


def _set(node: Any, path: tuple, value: Any, *, delete: bool = False) -> Any:
    if not path:
        return value
    parent = node
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return node


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_exercises_give_errors_that_name_exercise_and_field(data):
    exercises = copy.deepcopy(LIBRARY)
    index = data.draw(st.integers(0, len(exercises) - 1), label="exercise")
    target = exercises[index]
    path = data.draw(st.sampled_from(_paths(target)[1:]), label="path")
    operation = data.draw(st.sampled_from(["replace", "delete", "add", "kind"]), label="op")
    if operation == "replace":
        _set(target, path, data.draw(VALUES, label="value"))
    elif operation == "delete":
        _set(target, path, None, delete=True)
    elif operation == "add":
        path = (data.draw(st.sampled_from(["colour", "extra", "Title"]), label="key"),)
        target[path[0]] = 1
    else:
        target["kind"] = data.draw(st.sampled_from(["choice", "scale", "words", "nope", ""]))
        path = ("kind",)
    text = yaml.safe_dump({"exercises": exercises}, allow_unicode=True, sort_keys=False)
    catalog, name = _load_text(text)
    _check_errors_name_the_file(catalog, name)
    own_id = target.get("id") if isinstance(target.get("id"), str) else None
    for error in catalog.errors:
        assert error.where.startswith("exercise "), str(error)
    mine = [
        e
        for e in catalog.errors
        if e.where
        in {f"exercise '{own_id}'"[: len("exercise '") + 64 + 1], f"exercise #{index + 1}"}
        or (own_id and e.where.startswith(f"exercise '{own_id[:64]}'"))
    ]
    if own_id in catalog.exercises:
        # The mutation kept the exercise valid (an optional field, a harmless value): nothing
        # may be said against it, unless its new id repeats another exercise's.
        assert all(e.field == "id" and "duplicate id" in e.message for e in mine), mine
    elif operation == "kind":
        # Another kind asks for other fields: each error still names the field it is about.
        assert mine and all(e.field for e in mine), f"errors name no field: {catalog.errors}"
    else:
        assert mine, f"no error names the mutated exercise: {catalog.errors}"
        top = str(path[0])
        assert any(e.field.split(".")[0] in {top, ""} or e.field == "id" for e in mine), mine
