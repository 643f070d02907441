"""A real PostgreSQL server for the test run, started from Debian's binaries on loopback.

One server per test session in a temporary directory (``initdb``/``pg_ctl``, run as the
``postgres`` user when we are root, since ``initdb`` refuses root); one fresh database per test.
Without the binaries the PostgreSQL tests skip locally and fail in CI (``CI`` set).
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from functools import cache
from pathlib import Path

import pytest

__all__ = ["postgres_database_url", "postgres_server"]


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@cache
def postgres_server() -> str:
    """Start the server once; returns an admin URL without a database name."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    subprocess.run(
        _as_postgres(
            [initdb, "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -h 127.0.0.1 -p {port} -c fsync=off -c max_connections=600"
    subprocess.run(
        _as_postgres(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    atexit.register(
        subprocess.run,
        _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
        capture_output=True,
    )
    return f"postgresql+psycopg://{user}@127.0.0.1:{port}"


def postgres_database_url(request: pytest.FixtureRequest) -> str:
    """A new, empty database on the shared server, for one test."""
    try:
        admin = postgres_server()
    except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        admin.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{admin}/{name}"
