"""``workshop serve --processes N``: the generated nginx configuration, the precompressed static
files and the mistakes a facilitator can make starting it (tests/e2e/test_serve_many.py runs it).
"""

from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from modules import PROJECT_ROOT
from modules.nginx import COOKIE, ProxyPlan, precompress, render_config, streamlit_static_dir
from modules.serve_many import DEFAULT_NGINX, ServeError, app_ports, check_nginx

NGINX_PRESENT = Path(DEFAULT_NGINX).exists()


def _plan(tmp_path: Path, **changes) -> ProxyPlan:
    options = {
        "listen_address": "0.0.0.0",
        "listen_port": 8080,
        "app_ports": (8081, 8082, 8083),
        "runtime_dir": tmp_path / "run",
        "static_root": tmp_path / "static-cache",
        **changes,
    }
    return ProxyPlan(**options)


def test_every_app_process_is_an_upstream_and_a_browser_sticks_to_one(tmp_path):
    config = render_config(_plan(tmp_path))
    servers = re.findall(r"server 127\.0\.0\.1:(\d+);", config)
    assert servers == ["8081", "8082", "8083"]
    assert "hash $workshop_sticky_key consistent;" in config
    assert f"map $cookie_{COOKIE} $workshop_sticky_key" in config
    assert "listen 0.0.0.0:8080" in config
    assert "ip_hash" not in config  # a room behind one NAT would all land on one process


def test_the_log_holds_no_address_no_query_string_and_the_app_gets_no_address(tmp_path):
    config = render_config(_plan(tmp_path))
    log_format = config.split("log_format", 1)[1].split(";", 1)[0]
    for leak in ("$remote_addr", "$request ", "$request_uri", "$args", "$query_string", "$http_"):
        assert leak not in log_format
    assert "$uri" in log_format and "$upstream_addr" in log_format
    assert 'proxy_set_header X-Forwarded-For "";' in config
    assert "error_log stderr emerg;" in config  # nginx names clients in every other error


def test_websockets_keep_the_host_and_port_streamlit_checks_the_origin_against(tmp_path):
    config = render_config(_plan(tmp_path))
    stream = config.split("location /_stcore/stream", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_read_timeout 1h;" in stream
    assert config.count("proxy_set_header Host $http_host;") == 3  # stream, pages, fallback


def test_static_bundles_are_sent_precompressed_with_a_long_cache(tmp_path):
    config = render_config(_plan(tmp_path))
    static = config.split("location /static/", 1)[1].split("}", 1)[0]
    assert "gzip_static on;" in static
    assert f"root {tmp_path / 'static-cache'};" in static
    assert "immutable, max-age=31536000" in static


def test_everything_nginx_writes_stays_in_the_private_runtime_folder(tmp_path):
    config = render_config(_plan(tmp_path))
    run = tmp_path / "run"
    written = re.findall(r"(?:pid|_temp_path|access_log) (\S+?)[ ;]", config)
    assert written and all(path.startswith(str(run)) for path in written), written
    assert "/var/" not in config and "daemon off;" in config


def test_the_cookie_is_secure_only_behind_https(tmp_path):
    assert "Secure" not in render_config(_plan(tmp_path))
    assert "SameSite=Lax; Secure" in render_config(_plan(tmp_path, secure_cookie=True))


def test_started_by_root_its_workers_run_as_root_not_nobody(tmp_path):
    assert "\nuser " not in render_config(_plan(tmp_path))
    assert "\nuser root;" in render_config(_plan(tmp_path, run_as="root"))


def test_no_app_process_is_a_mistake(tmp_path):
    with pytest.raises(ValueError):
        render_config(_plan(tmp_path, app_ports=()))


@pytest.mark.skipif(not NGINX_PRESENT and not os.environ.get("CI"), reason="no nginx here")
def test_the_system_nginx_accepts_the_generated_configuration(tmp_path):
    plan = _plan(tmp_path, listen_address="127.0.0.1", runtime_dir=tmp_path)
    plan.config_file.write_text(render_config(plan))
    checked = subprocess.run(
        [DEFAULT_NGINX, "-t", "-p", str(tmp_path), "-c", str(plan.config_file), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


# -- the precompressed copy of Streamlit's files -----------------------------------------------


def _fake_streamlit(tmp_path: Path) -> Path:
    static = tmp_path / "streamlit-static"
    (static / "static" / "js").mkdir(parents=True)
    (static / "static" / "media").mkdir()
    (static / "static" / "js" / "main.abc123.js").write_text("console.log('x');\n" * 400)
    (static / "static" / "js" / "tiny.js").write_text("1")
    (static / "static" / "media" / "font.woff2").write_bytes(os.urandom(4000))
    (static / "index.html").write_text("<html></html>")
    return static


def test_text_bundles_get_a_gz_twin_that_unpacks_to_the_same_bytes(tmp_path):
    source = _fake_streamlit(tmp_path)
    root = precompress(source, tmp_path / "cache")
    js = root / "static" / "js" / "main.abc123.js"
    assert js.read_bytes() == (source / "static" / "js" / "main.abc123.js").read_bytes()
    packed = js.with_name(js.name + ".gz").read_bytes()
    assert gzip.decompress(packed) == js.read_bytes() and len(packed) < len(js.read_bytes()) / 5
    assert not (root / "static" / "js" / "tiny.js.gz").exists()  # not worth a file
    assert (root / "static" / "media" / "font.woff2").exists()
    assert not (root / "static" / "media" / "font.woff2.gz").exists()  # already compressed


def test_precompression_happens_once_and_leaves_no_half_made_folder(tmp_path):
    source = _fake_streamlit(tmp_path)
    root = precompress(source, tmp_path / "cache")
    made = (root / "static" / "js" / "main.abc123.js.gz").stat().st_mtime_ns
    assert precompress(source, tmp_path / "cache") == root
    assert (root / "static" / "js" / "main.abc123.js.gz").stat().st_mtime_ns == made
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["static"]


def test_a_missing_streamlit_frontend_is_said_not_served_empty(tmp_path):
    with pytest.raises(FileNotFoundError, match="static files are missing"):
        precompress(tmp_path / "nothing", tmp_path / "cache")
    assert not (tmp_path / "cache" / "static").exists()


def test_the_real_streamlit_frontend_is_found_without_importing_streamlit():
    assert (streamlit_static_dir() / "index.html").is_file()
    code = "import modules.nginx, sys; print('streamlit' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.stdout.strip() == "False", done.stderr


# -- ports, nginx and the command's mistakes ---------------------------------------------------


def test_app_ports_are_the_first_consecutive_free_ones_after_the_public_port():
    busy = {8082}
    assert app_ports(8080, 2, is_free=lambda p: p not in busy) == [8083, 8084]
    assert app_ports(8080, 1, is_free=lambda p: True) == [8081]
    with pytest.raises(ServeError, match="no 2 consecutive free ports"):
        app_ports(65534, 2, is_free=lambda p: True)


def test_a_missing_nginx_is_named_with_what_to_do(tmp_path):
    with pytest.raises(ServeError, match="apt install nginx"):
        check_nginx(str(tmp_path / "nginx"))
    (tmp_path / "nginx").write_text("not executable")
    with pytest.raises(ServeError, match="--processes 1"):
        check_nginx(str(tmp_path / "nginx"))


def test_without_debians_nginx_the_one_on_the_path_is_used(tmp_path, monkeypatch):
    own = tmp_path / "nginx"
    own.write_text("#!/bin/sh\n")
    own.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("modules.serve_many.DEFAULT_NGINX", str(tmp_path / "absent" / "nginx"))
    assert check_nginx(str(tmp_path / "absent" / "nginx")) == str(own)
    assert check_nginx("nginx") == str(own)


def _serve(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    return subprocess.run(
        [sys.executable, "-m", "modules.cli", "serve", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def _one_line(done: subprocess.CompletedProcess, said: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("workshop: ") and said in done.stderr, done.stderr


def test_serve_mistakes_are_one_line_and_exit_code_2(tmp_path):
    _one_line(_serve("--processes", "0", tmp_path=tmp_path), "--processes must be 1 or more")
    missing = str(tmp_path / "no-nginx")
    _one_line(
        _serve("--processes", "2", "--nginx", missing, tmp_path=tmp_path),
        f"nginx not found at {missing}",
    )
    assert not (tmp_path / "w.db").exists()  # nothing was started or created


def test_a_busy_public_port_is_one_line_and_starts_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _serve(
            "--processes", "2", "--port", str(port), "--address", "127.0.0.1", tmp_path=tmp_path
        )
    _one_line(done, f"port {port} on 127.0.0.1 is busy")
    assert not (tmp_path / "w.db").exists()


# -- the warm-up: each process draws one page before phones come -------------------------------


@pytest.mark.server
def test_the_warm_up_runs_the_landing_page_to_its_end_over_streamlits_protocol(tmp_path):
    """Fails when a Streamlit release changes what ``modules/ui/warm_up.py`` speaks."""
    from modules.ui.warm_up import warm
    from tests.server import free_port, running_server

    with running_server(f"sqlite:///{tmp_path / 'w.db'}", log=tmp_path / "log") as server:
        port = int(server.url.rsplit(":", 1)[1])
        assert warm(port, timeout=120)
        done = subprocess.run(
            [sys.executable, "-m", "modules.ui.warm_up", str(port)],
            cwd=PROJECT_ROOT,
            timeout=180,
        )
        assert done.returncode == 0
    assert not warm(free_port(), timeout=5)  # nobody there: False, not an exception


def test_nginx_is_checked_where_it_listens_ipv4_or_ipv6():
    from modules.serve_many import _reachable

    assert _reachable("0.0.0.0") == "127.0.0.1"
    assert _reachable("::") == "[::1]"
    assert _reachable("192.168.137.1") == "192.168.137.1"
    assert _reachable("fe80::1") == "[fe80::1]"
