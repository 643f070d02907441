"""Two app replicas on one PostgreSQL behind nginx: what one replica does, the other shows.

A phone, the console and the projector of one session may each be served by a different
process; only the database connects them (issue 7). The replicas are docs/deploy.md's own
(``workshop@8501``, ``workshop@8502``, Debian's nginx with the shipped site unchanged, HTTPS),
deployed as written by the ``deployment`` fixture. Chromium, inside the deployment's network,
drives real pages on replica A, replica B and nginx. Each effect is asserted (with a timeout
that only catches a hang); the latencies between them are measured and reported at the end of
the run, never judged here: ``benchmarks/`` measures speed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page, expect

from modules import live
from modules.i18n import t
from modules.service import SessionLinks, create_session
from modules.settings import Settings
from modules.store import Store
from tests.conftest import EXERCISES
from tests.e2e.answering import driver_for
from tests.e2e.app import main, open_app, starts_with, wait_for_app_run
from tests.e2e.journey import Latencies
from tests.e2e.replicas_cluster import STICKY_COOKIE, Cluster, Request, cluster_of

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.server]

LANG = "en"
WORKSHOP = "starter"
STEP_CHANGES = 3

_LATENCIES = Latencies()


@pytest.fixture(scope="module")
def cluster(deployment) -> Cluster:
    return cluster_of(deployment)


@pytest.fixture
def new_context(new_deployed_context):
    """Every page of this module opens in the browser that lives in the deployment's network."""
    return new_deployed_context


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
        public_base_url=cluster.proxy_url,
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


def test_a_step_change_on_replica_a_reaches_a_phone_on_replica_b(cluster, catalog, new_context):
    replica_a, replica_b = cluster.replicas
    workshop = catalog.workshops[WORKSHOP]
    links = _session(cluster, catalog, at_step=None)
    console = _page(new_context, "desktop", _on(replica_a, links.console_url))
    phone = _page(new_context, "phone", _on(replica_b, links.participant_url))
    phone.get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()

    next_step = main(console).get_by_role("button", name=t(LANG, "console_next"), exact=True)
    store = Store(cluster.database_url)
    session_id = store.session_by_code(links.code).id
    for index in range(STEP_CHANGES):
        shown = t(LANG, "step_of", n=index + 1, total=len(workshop.steps))
        stored = _when_stored(store, session_id)
        _measure(
            "next step on A → phone on B",
            next_step.click,
            lambda shown=shown: phone.get_by_text(shown, exact=True).wait_for(),
        )
        _LATENCIES.record("  of which: in the database → phone on B", stored())
        wait_for_app_run(phone)
        title = catalog.exercise_for(workshop, index).title(LANG)
        assert main(phone).get_by_text(title, exact=True).is_visible()
        wait_for_app_run(console)


def test_answers_on_replica_a_reach_the_projector_on_replica_b(cluster, catalog, new_context):
    replica_a, replica_b = cluster.replicas
    links = _session(cluster, catalog, at_step=0)
    projector = _page(new_context, "projector", _on(replica_b, links.projector_url))
    _answer_count(projector, 0)

    for person in range(2):
        phone = _page(new_context, "phone", _on(replica_a, links.participant_url))
        send = _send_answer(phone, catalog, person)
        _measure(
            "answer on A → projector on B",
            send,
            lambda n=person + 1: _answer_count(projector, n),
        )
        phone.get_by_text(t(LANG, "answer_saved"), exact=True).wait_for()


def _requests_of_one_browser(cluster: Cluster, before: int) -> list[Request]:
    """The lines logged since ``before``, once the browser's websocket (logged when it closes)
    is among them."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = cluster.served()[before:]
        if any(row.status == 101 for row in rows):
            return rows
        time.sleep(0.1)
    raise AssertionError(f"no websocket logged by nginx: {cluster.served()[before:]}")


def test_through_nginx_each_browser_sticks_to_one_replica(cluster, catalog, new_context):
    """Browsers open one after the other, so each one's requests are the lines logged while it
    was open (the shipped log holds no per-browser key, by design); a browser's QR code is an
    image kept in the memory of the replica that drew its page: it loads only when every
    request of that browser reaches that replica. Opening a few is enough to meet both."""
    links = _session(cluster, catalog, at_step=None)  # the lobby: the big QR code is media
    seen: set[str] = set()
    for _browser in range(12):
        before = len(cluster.served())
        context = new_context("projector", LANG)
        projector = open_app(context.new_page(), links.projector_url)
        expect(projector.locator(".ws-join-code")).to_have_text(links.code)
        qr = main(projector).get_by_test_id("stImage").get_by_role("img")
        qr.wait_for()
        assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
        (sticky,) = [c for c in context.cookies() if c["name"] == STICKY_COOKIE]
        assert sticky["secure"] and sticky["httpOnly"], sticky
        context.close()
        rows = _requests_of_one_browser(cluster, before)
        replicas = {row.upstream for row in rows if row.upstream != "-"}
        assert len(replicas) == 1, f"one browser, several replicas: {rows}"
        assert all(row.status < 500 for row in rows), rows
        media = [row for row in rows if row.path.startswith("/media/")]
        assert media and all(row.status == 200 for row in media), rows
        seen |= replicas
        if len(seen) == 2:
            break
    assert seen == {"127.0.0.1:8501", "127.0.0.1:8502"}, "nginx sent every browser to one replica"


def test_through_nginx_a_phone_answers_and_stays_one_participant(cluster, catalog, new_context):
    links = _session(cluster, catalog, at_step=0)
    requested: list[str] = []
    projector = _page(new_context, "projector", links.projector_url, requested)
    _answer_count(projector, 0)
    phone = _page(new_context, "phone", links.participant_url, requested)
    send = _send_answer(phone, catalog, 0)
    _measure("answer → projector, both through nginx", send, lambda: _answer_count(projector, 1))
    phone.get_by_text(t(LANG, "answer_saved"), exact=True).wait_for()
    phone.reload()
    wait_for_app_run(phone)
    store = Store(cluster.database_url)
    session = store.session_by_code(links.code)
    assert store.counts(session.id) == (1, {0: 1}), "a reload must stay the same participant"
    # Nothing outside the proxy is fetched: the app works in a room with no internet.
    outside = [url for url in requested if not url.startswith((cluster.proxy_url, "data:"))]
    assert requested and not outside, outside
