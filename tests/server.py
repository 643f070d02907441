"""Starting the real app server (`workshop serve`) on a free port, and stopping it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from modules import PROJECT_ROOT

__all__ = ["RunningServer", "free_port", "healthy", "running_server", "stop"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether ``url`` answers Streamlit's (or nginx's proxied) health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, with every child: TERM, then KILL after 10 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, 15)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


@dataclass(frozen=True)
class RunningServer:
    url: str
    process: subprocess.Popen
    env: dict[str, str]
    log: Path  # what the server printed: its output and errors


@contextmanager
def running_server(
    database_url: str, *, log: Path, extra_env: dict[str, str] | None = None, timeout: float = 60
) -> Iterator[RunningServer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "WORKSHOP_DATABASE_URL": database_url,
        "WORKSHOP_PUBLIC_BASE_URL": url,
        **(extra_env or {}),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "modules.cli",
                "serve",
                "--port",
                str(port),
                "--address",
                "127.0.0.1",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=PROJECT_ROOT,
        )
        try:
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not healthy in {timeout}s")
                time.sleep(0.2)
            yield RunningServer(url, process, env, log)
        finally:
            stop(process)
