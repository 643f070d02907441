"""The YAML examples of exercises/README.md are what authors copy: they must load as written."""

from __future__ import annotations

import re

import pytest

from modules import PROJECT_ROOT
from modules.catalog import load_catalog

README = PROJECT_ROOT / "exercises" / "README.md"
CHECKED_KINDS = ("talk", "quiz", "wall")


def examples_of(kind: str) -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if b.startswith("- id:") and re.search(rf"^  kind: {kind}$", b, re.M)]


@pytest.mark.parametrize("kind", CHECKED_KINDS)
def test_the_readme_example_of_each_new_kind_passes_workshop_check(kind, tmp_path):
    examples = examples_of(kind)
    assert examples, f"exercises/README.md has no example of {kind}"
    indented = "".join(f"  {line}\n" for block in examples for line in block.splitlines())
    path = tmp_path / f"{kind}.yaml"
    path.write_text("exercises:\n" + indented, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert not catalog.errors, [str(e) for e in catalog.errors]
    assert [e.kind for e in catalog.exercises.values()] == [kind] * len(examples)
