"""``workshop serve --processes 2``: two app processes and the system's nginx, from one command.

What a facilitator with a laptop relies on, in Chromium through nginx: the console moves the
step and the phone follows (the websocket is proxied, and the two pages may live in different
processes sharing one SQLite file or one PostgreSQL database); a browser stays on one process;
Streamlit's bundles arrive gzip-encoded with a long cache; the log names no client and no token;
SIGTERM leaves no process and no listening port behind.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from modules import PROJECT_ROOT
from modules.i18n import t
from modules.nginx import streamlit_static_dir
from modules.service import create_session, store_for
from modules.settings import Settings
from tests.e2e.app import main, open_app, wait_for_app_run
from tests.postgres import postgres_database_url
from tests.server import RunningServer, descendants, running_server

pytestmark = [pytest.mark.browser, pytest.mark.server]

LANG = "en"
WORKSHOP = "starter"
_READY = re.compile(
    r"app processes on 127\.0\.0\.1:(\d+)-(\d+)\. Access log \(no addresses, no query strings\): "
    r"(\S+)\. Ctrl-C"
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(request, tmp_path_factory) -> Iterator[tuple[RunningServer, list[int], Path]]:
    """Both processes share one SQLite file (WAL) or one PostgreSQL database."""
    folder = tmp_path_factory.mktemp("serve-many")
    database = f"sqlite:///{folder / 'workshop.db'}"
    if request.param == "postgres":
        database = postgres_database_url(request)
    extra = {"XDG_CACHE_HOME": str(folder / "cache")}  # precompressed here, from scratch
    with running_server(
        database, log=folder / "serve.log", processes=2, timeout=180, extra_env=extra
    ) as server:
        deadline = time.monotonic() + 30
        while not (ready := _READY.search(server.log.read_text())):
            assert time.monotonic() < deadline, server.log.read_text()[-2000:]
            time.sleep(0.2)
        first, last = int(ready[1]), int(ready[2])
        yield server, list(range(first, last + 1)), Path(ready[3])


def _links(server: RunningServer, catalog):
    database = server.env["WORKSHOP_DATABASE_URL"]
    settings = Settings(
        database_url=database,
        exercises_dir=PROJECT_ROOT / "exercises",
        public_base_url=server.url,
    )
    return create_session(store_for(database), catalog, settings, WORKSHOP, LANG)


def _log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _upstreams(lines: list[str]) -> set[str]:
    """The app processes that answered these requests (nginx's own files say ``-``)."""
    return {line.split()[-2] for line in lines if line.split()[-2] != "-"}


def test_the_console_moves_the_step_and_the_phone_follows_through_nginx(
    served, catalog, new_context
):
    server, ports, log = served
    links = _links(server, catalog)
    before = len(_log_lines(log))
    phone_context = new_context("phone", LANG)
    static: list = []
    phone_context.on("response", lambda r: static.append(r) if "/static/" in r.url else None)
    phone = open_app(phone_context.new_page(), links.participant_url)
    phone.get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()
    wait_for_app_run(phone)
    phone.reload()  # the same browser again: same cookie, same process
    phone.get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()
    wait_for_app_run(phone)
    phone_lines = _log_lines(log)[before:]

    console = open_app(new_context("desktop", LANG).new_page(), links.console_url)
    total = len(catalog.workshops[WORKSHOP].steps)
    for index in range(2):
        main(console).get_by_role("button", name=t(LANG, "console_next"), exact=True).click()
        phone.get_by_text(t(LANG, "step_of", n=index + 1, total=total), exact=True).wait_for()
        wait_for_app_run(console)

    # one browser, one process: every request nginx passed on went to the same one
    answered = _upstreams(phone_lines)
    assert len(answered) == 1, phone_lines
    assert answered <= {f"127.0.0.1:{port}" for port in ports}

    # Streamlit's bundles: from nginx's precompressed files, cached for a year
    files = streamlit_static_dir()
    bundles = [
        r
        for r in static
        if r.url.endswith((".js", ".css"))
        and (files / urlsplit(r.url).path.lstrip("/")).stat().st_size >= 1024
    ]
    assert len(bundles) >= 10  # the main script, its chunks and styles (tiny ones stay plain)
    for response in bundles:
        headers = response.headers
        assert headers.get("content-encoding") == "gzip", response.url
        assert "max-age=31536000" in headers.get("cache-control", ""), response.url
        assert "immutable" in headers["cache-control"]

    # the log: paths only, no token, no key, no client address
    text = log.read_text()
    assert "?" not in text and links.code not in text
    assert all(
        re.fullmatch(r"\S+ \"[A-Z]+ \S+\" \d+ \d+ \S+ \S+ \S+", ln) for ln in text.splitlines()
    )


def test_browsers_without_a_cookie_spread_over_both_processes(served):
    server, ports, log = served
    before = len(_log_lines(log))
    for _ in range(16):  # a new browser each time: no cookie
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as reply:
            assert reply.status == 200
            cookies = reply.headers.get_all("Set-Cookie") or []
            assert any(c.startswith("workshop_replica=") for c in cookies), cookies
    assert _upstreams(_log_lines(log)[before:]) == {f"127.0.0.1:{port}" for port in ports}


def test_sigterm_leaves_no_process_and_no_port_behind(served):
    server, ports, log = served
    children = descendants(server.process.pid)
    assert len(children) >= 4  # two apps, nginx's master and its worker
    public = int(server.url.rsplit(":", 1)[1])
    os.kill(server.process.pid, signal.SIGTERM)
    assert server.process.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]
    assert not [port for port in [public, *ports] if _listening(port)]
    assert not log.parent.exists()  # nginx's runtime folder, its log with it
