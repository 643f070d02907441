"""Several app replicas sharing one PostgreSQL database, behind Debian's nginx, all on loopback.

This is the deployment of docs/deploy.md in miniature: ``workshop db upgrade`` once, then N
``workshop serve`` processes on their own ports, then nginx with the shipped
``deploy/nginx-replicas.conf`` (its ``# @…`` lines rewritten for loopback ports and a
temporary directory). nginx runs in the foreground as a child of the test, never as a daemon.

``python -m tests.e2e.replicas_cluster [N]`` starts one by hand (for the load benchmark) and
prints its addresses until Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from modules import PROJECT_ROOT
from tests.server import RunningServer, free_port, healthy, running_server, stop

__all__ = ["Cluster", "Proxy", "nginx_binary", "nginx_proxy", "render_site", "replica_cluster"]

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx-replicas.conf"
STICKY_COOKIE = "workshop_replica"
# What the test's access log records: which replica served which browser (by its sticky key).
TEST_LOG_FORMAT = "'$workshop_sticky_key $upstream_addr $status \"$request_method $uri\"'"


@dataclass(frozen=True)
class Proxy:
    url: str
    access_log: Path
    error_log: Path

    def served(self) -> list[tuple[str, str, int, str]]:
        """(sticky key, replica address, status, request) for every request so far."""
        rows = []
        for line in self.access_log.read_text().splitlines():
            key, upstream, status, request = line.split(" ", 3)
            rows.append((key, upstream, int(status), request.strip('"')))
        return rows


@dataclass(frozen=True)
class Cluster:
    database_url: str
    replicas: list[RunningServer]
    proxy: Proxy


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def render_site(template: str, upstreams: list[str], listen: str, access_log: str) -> str:
    """The shipped site config with its marked lines pointed at this machine's processes."""
    lines, replicas_done = [], False
    for line in template.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        if line.rstrip().endswith("# @replica"):
            if not replicas_done:
                lines += [f"{indent}server {address} max_fails=0;" for address in upstreams]
                replicas_done = True
        elif line.rstrip().endswith("# @listen"):
            lines.append(f"{indent}listen {listen};")
        elif line.rstrip().endswith("# @access_log"):
            lines.append(f"{indent}access_log {access_log} workshop_test;")
        else:
            lines.append(line)
    if not replicas_done:
        raise ValueError("the template has no '# @replica' line")
    return "\n".join(lines) + "\n"


def _main_config(folder: Path, site: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 2048; }}
http {{
{temps}
    log_format workshop_test {TEST_LOG_FORMAT};
    include {site};
}}
"""


@contextmanager
def nginx_proxy(
    upstreams: list[str], folder: Path, *, port: int | None = None, timeout: float = 20
) -> Iterator[Proxy]:
    """nginx on ``127.0.0.1:port`` in front of ``upstreams`` ("127.0.0.1:8501", …)."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx not found (apt-get install nginx)")
    folder.mkdir(parents=True, exist_ok=True)
    access_log = folder / "access.log"
    site, config = folder / "site.conf", folder / "nginx.conf"
    for attempt in range(3):
        port = port if (port and attempt == 0) else free_port()
        site.write_text(
            render_site(TEMPLATE.read_text(), upstreams, f"127.0.0.1:{port}", str(access_log))
        )
        config.write_text(_main_config(folder, site))
        process = subprocess.Popen(
            [binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while process.poll() is None and not healthy(url):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nginx not serving in {timeout}s")
                time.sleep(0.1)
            if process.poll() is None:
                yield Proxy(url, access_log, folder / "error.log")
                return
        finally:
            stop(process)
        errors = (folder / "error.log").read_text(errors="replace")
        if "Address already in use" not in errors:
            raise RuntimeError(f"nginx did not start:\n{errors[-2000:]}")
    raise RuntimeError("nginx found no free port")


def upgrade_database(database_url: str) -> None:
    """``workshop db upgrade``, once, before any replica starts (docs/deploy.md)."""
    done = subprocess.run(
        [sys.executable, "-m", "modules.cli", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "WORKSHOP_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"workshop db upgrade failed:\n{done.stdout}{done.stderr}")


@contextmanager
def replica_cluster(database_url: str, folder: Path, *, count: int = 2) -> Iterator[Cluster]:
    """``count`` replicas on ``database_url`` behind nginx; everything stops on exit."""
    upgrade_database(database_url)
    proxy_port = free_port()
    public = {"WORKSHOP_PUBLIC_BASE_URL": f"http://127.0.0.1:{proxy_port}"}
    with ExitStack() as stack:
        starting = [
            running_server(database_url, log=folder / f"replica-{n}.log", extra_env=public)
            for n in range(count)
        ]
        with ThreadPoolExecutor(count) as pool:  # replicas start side by side
            entered = [pool.submit(manager.__enter__) for manager in starting]
        failures = []
        for manager, future in zip(starting, entered, strict=True):
            if future.exception() is None:
                stack.push(manager)
            else:
                failures.append(future.exception())
        if failures:
            raise failures[0]
        replicas = [future.result() for future in entered]
        upstreams = [replica.url.removeprefix("http://") for replica in replicas]
        proxy = stack.enter_context(nginx_proxy(upstreams, folder / "nginx", port=proxy_port))
        yield Cluster(database_url, replicas, proxy)


def _run_by_hand(count: int) -> None:
    from tests.postgres import create_database

    # `kill` or `timeout` must stop the replicas, nginx and PostgreSQL too, not orphan them.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    url = os.environ.get("WORKSHOP_DATABASE_URL") or create_database()
    folder = Path(tempfile.mkdtemp(prefix="workshop-replicas-"))
    with replica_cluster(url, folder, count=count) as cluster:
        print(f"database   {make_url(url).render_as_string(hide_password=True)}")
        for n, replica in enumerate(cluster.replicas):
            print(f"replica {n}  {replica.url}  (pid {replica.process.pid})")
        print(f"nginx      {cluster.proxy.url}")
        print(f"logs       {folder}")
        print(f"pid        {os.getpid()} (replicas and nginx are its children)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    _run_by_hand(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
