"""A real PostgreSQL server for the test run, started from Debian's binaries on loopback.

One server per test session in a temporary directory (``initdb``/``pg_ctl``, run as the
``postgres`` user when we are root, since ``initdb`` refuses root); one fresh database per test.
Without the binaries the PostgreSQL tests skip locally and fail in CI (``CI`` set).

Robust against what a shared machine throws at it: the server listens on TCP only (no Unix
socket to go stale or to outgrow the path limit), a port taken between choosing and binding is
retried with another, and the server and its directory go away at exit; servers left behind by
a killed run (their owner process is gone) are stopped and removed by the next run.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from functools import cache
from pathlib import Path

import pytest

__all__ = ["create_database", "postgres_database_url", "postgres_server"]

PREFIX = "workshop-pg-"
OWNER_FILE = "owner.pid"
START_ATTEMPTS = 3
STALE_AFTER_S = 600


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if _as_root() else command


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _temp_parent() -> Path:
    """Where the postgres user can reach: /tmp when we are root (TMPDIR may be root-only)."""
    return Path("/tmp") if _as_root() and Path("/tmp").is_dir() else Path(tempfile.gettempdir())


def _stop(pg_ctl: str, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=30,
        )


def _sweep_abandoned(pg_ctl: str) -> None:
    """Stop and remove servers whose test run died without cleaning up (owner process gone)."""
    for root in _temp_parent().glob(f"{PREFIX}*"):
        owner = root / OWNER_FILE
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            pid = None
        if pid is None:
            # No owner recorded (an older run): only a directory with no server and untouched
            # for a while is surely abandoned.
            if (root / "data" / "postmaster.pid").exists() or _age(root) < STALE_AFTER_S:
                continue
        elif _alive(pid):
            continue
        _stop(pg_ctl, root / "data")
        shutil.rmtree(root, ignore_errors=True)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _log_tail(root: Path) -> str:
    try:
        return (root / "log").read_text(errors="replace")[-1500:]
    except OSError:
        return ""


@cache
def _start() -> str | BaseException:
    """Start once per process; a failure is remembered so it is not retried for every test."""
    try:
        return _start_server()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        return exc


def postgres_server() -> str:
    """The admin URL (without a database name) of this run's server, started on first use."""
    started = _start()
    if isinstance(started, BaseException):
        raise started
    return started


def _start_server() -> str:
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found")
    _sweep_abandoned(pg_ctl)
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=_temp_parent()))
    (root / OWNER_FILE).write_text(str(os.getpid()))
    data = root / "data"
    if _as_root():
        shutil.chown(root, "postgres", "postgres")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    user = "postgres" if _as_root() else os.environ.get("USER", "postgres")
    subprocess.run(
        _as_postgres(
            [initdb, "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    atexit.register(_stop, pg_ctl, data)  # runs before the rmtree registered above
    for _attempt in range(START_ATTEMPTS):
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=600"
        )
        started = subprocess.run(
            _as_postgres(
                [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
            ),
            capture_output=True,
            timeout=120,
        )
        if started.returncode == 0:
            return f"postgresql+psycopg://{user}@127.0.0.1:{port}"
        _stop(pg_ctl, data)
        if "could not bind" not in _log_tail(root) and "in use" not in _log_tail(root):
            break  # not a port race: retrying will not help
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL did not start:\n{_log_tail(root)}")


def create_database() -> str:
    """A new, empty database on this run's server; raises when no server can be started."""
    import psycopg

    admin = postgres_server()
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        admin.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{admin}/{name}"


def postgres_database_url(request: pytest.FixtureRequest | None = None) -> str:
    """A new database for one test; skips without PostgreSQL, and fails instead in CI."""
    try:
        return create_database()
    except Exception as exc:  # any reason the server or the database is not there
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
