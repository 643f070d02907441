"""``workshop serve --processes N``: N app processes and the system's nginx in front, one command.

The command stays in the foreground as their parent: it starts the app processes on loopback
ports right after the public one, waits until each answers, then starts nginx
(``modules/nginx.py`` writes its configuration) on the public port. A SIGTERM, a Ctrl-C or the
end of any child stops every one of them, nginx first, and removes nginx's runtime folder (its
log included). If this command is killed outright, the kernel stops the children too
(``PR_SET_PDEATHSIG`` on Linux).
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from modules.nginx import (
    ProxyPlan,
    precompress,
    render_config,
    static_cache_dir,
    streamlit_static_dir,
)

__all__ = ["DEFAULT_NGINX", "ServeError", "app_ports", "check_nginx", "port_is_free", "serve_many"]

DEFAULT_NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 120.0  # a busy 2-core machine starts a Streamlit process in 5-20 s
STOP_TIMEOUT_S = 10.0
_PR_SET_PDEATHSIG = 1


class ServeError(Exception):
    """Something the person starting the server can fix (said in one line, exit code 2)."""


class _Stop(Exception):
    """A SIGTERM, SIGINT or SIGHUP arrived: stop everything, exit 0."""


@dataclass
class _Child:
    name: str
    process: subprocess.Popen


def port_is_free(address: str, port: int) -> bool:
    """Whether a server could listen on ``address:port`` now (as nginx binds: SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def app_ports(after: int, count: int, *, is_free: Callable[[int], bool] | None = None) -> list[int]:
    """The first ``count`` consecutive free loopback ports after ``after``."""
    free = is_free or (lambda port: port_is_free("127.0.0.1", port))
    start = after + 1
    while start + count - 1 <= 65535:
        taken = next((p for p in range(start, start + count) if not free(p)), None)
        if taken is None:
            return list(range(start, start + count))
        start = taken + 1
    raise ServeError(f"no {count} consecutive free ports after {after} for the app processes")


def check_nginx(path: str) -> str:
    """The nginx executable to run, or a ServeError saying how to get one. Without ``--nginx``,
    Debian's path, else the first ``nginx`` on the PATH (Homebrew's, for instance)."""
    found = path if os.sep in path else shutil.which(path)
    if path == DEFAULT_NGINX and not os.path.isfile(path):
        found = shutil.which("nginx")
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        raise ServeError(
            f"nginx not found at {path}: install it (Debian/Ubuntu: apt install nginx), give its "
            "path with --nginx, or serve with --processes 1"
        )
    return found


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends it SIGTERM when its parent dies."""
    with suppress(OSError, AttributeError):  # not Linux: Ctrl-C and SIGTERM still stop all
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(name: str, command: Sequence[str], *, env: dict[str, str], cwd: Path | None) -> _Child:
    process = subprocess.Popen(
        list(command),
        env=env,
        cwd=cwd,
        start_new_session=True,  # a Ctrl-C reaches this command only, which stops them in order
        preexec_fn=_die_with_parent,
    )
    return _Child(name, process)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def _wait_ready(children: list[_Child], urls: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict(zip(urls, children, strict=True))
    while waiting:
        for url, child in list(waiting.items()):
            code = child.process.poll()
            if code is not None:
                raise ServeError(f"{child.name} stopped while starting (exit code {code})")
            if _answers(url):
                del waiting[url]
        if waiting and time.monotonic() > deadline:
            names = ", ".join(child.name for child in waiting.values())
            raise ServeError(f"{names} did not answer within {timeout:.0f} s")
        time.sleep(0.25)


def _stop_all(children: list[_Child]) -> None:
    """nginx first (no new requests), then the apps; SIGKILL whatever outlives the timeout."""
    for child in children:
        if child.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for child in children:
        try:
            child.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()


def _reachable(address: str) -> str:
    """Where this machine reaches a server listening on ``address``."""
    if address == "0.0.0.0":
        return "127.0.0.1"
    if address == "::":
        return "[::1]"
    return f"[{address}]" if ":" in address else address


def _raise_stop(signum: int, _frame) -> None:
    raise _Stop(signum)


def serve_many(
    *,
    processes: int,
    address: str,
    port: int,
    public_url: str,
    app_command: Callable[[int], list[str]],
    nginx: str = DEFAULT_NGINX,
    prepare: Callable[[], None] = lambda: None,
    warm_up: Callable[[list[int]], object] = lambda ports: None,
    cwd: Path | None = None,
) -> int:
    """Run until stopped; 0 after a SIGTERM or Ctrl-C, 1 when a child stopped by itself.

    ``app_command(port)`` is the command line of one app process; ``prepare`` runs once before
    any starts (the schema migration, so two processes never race to make it); ``warm_up(ports)``
    once they all answer, before nginx lets phones in (each process's first page pays its
    imports).
    """
    nginx = check_nginx(nginx)
    if not port_is_free(address, port):
        raise ServeError(f"port {port} on {address} is busy (another server?): choose --port")
    ports = app_ports(port, processes)
    prepare()
    static_root = precompress(streamlit_static_dir(), static_cache_dir(streamlit_static_dir()))
    runtime = Path(tempfile.mkdtemp(prefix="workshop-nginx-"))  # mode 0700: logs stay private
    plan = ProxyPlan(
        listen_address=address,
        listen_port=port,
        app_ports=tuple(ports),
        runtime_dir=runtime,
        static_root=static_root,
        secure_cookie=public_url.startswith("https://"),
        run_as=pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else None,
    )
    plan.config_file.write_text(render_config(plan), encoding="utf-8")
    nginx_command = [nginx, "-p", str(runtime), "-c", str(plan.config_file), "-e", "stderr"]
    env = {**os.environ, "WORKSHOP_PUBLIC_BASE_URL": public_url}
    children: list[_Child] = []
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, _raise_stop)
    try:
        checked = subprocess.run(
            [*nginx_command, "-t", "-q"], capture_output=True, text=True, check=False
        )
        if checked.returncode != 0:
            raise ServeError(f"nginx refused the configuration: {_first_line(checked.stderr)}")
        apps = [_start(f"app process on port {p}", app_command(p), env=env, cwd=cwd) for p in ports]
        children.extend(apps)
        _wait_ready(apps, [f"http://127.0.0.1:{p}" for p in ports], START_TIMEOUT_S)
        warm_up(ports)
        proxy = _start("nginx", nginx_command, env=env, cwd=runtime)
        children.insert(0, proxy)
        _wait_ready([proxy], [f"http://{_reachable(address)}:{port}"], 30)
        print(
            f"workshop: serving {public_url} through nginx on {address}:{port}: "
            f"{processes} app processes on 127.0.0.1:{ports[0]}-{ports[-1]}. "
            f"Access log (no addresses, no query strings): {plan.access_log}. "
            "Ctrl-C stops everything.",
            flush=True,
        )
        while True:
            for child in children:
                code = child.process.poll()
                if code is not None:
                    print(
                        f"workshop: {child.name} stopped (exit code {code}); stopping the others",
                        file=sys.stderr,
                        flush=True,
                    )
                    return 1
            time.sleep(0.5)
    except _Stop:
        return 0
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        _stop_all(children)
        shutil.rmtree(runtime, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"
