"""How long the results page takes to load for a 30-person session of the full workshop.

Starts the real server (``workshop serve``) on a temporary SQLite database, fills a session of
``relations-90`` with ``--people`` participants (each kind's ``sample``, validated and stored
like a phone's answers, every step revealed), then opens the results page in Chromium
``--repeat`` times in fresh browser contexts (nothing cached) and ``--repeat`` times in one
context that already loaded the app once (the facilitator's browser, which has the app's
scripts cached from the console), and measures from navigation to the moment the script has
drawn every step, and to the moment Plotly has drawn every chart. It also times the server's
work alone: running the page script (AppTest, same process, same database). Target: 1.5 s.

Run: ``python -m benchmarks.results_page [--people 30] [--repeat 5] [--lang fr]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from modules.catalog import load_catalog  # noqa: E402
from modules.identity import digest, new_participant_token  # noqa: E402
from modules.kinds import AnswerRejected, kind_of  # noqa: E402
from modules.service import create_session, store_for  # noqa: E402
from modules.settings import Settings  # noqa: E402
from tests.server import running_server  # noqa: E402

TARGET_S = 1.5
WORKSHOP = "relations-90"
ALL_RUN = """
() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'
  && document.querySelectorAll('[class*="st-key-results-step-"]').length > 0
"""
ALL_DRAWN = """
() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const app = document.querySelector('[data-testid="stApp"]');
  return charts.length >= %d
    && charts.every((chart) => chart.querySelector('.main-svg'))
    && app?.getAttribute('data-test-script-state') === 'notRunning';
}
"""


def _load(page, url: str, charted: int) -> tuple[float, float]:
    """Seconds until the page's script has run (every step's title on screen), then until
    Plotly has drawn every chart."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ALL_RUN, polling=50, timeout=120_000)
    text = time.perf_counter() - started
    page.wait_for_function(ALL_DRAWN % charted, polling=50, timeout=120_000)
    drawn = time.perf_counter() - started
    page.close()
    return text, drawn


def fill(settings: Settings, people: int, lang: str, seed: int = 7):
    """A session of WORKSHOP with ``people`` participants answering every step, all revealed."""
    catalog = load_catalog(settings.exercises_dir)
    store = store_for(settings.database_url)
    links = create_session(store, catalog, settings, WORKSHOP, lang)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops[WORKSHOP]
    rng = random.Random(seed)
    for _ in range(people):
        person = store.join(session.id, digest(new_participant_token()), max_participants=1000)
        for index in range(len(workshop.steps)):
            exercise = catalog.exercise_for(workshop, index)
            kind = kind_of(exercise)
            for _attempt in range(5):
                try:
                    value = kind.validate(exercise, kind.sample(exercise, rng, lang), 280)
                except AnswerRejected:
                    continue
                store.save_answer(session.id, index, exercise.id, person, value)
                break
    for index in range(len(workshop.steps)):
        store.set_step_state(session.id, index, is_open=False, revealed=True)
    charted = sum(
        not kind_of(catalog.exercise_for(workshop, i)).private(catalog.exercise_for(workshop, i))
        for i in range(len(workshop.steps))
    )
    return links, charted


def server_side(settings: Settings, links, lang: str, repeat: int) -> list[float]:
    """Seconds to run the results page's script alone (no browser), as AppTest runs it."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["WORKSHOP_DATABASE_URL"] = settings.database_url

    def results_page():
        from modules.ui.pages import results

        results.render()

    runs = []
    for _ in range(repeat + 1):
        app = AppTest.from_function(results_page, default_timeout=60)
        app.query_params.update({"code": links.code, "key": links.facilitator_key, "lang": lang})
        started = time.perf_counter()
        app.run()
        runs.append(time.perf_counter() - started)
    return runs[1:]  # the first run imports and warms caches


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/results.db"
        with running_server(url, log=Path(folder) / "server.log") as server:
            settings = Settings(
                database_url=url,
                exercises_dir=ROOT / "exercises",
                public_base_url=server.url,
            )
            links, charted = fill(settings, args.people, args.lang)
            page_url = links.console_url.replace("/console?", "/results?") + f"&lang={args.lang}"
            cold, warm, texts = [], [], []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                for _ in range(args.repeat + 1):  # a browser that never saw the app
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    cold.append(_load(context.new_page(), page_url, charted)[1])
                    context.close()
                # The facilitator's own browser: the app's scripts are cached from the console.
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                _load(context.new_page(), page_url, charted)
                for _ in range(args.repeat):
                    text, drawn = _load(context.new_page(), page_url, charted)
                    texts.append(text)
                    warm.append(drawn)
                browser.close()
            scripts = server_side(settings, links, args.lang, args.repeat)
    print(f"results page, {WORKSHOP}, {args.people} people, {charted} charts, lang {args.lang}")
    print(
        f"  new browser (nothing cached), until every chart is drawn: "
        f"median {statistics.median(cold[1:]):.2f} s, max {max(cold[1:]):.2f} s"
    )
    print(
        f"  the facilitator's browser (app cached): every step's text "
        f"{statistics.median(texts):.2f} s, every chart drawn median "
        f"{statistics.median(warm):.2f} s, max {max(warm):.2f} s (target {TARGET_S} s)"
    )
    print(f"  server script alone (AppTest): median {statistics.median(scripts):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
