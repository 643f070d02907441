"""Two app replicas on one PostgreSQL behind nginx: what one replica does, the other shows.

A phone, the console and the projector of one session may each be served by a different
process; only the database connects them (issue 7). Chromium drives real pages on replica A,
replica B and nginx, and the latencies between them are measured against the target.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page

from modules import live
from modules.i18n import t
from modules.service import SessionLinks, create_session
from modules.settings import Settings
from modules.store import Store
from tests.conftest import EXERCISES
from tests.e2e.answering import driver_for
from tests.e2e.app import main, open_app, starts_with, wait_for_app_run
from tests.e2e.journey import Latencies
from tests.e2e.replicas_cluster import STICKY_COOKIE, Cluster, nginx_binary, replica_cluster
from tests.postgres import postgres_database_url

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.server]

LANG = "en"
WORKSHOP = "starter"
TARGET_LATENCY_S = 2.0
STEP_CHANGES = 3

_LATENCIES = Latencies()


@pytest.fixture(scope="module")
def cluster(browser, tmp_path_factory) -> Iterator[Cluster]:
    """Asks for Chromium first: a missing browser fails fast, before anything starts."""
    import os

    if nginx_binary() is None:
        message = "nginx not found (apt-get install nginx)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI is set: the replica test must run", pytrace=False)
        pytest.skip(message)
    database_url = postgres_database_url()
    with replica_cluster(database_url, tmp_path_factory.mktemp("replicas")) as running:
        yield running


@pytest.fixture(scope="module", autouse=True)
def _report_latencies(latency_report) -> Iterator[None]:
    yield
    if _LATENCIES.figures:
        latency_report["two replicas + nginx (PostgreSQL)"] = _LATENCIES


def _session(cluster: Cluster, catalog, *, at_step: int | None) -> SessionLinks:
    store = Store(cluster.database_url)
    settings = Settings(
        database_url=cluster.database_url,
        exercises_dir=EXERCISES,
        public_base_url=cluster.proxy.url,
    )
    links = create_session(store, catalog, settings, WORKSHOP, LANG)
    if at_step is not None:
        live.go_to_step(store, store.session_by_code(links.code), at_step)
    return links


def _on(base: str, link: str) -> str:
    """The same page (path and query) on another server."""
    server, page = urlsplit(base), urlsplit(link)
    return urlunsplit((server.scheme, server.netloc, page.path, page.query, ""))


def _page(new_context: Callable, device: str, url: str, requests: list[str] | None = None) -> Page:
    context = new_context(device, LANG)
    if requests is not None:
        context.on("request", lambda request: requests.append(request.url))
    return open_app(context.new_page(), url)


def _measure(what: str, action: Callable[[], None], effect: Callable[[], None]) -> float:
    started = time.monotonic()
    action()
    effect()
    elapsed = _LATENCIES.record(what, started)
    print(f"{what}: {elapsed:.2f}s")
    return elapsed


def _answer_count(projector: Page, n: int) -> None:
    counted = t(LANG, "projector_answers", n=n)
    projector.get_by_text(starts_with(counted)).wait_for()


def _send_answer(phone: Page, catalog, person: int) -> Callable[[], None]:
    """Fill step 1 as person ``person`` would; the returned action presses send."""
    exercise = catalog.exercise_for(catalog.workshops[WORKSHOP], 0)
    driver = driver_for(exercise)
    driver.fill(main(phone), exercise, driver.answer_for(exercise, person, LANG), LANG)
    send = main(phone).get_by_role("button", name=t(LANG, "submit_answer"), exact=True)
    return send.click


def _when_stored(store: Store, session_id: int) -> Callable[[], float]:
    """Watch the session's state version; the returned call gives when it moved (monotonic)."""
    before = store.versions([session_id])[session_id][0]
    moved: list[float] = []

    def watch() -> None:
        deadline = time.monotonic() + 30
        while not moved and time.monotonic() < deadline:
            if store.versions([session_id])[session_id][0] != before:
                moved.append(time.monotonic())
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    def when() -> float:
        watcher.join()
        assert moved, "the step change never reached the database"
        return moved[0]

    return when


def _within_target(figures: list[float]) -> None:
    """The typical latency meets the target; none is more than twice it.

    The phone on the other replica polls once a second, so one figure depends on where that
    second stood; a median over a few figures is what a room experiences, and the bound on the
    worst catches a path that only works by luck.
    """
    assert statistics.median(figures) <= TARGET_LATENCY_S, _LATENCIES.report()
    assert max(figures) <= 2 * TARGET_LATENCY_S, _LATENCIES.report()


def test_a_step_change_on_replica_a_reaches_a_phone_on_replica_b(cluster, catalog, new_context):
    replica_a, replica_b = (replica.url for replica in cluster.replicas)
    workshop = catalog.workshops[WORKSHOP]
    links = _session(cluster, catalog, at_step=None)
    console = _page(new_context, "desktop", _on(replica_a, links.console_url))
    phone = _page(new_context, "phone", _on(replica_b, links.participant_url))
    phone.get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()

    next_step = main(console).get_by_role("button", name=t(LANG, "console_next"), exact=True)
    store = Store(cluster.database_url)
    session_id = store.session_by_code(links.code).id
    figures = []
    for index in range(STEP_CHANGES):
        shown = t(LANG, "step_of", n=index + 1, total=len(workshop.steps))
        stored = _when_stored(store, session_id)
        figures.append(
            _measure(
                "next step on A → phone on B",
                next_step.click,
                lambda shown=shown: phone.get_by_text(shown, exact=True).wait_for(),
            )
        )
        _LATENCIES.record("  of which: in the database → phone on B", stored())
        wait_for_app_run(phone, after_action=False)
        title = catalog.exercise_for(workshop, index).title(LANG)
        assert main(phone).get_by_text(title, exact=True).is_visible()
        wait_for_app_run(console, after_action=False)
    _within_target(figures)


def test_answers_on_replica_a_reach_the_projector_on_replica_b(cluster, catalog, new_context):
    replica_a, replica_b = (replica.url for replica in cluster.replicas)
    links = _session(cluster, catalog, at_step=0)
    projector = _page(new_context, "projector", _on(replica_b, links.projector_url))
    _answer_count(projector, 0)

    figures = []
    for person in range(2):
        phone = _page(new_context, "phone", _on(replica_a, links.participant_url))
        send = _send_answer(phone, catalog, person)
        figures.append(
            _measure(
                "answer on A → projector on B",
                send,
                lambda n=person + 1: _answer_count(projector, n),
            )
        )
        phone.get_by_text(t(LANG, "answer_saved"), exact=True).wait_for()
    _within_target(figures)


def test_through_nginx_each_browser_sticks_to_one_replica(cluster, catalog, new_context):
    links = _session(cluster, catalog, at_step=0)
    requested: list[str] = []
    projector = _page(new_context, "projector", links.projector_url, requested)  # via nginx
    _answer_count(projector, 0)
    # The QR code is an image kept in the memory of the replica that drew the page: it only
    # loads when the browser's requests all reach that replica.
    qr = main(projector).get_by_role("img").first
    qr.wait_for()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")

    phone = _page(new_context, "phone", links.participant_url, requested)
    send = _send_answer(phone, catalog, 0)
    elapsed = _measure(
        "answer → projector, both through nginx", send, lambda: _answer_count(projector, 1)
    )
    phone.get_by_text(t(LANG, "answer_saved"), exact=True).wait_for()
    phone.reload()
    wait_for_app_run(phone, after_action=False)
    store = Store(cluster.database_url)
    session = store.session_by_code(links.code)
    assert store.counts(session.id) == (1, {0: 1}), "a reload must stay the same participant"

    assert STICKY_COOKIE in {cookie["name"] for cookie in phone.context.cookies()}
    served = cluster.proxy.served()
    replicas_of: dict[str, set[str]] = defaultdict(set)
    for key, upstream, _status, _request in served:
        replicas_of[key].add(upstream)
    stuck = {key: found for key, found in replicas_of.items() if len(found) > 1}
    assert not stuck, f"browsers served by more than one replica: {stuck}"
    # (Streamlit's page probes /<page>/_stcore/… first and gets a 404: that is expected.)
    assert all(status < 500 for _k, _u, status, _r in served), served
    media = [(status, request) for _k, _u, status, request in served if "/media/" in request]
    assert media and all(status == 200 for status, _ in media), media
    assert any(status == 101 for _k, _u, status, _r in served), "no websocket through nginx"
    # Nothing outside the proxy is fetched: the app works in a room with no internet.
    outside = [url for url in requested if not url.startswith((cluster.proxy.url, "data:"))]
    assert requested and not outside, outside
    _within_target([elapsed])
