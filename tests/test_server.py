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
