"""The replicas of docs/deploy.md's recipe, as the browser tests and the load benchmark see them.

The cluster is the recipe's own deployment (``tests/deploy/``: a throwaway copy of this Debian 12
machine with the recipe run in it as written): ``workshop@8501`` and ``workshop@8502`` on one
PostgreSQL database, behind Debian's nginx with the shipped ``deploy/nginx-replicas.conf``
unchanged (HTTPS, sticky cookie, websockets). Addresses are the sandbox's own: a browser launched
with ``Sandbox.chromium`` reaches them; this process reaches the database through a bridge.

``python -m tests.e2e.replicas_cluster`` deploys one by hand (for the load benchmark) and prints
how to reach it until Ctrl-C.
"""

from __future__ import annotations

import re
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.deploy.recipe import Deployment

__all__ = ["ACCESS_LOG", "STICKY_COOKIE", "Cluster", "Request", "cluster_of"]

STICKY_COOKIE = "workshop_replica"
REPLICA_PORTS = (8501, 8502)
ACCESS_LOG = "/var/log/nginx/workshop.access.log"
# deploy/nginx-replicas.conf's workshop_private format: no address, no query string.
LOG_LINE = re.compile(
    r'^(?P<time>\S+) "(?P<method>[A-Z]+) (?P<path>[^ "?]*)" (?P<status>\d{3}) \d+ [\d.]+ '
    r"(?P<upstream>[^ ,]+(?:, [^ ,]+)*) (?P<upstream_status>[^ ,]+(?:, [^ ,]+)*)$"
)


@dataclass(frozen=True)
class Request:
    path: str
    status: int
    upstream: str  # "127.0.0.1:8501", or "-" when nginx answered itself


@dataclass(frozen=True)
class Cluster:
    deployment: Deployment
    database_url: str  # reachable from this process
    replicas: list[str]  # reachable from a browser in the sandbox
    proxy_url: str

    def served(self) -> list[Request]:
        """Every request nginx logged so far; a line out of the shipped format fails."""
        text = self.deployment.box.path(ACCESS_LOG).read_text()
        rows = []
        for line in text.splitlines():
            parsed = LOG_LINE.match(line)
            assert parsed, f"not the shipped log format (or it holds more): {line!r}"
            answered = parsed["upstream"].split(", ")[-1]  # after retries, the last one tried
            rows.append(Request(parsed["path"], int(parsed["status"]), answered))
        return rows


def cluster_of(deployment: Deployment) -> Cluster:
    url = make_url(deployment.env["WORKSHOP_DATABASE_URL"])
    bridged = url.set(host="127.0.0.1", port=deployment.box.bridge(url.port or 5432))
    return Cluster(
        deployment=deployment,
        database_url=bridged.render_as_string(hide_password=False),
        replicas=[f"http://127.0.0.1:{port}" for port in REPLICA_PORTS],
        proxy_url=deployment.url,
    )


def _run_by_hand() -> None:
    from tests.deploy.recipe import deploy
    from tests.deploy.sandbox import sandbox

    # `kill` or `timeout` must stop the whole sandbox, not orphan it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    folder = Path(tempfile.mkdtemp(prefix="workshop-deployment-"))
    with sandbox(folder) as box:
        deployment = deploy(box, folder / "recipe.log")
        database = make_url(deployment.env["WORKSHOP_DATABASE_URL"])
        pids = {}
        for unit in [f"workshop@{port}.service" for port in REPLICA_PORTS] + ["nginx.service"]:
            pid = int(box.path(f"/run/fake-systemd/{unit}.pid").read_text())
            pids[unit] = box.host_pid(pid)
        print(f"deployed    {deployment.url} (recipe log: {deployment.log})")
        for unit, pid in pids.items():
            print(f"{unit:<24} pid {pid}")
        print(f"sandbox pid {box.pid}: every process of the deployment descends from it")
        print("load, from inside the deployment's network (nginx is its only HTTPS server):")
        print(
            f"  nsenter --target={box.pid} --net -- .venv/bin/python -m benchmarks.classroom_load"
            f" --url https://127.0.0.1 --database-url '{database.render_as_string(False)}'"
            f" --server-pid {box.pid} --participants 250",
            flush=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    _run_by_hand()
