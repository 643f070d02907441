"""The code blocks of the project's Markdown files, and the marks that say who runs them.

A block may be preceded by an HTML comment (invisible on GitHub):

- ``<!-- test: NAME -->``: a test fetches it with ``blocks_named(file, NAME)`` and runs it as
  written (several blocks may share a name: they run in order, in one shell);
- ``<!-- illustrative: why -->``: shown to the reader, run by nobody; the reason says why.

``tests/test_docs.py`` checks that every shell block in the README and docs/ carries one of the
two (``make`` lines excepted: each target is checked by a dry run), and that every name is
fetched by some test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from modules import PROJECT_ROOT

__all__ = ["SHELL", "Block", "blocks", "blocks_named", "script"]

SHELL = {"bash", "sh", "shell", "console"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)(?P<info>[^`]*)$")
MARK = re.compile(r"^\s*<!--\s*(?P<kind>test|illustrative)\s*(?::\s*(?P<value>.*?))?\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    file: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    mark: str | None  # "test" or "illustrative"
    value: str  # the test's name, or why it is illustrative

    @property
    def where(self) -> str:
        return f"{self.file.relative_to(PROJECT_ROOT)}:{self.line}"


def blocks(file: Path) -> list[Block]:
    """Every fenced block of ``file``, with the mark on the line just before it, if any."""
    lines = file.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            line = lines[end]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            end += 1
        previous = next((ln for ln in reversed(lines[:index]) if ln.strip()), "")
        mark = MARK.match(previous)
        found.append(
            Block(
                file=file,
                line=index + 1,
                lang=opening["info"].strip().split(" ")[0].lower(),
                text="\n".join(body) + "\n",
                mark=mark["kind"] if mark else None,
                value=(mark["value"] or "") if mark else "",
            )
        )
        index = end + 1
    return found


def blocks_named(file: Path, name: str) -> list[Block]:
    """The blocks of ``file`` marked ``<!-- test: name -->``, in order; at least one."""
    named = [b for b in blocks(file) if b.mark == "test" and b.value == name]
    if not named:
        raise LookupError(f"{file.relative_to(PROJECT_ROOT)} has no block marked 'test: {name}'")
    return named


def script(file: Path, name: str) -> str:
    """The blocks named ``name``, as one shell script."""
    return "".join(block.text for block in blocks_named(file, name))
