"""Aggregate + figure for 10,000 answers of every exercise kind, as the projector computes them.

For each kind found by ``modules.kinds.all_kinds()`` it takes an exercise of that kind from
``exercises/`` (the first by id), draws N synthetic answers with ``kind.sample`` and keeps those
``kind.validate`` accepts (what the database would hold), fills the steps the exercise refers to
the same way, then times ``results.step_result`` (aggregate, keyed by participant) + the Plotly
figure, and separately the figure's JSON (what ``st.plotly_chart`` serialises). Median of
``--repeat`` runs after one warm-up. Target: ≤ 50 ms median.

Run: ``python -m benchmarks.aggregate_bench [--answers 10000] [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from modules.catalog import load_catalog  # noqa: E402
from modules.kinds import AnswerRejected, ExerciseBase, Kind, all_kinds  # noqa: E402
from modules.results import step_result  # noqa: E402

TARGET_MS = 50.0
LANG = "fr"


def synthetic(kind: Kind[Any], exercise: ExerciseBase, count: int, seed: int) -> dict[int, Any]:
    """``count`` stored answers keyed by participant id (rejected samples are drawn again)."""
    rng = random.Random(seed)
    answers: dict[int, Any] = {}
    attempts = 0
    while len(answers) < count and attempts < count * 5:
        attempts += 1
        try:
            answers[len(answers) + 1] = kind.validate(
                exercise, kind.sample(exercise, rng, LANG), 280
            )
        except AnswerRejected:
            continue
    return answers


def timed(work, repeat: int) -> float:
    work()  # warm-up: imports, caches
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    catalog = load_catalog(ROOT / "exercises")
    rows: list[tuple[str, str, str, str, str, str]] = []
    failed = False
    for name, kind in sorted(all_kinds().items()):
        examples = sorted(
            (e for e in catalog.exercises.values() if e.kind == name), key=lambda e: e.id
        )
        if not examples:
            rows.append((name, "—", "—", "—", "—", "no exercise of this kind in exercises/"))
            continue
        exercise = examples[0]
        values = synthetic(kind, exercise, args.answers, seed=1)
        related: dict[str, dict[int, Any]] = {}
        for reference in kind.references(exercise):
            other = catalog.exercises.get(reference.exercise_id)
            if other is not None:
                related[reference.field_name] = synthetic(
                    all_kinds()[other.kind], other, args.answers, seed=2
                )

        def result(exercise=exercise, values=values, related=related):
            return step_result(exercise, values, LANG, threshold=3, related=related)

        def aggregate_and_figure(result=result):
            return result().figure(LANG)

        figure = aggregate_and_figure()
        aggregate_ms = timed(result, args.repeat)
        total_ms = timed(aggregate_and_figure, args.repeat)
        json_ms = timed(figure.to_json, args.repeat) if figure is not None else float("nan")
        verdict = "ok" if total_ms <= TARGET_MS else f"over by {total_ms - TARGET_MS:.0f} ms"
        failed |= total_ms > TARGET_MS
        rows.append(
            (
                name,
                exercise.id,
                f"{len(values)}",
                f"{aggregate_ms:.1f}",
                f"{total_ms:.1f}",
                f"{json_ms:.1f}  {verdict}",
            )
        )

    header = ("kind", "exercise", "answers", "aggregate ms", "aggregate+figure ms", "JSON ms")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(f"aggregate_bench: median of {args.repeat} runs, target ≤ {TARGET_MS:.0f} ms")
    for row in [header, *rows]:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
