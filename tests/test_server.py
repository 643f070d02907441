"""The real server starts with the tuned settings and answers its health check."""

import urllib.request

import pytest

from tests.server import running_server

pytestmark = pytest.mark.server


def test_serve_starts_a_healthy_app_on_sqlite(tmp_path, sqlite_url):
    with running_server(sqlite_url, log=tmp_path / "server.log") as server:
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=5) as reply:
            assert reply.status == 200 and reply.read() == b"ok"
        with urllib.request.urlopen(f"{server.url}/?code=ABCDEF", timeout=5) as reply:
            assert b'<div id="root">' in reply.read()


def test_the_server_purges_expired_sessions_with_no_page_ever_opened(tmp_path, sqlite_url, catalog):
    """`workshop serve` starts the retention purge with the process: nobody opens a page."""
    import time
    from datetime import timedelta

    from modules import lifecycle
    from modules.settings import Settings
    from modules.store import Store
    from modules.store.tables import utcnow

    store = Store(sqlite_url)
    settings = Settings(database_url=sqlite_url)
    expired = lifecycle.new_session(store, catalog, settings, "starter", "en")
    kept = lifecycle.new_session(store, catalog, settings, "starter", "en")
    store.update_session(store.session_by_code(expired.code).id, expires_at=utcnow() - timedelta(1))
    store.update_session(store.session_by_code(kept.code).id, answer_version=1)  # answered once
    with running_server(sqlite_url, log=tmp_path / "server.log"):
        deadline = time.monotonic() + 120  # only catches a server that never purges
        while store.session_by_code(expired.code) is not None:
            assert time.monotonic() < deadline, "the expired session is still there"
            time.sleep(0.2)
        assert store.session_by_code(kept.code) is not None
    assert "expired or unused session(s) deleted" in (tmp_path / "server.log").read_text()
