"""Starting the real app server (`workshop serve`) on a free port, and stopping it."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from modules import PROJECT_ROOT

__all__ = ["RunningServer", "free_port", "healthy", "page_elements", "running_server", "stop"]


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
    database_url: str,
    *,
    log: Path,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60,
    processes: int = 1,
) -> Iterator[RunningServer]:
    """``workshop serve`` on a free port; with ``processes`` above 1, that many app processes
    behind nginx (the URL is nginx's)."""
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
                *(["--processes", str(processes)] if processes > 1 else []),
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


def page_elements(
    ws_url: str,
    page: str,
    query: str,
    until: Callable[[list[tuple[str, object]]], bool],
    *,
    timeout: float = 60,
) -> list[tuple[str, object]]:
    """Open one page over Streamlit's websocket (``benchmarks.streamlit_client``) and collect
    the (kind, proto) of every element it draws until ``until`` holds or ``timeout`` passes.

    Runs in a thread of its own: a session-wide Playwright keeps an event loop in this one.
    """
    from benchmarks.streamlit_client import PageClient

    drawn: list[tuple[str, object]] = []
    failures: list[BaseException] = []

    async def visit() -> None:
        client = PageClient(
            ws_url, page, query, on_element=lambda _c, kind, proto, _t: drawn.append((kind, proto))
        )
        await client.open()
        try:
            deadline = time.monotonic() + timeout
            while not until(drawn) and time.monotonic() < deadline:
                if client.errors:
                    raise RuntimeError(client.errors)
                await asyncio.sleep(0.1)
        finally:
            await client.close()

    def run() -> None:
        try:
            asyncio.run(visit())
        except BaseException as error:  # handed to the caller's thread
            failures.append(error)

    worker = threading.Thread(target=run, name=f"page-{page}")
    worker.start()
    worker.join(timeout + 60)
    if failures:
        raise failures[0]
    return drawn


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by ``pid`` (read from ``/proc``): a server's
    children, to measure their CPU or to check that none outlives it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found
