"""Put typographic apostrophes (’) where people read text: exercises, i18n files, guides.

The house style (exercises/README.md) wants ’ in both languages. This script finds the straight
ones between two letters (``l'atelier``, ``don't``) or closing a plural possessive
(``parents' friends``) and, with ``--fix``, replaces them. It leaves alone what is code: fenced
blocks and `inline code` in the guides, YAML comments and quoting.

    python3 scripts/typography.py          # list what would change, exit 1 if anything
    python3 scripts/typography.py --fix    # rewrite the files in place
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRAIGHT = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])|(?<=s)'(?=\s)")
CODE_SPAN = re.compile(r"`[^`]*`")


def files() -> list[Path]:
    found = sorted((ROOT / "exercises").rglob("*.yaml")) + sorted(
        (ROOT / "exercises").rglob("*.yml")
    )
    found += sorted((ROOT / "modules" / "i18n").glob("*.yaml"))
    found += [ROOT / "facilitator_guide.md", ROOT / "facilitator_guide.fr.md"]
    return [path for path in found if path.exists()]


def _fix_prose(line: str) -> str:
    """Outside `code spans` only."""
    parts, last = [], 0
    for span in CODE_SPAN.finditer(line):
        parts.append(STRAIGHT.sub("’", line[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(STRAIGHT.sub("’", line[last:]))
    return "".join(parts)


def fixed(path: Path, text: str) -> str:
    lines, fenced, markdown = [], False, path.suffix == ".md"
    for line in text.splitlines(keepends=True):
        if markdown and line.lstrip().startswith("```"):
            fenced = not fenced
        elif markdown and not fenced:
            line = _fix_prose(line)
        elif not markdown and not line.lstrip().startswith("#"):
            line = STRAIGHT.sub("’", line)
        lines.append(line)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="rewrite the files in place")
    args = parser.parse_args(argv)
    changed = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        new = fixed(path, text)
        if new != text:
            count = sum(a != b for a, b in zip(text, new, strict=False))
            changed.append(f"{path.relative_to(ROOT)}: {count} apostrophe(s)")
            if args.fix:
                path.write_text(new, encoding="utf-8")
    print("\n".join(changed) or "every apostrophe is typographic")
    return 1 if changed and not args.fix else 0


if __name__ == "__main__":
    sys.exit(main())
