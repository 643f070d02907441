"""Walk a demo session through every step and photograph every screen at the sizes rooms use.

Starts the real server on a temporary database, fills a session with the demo answers, then for
each step (lobby first) saves the projector at 1024×768, 1280×720, 1366×768 and 1920×1080, the
console at 1440×900 and a phone at 390×844, under ``test-artifacts/tour/<name>/<lang>/``. It
also prints, for each projector picture, whether the page scrolls and where the lowest chart ends:
the numbers to read beside the pictures.

    python scripts/screen_tour.py --name after --lang fr --workshop relations-90
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modules import live  # noqa: E402
from modules.catalog import load_catalog  # noqa: E402
from modules.demo import create_demo_session  # noqa: E402
from modules.service import store_for  # noqa: E402
from modules.settings import Settings  # noqa: E402
from tests.server import running_server  # noqa: E402

PROJECTORS = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]
CONSOLE = (1440, 900)
PHONE = (390, 844)
MEASURE = """
() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const bottom = Math.max(0, ...charts.map((c) => c.getBoundingClientRect().bottom));
  const scroller = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  return {
    charts: charts.length,
    chart_bottom: Math.round(bottom),
    scrolls: scroller.scrollHeight > scroller.clientHeight + 1,
    page_height: scroller.scrollHeight,
  };
}
"""


def settle(page, ms: int = 1500, *, charts: bool = False) -> None:
    page.wait_for_timeout(300)
    app = page.get_by_test_id("stApp")
    app.wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=30_000,
    )
    if charts:  # a chart container is drawn once Plotly has drawn into it
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
            ".every((c) => c.querySelector('.main-svg'))",
            timeout=60_000,
        )
    page.wait_for_timeout(ms)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="now")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--workshop", default="relations-90")
    parser.add_argument("--steps", default="", help="comma-separated step numbers (0 = lobby)")
    parser.add_argument("--only", default="", help="projector,console,phone")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else {"projector", "console", "phone"}
    out = ROOT / "test-artifacts" / "tour" / args.name / args.lang
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/tour.db"
        with running_server(url, log=Path(folder) / "server.log") as server:
            settings = Settings(
                database_url=url,
                exercises_dir=ROOT / "exercises",
                public_base_url=server.url,
            )
            links = create_demo_session(settings, workshop_id=args.workshop, lang=args.lang)
            store = store_for(url)
            catalog = load_catalog(ROOT / "exercises")
            workshop = catalog.workshops[args.workshop]
            count = len(workshop.steps)
            steps = [int(s) for s in args.steps.split(",")] if args.steps else range(count + 1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                locale = "fr-CA" if args.lang == "fr" else "en-US"
                pages = {}
                if "projector" in only:
                    for width, height in PROJECTORS:
                        context = browser.new_context(
                            viewport={"width": width, "height": height}, locale=locale
                        )
                        pages[f"projector-{width}x{height}"] = context.new_page()
                if "console" in only:
                    context = browser.new_context(
                        viewport={"width": CONSOLE[0], "height": CONSOLE[1]}, locale=locale
                    )
                    pages["console"] = context.new_page()
                if "phone" in only:
                    context = browser.new_context(
                        viewport={"width": PHONE[0], "height": PHONE[1]},
                        locale="en-US",  # a phone whose browser speaks English
                        is_mobile=True,
                        has_touch=True,
                    )
                    pages["phone"] = context.new_page()
                for name, page in pages.items():
                    if name.startswith("projector"):
                        page.goto(links.projector_url)
                    elif name == "console":
                        page.goto(links.console_url)
                    else:
                        page.goto(links.participant_url)
                for step in steps:
                    session = store.session_by_code(links.code)
                    exercise_index = step - 1
                    live.go_to_step(
                        store,
                        session,
                        exercise_index,
                        reveal_live=exercise_index >= 0
                        and live.reveals_live(catalog.exercise_for(workshop, exercise_index)),
                    )
                    for name, page in pages.items():
                        projector = name.startswith("projector")
                        settle(page, 2500 if projector else 1500, charts=projector)
                        picture = out / f"{step:02d}-{name}.png"
                        page.screenshot(path=str(picture))
                        if name.startswith("projector"):
                            print(step, name, page.evaluate(MEASURE))
                browser.close()
    print(f"pictures in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
