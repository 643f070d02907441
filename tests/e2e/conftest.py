"""Fixtures for the real-browser suite: Debian's Chromium driven by Playwright, the real server.

One Chromium and one server (temporary SQLite database) serve the whole run; every test opens
its own browser contexts, so phones never share cookies or storage. Without Chromium the tests
skip on a developer machine and FAIL when ``CI`` is set: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from modules import PROJECT_ROOT
from tests.e2e.app import watch_page
from tests.server import RunningServer, running_server

CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LOCALES = {"fr": "fr-CA", "en": "en-US"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
PROJECTOR = {"viewport": {"width": 1600, "height": 900}}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# How long a check waits for the app before failing: generous, because CI machines are slow and
# a passing check returns as soon as the page shows what it waits for.
EXPECT_TIMEOUT_MS = 20_000


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator:
    """One Playwright driver for the run; every browser below is launched from it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as driver:
        yield driver


def _chromium() -> str:
    executable = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if executable is None:
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return executable


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator:
    """One Chromium for the whole run (starting it costs about two seconds)."""
    launched = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Iterator:
    """docs/deploy.md's server recipe, run as written on a throwaway copy of this Debian 12
    machine (tests/deploy/): two replicas, PostgreSQL, nginx with HTTPS, shared by the tests
    that need a real deployment."""
    from tests.deploy.recipe import deploy
    from tests.deploy.sandbox import sandbox, sandbox_unavailable

    reason = sandbox_unavailable()
    if reason is not None:
        _missing(reason)
    folder = tmp_path_factory.mktemp("deployment")
    with sandbox(folder) as box:
        yield deploy(box, folder / "recipe.log")


@pytest.fixture(scope="session")
def deployed_browser(playwright, deployment) -> Iterator:
    """A Chromium inside the deployment's network: the server's name leads to its nginx."""
    launcher, flags = deployment.box.chromium(_chromium(), [deployment.name])
    launched = playwright.chromium.launch(executable_path=launcher, args=CHROMIUM_ARGS + flags)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[RunningServer]:
    """The app as `workshop serve` runs it, on a free port, with its own SQLite database."""
    folder = tmp_path_factory.mktemp("e2e-server")
    with running_server(f"sqlite:///{folder / 'workshop.db'}", log=folder / "server.log") as server:
        yield server


def _context_opener(browser, **defaults) -> tuple[Callable[..., object], list]:
    opened: list = []

    def open_context(device: str, lang: str, **options):
        """``options`` win over the device's preset (another ``viewport``…)."""
        preset = {"phone": PHONE, "projector": PROJECTOR, "desktop": DESKTOP}[device]
        context = browser.new_context(
            locale=LOCALES[lang], accept_downloads=True, **{**preset, **defaults, **options}
        )
        context.set_default_timeout(20_000)
        context.on("page", watch_page)  # so act() hears when a click's run has finished
        opened.append(context)
        return context

    return open_context, opened


@pytest.fixture
def new_context(browser) -> Iterator[Callable[..., object]]:
    """Open a browser context: ``new_context("phone", "fr")``; all are closed after the test."""
    open_context, opened = _context_opener(browser)
    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def new_deployed_context(deployed_browser) -> Iterator[Callable[..., object]]:
    """``new_context`` for the deployment; its trial certificate is self-signed."""
    open_context, opened = _context_opener(deployed_browser, ignore_https_errors=True)
    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def phone_context(new_context):
    """A phone (390×844, touch) in the given language: ``phone_context("fr")``."""
    return lambda lang: new_context("phone", lang)


@pytest.fixture
def projector_context(new_context):
    """A 1600×900 second screen in the given language."""
    return lambda lang: new_context("projector", lang)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where journeys drop their pictures (git-ignored; CI keeps them as artefacts)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_LATENCIES: dict[str, object] = {}


@pytest.fixture(scope="session")
def latency_report() -> dict[str, object]:
    """Journeys put their measured latencies here; they are printed at the end of the run."""
    return _LATENCIES


def pytest_terminal_summary(terminalreporter) -> None:
    if not _LATENCIES:
        return
    terminalreporter.section("browser latencies (action → effect on another screen)")
    for name, latencies in _LATENCIES.items():
        terminalreporter.write_line(f"{name}:")
        terminalreporter.write_line(latencies.report())


@pytest.fixture
def make_session(app_server, catalog):
    """A session on the running server, made the way ``workshop session create`` makes it.

    ``make_session("fr", at_step=0)`` also moves it to a step (which opens that step).
    """
    from modules import live
    from modules.service import create_session, store_for
    from modules.settings import Settings

    database_url = app_server.env["WORKSHOP_DATABASE_URL"]
    settings = Settings(
        database_url=database_url,
        exercises_dir=PROJECT_ROOT / "exercises",
        public_base_url=app_server.url,
    )
    store = store_for(database_url)

    def make(lang: str, *, workshop: str = "starter", at_step: int | None = None):
        links = create_session(store, catalog, settings, workshop, lang)
        if at_step is not None:
            exercise = catalog.exercise_for(catalog.workshops[workshop], at_step)
            session = store.session_by_code(links.code)
            live.go_to_step(store, session, at_step, reveal_live=live.reveals_live(exercise))
        return links

    make.store = store
    make.settings = settings
    return make
