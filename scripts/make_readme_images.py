"""Produce the README's pictures from the browser journey, so they never drift from the product.

Runs the English classroom journey (tests/e2e/test_classroom.py), which saves a screenshot of
the projector, a phone and the console at every step under test-artifacts/screenshots/en/, then
copies three of them to docs/images/ (palette-reduced when that keeps them under ~300 KB).

    python scripts/make_readme_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "screenshots" / "en"
IMAGES = ROOT / "docs" / "images"
MAX_BYTES = 300_000
# README picture → the journey's screenshot it is made from.
PICTURES = {
    "projector.png": "02-words-projector.png",  # the first step's words, revealed
    "phone.png": "04-scale-question-phone.png",  # a phone at the agreement-scale step
    "console.png": "02-words-console.png",  # the console during the first step
}


def run_journey() -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/e2e/test_classroom.py",
        "-k",
        "en",
    ]
    return subprocess.call(command, cwd=ROOT)


def smallest_png(source: Path, target: Path) -> int:
    """Copy; if too heavy, reduce to a 256-colour palette (screens are mostly flat colours)."""
    shutil.copyfile(source, target)
    if target.stat().st_size > MAX_BYTES:
        from PIL import Image

        with Image.open(source) as image:
            image.convert("RGB").quantize(colors=256).save(target, optimize=True)
    return target.stat().st_size


def main() -> int:
    started = time.time()
    status = run_journey()
    if status:
        print("the journey failed: docs/images/ left as it was", file=sys.stderr)
        return status
    IMAGES.mkdir(parents=True, exist_ok=True)
    missing = []
    for picture, shot in PICTURES.items():
        source = SHOTS / shot
        if not source.exists() or source.stat().st_mtime < started:
            missing.append(shot)
            continue
        size = smallest_png(source, IMAGES / picture)
        print(f"docs/images/{picture} ← {shot} ({size // 1000} KB)")
    if missing:
        print(f"the journey did not produce: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
