"""Shared fixtures: a fresh database per test, the shipped catalog, settings pointing at both.

Database-backed tests take ``database_url``, parametrised over SQLite and, where a PostgreSQL
server can be started (always in CI), PostgreSQL.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules import PROJECT_ROOT
from modules.catalog import Catalog, load_catalog
from modules.settings import Settings
from modules.store import Store
from tests.postgres import postgres_database_url

EXERCISES = PROJECT_ROOT / "exercises"
_PYTEST_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def _restore_main_module() -> Iterator[None]:
    """AppTest leaves its temporary script installed as ``__main__``; a process started with
    ``spawn`` afterwards would re-run that script and die. Put pytest's own back after each test.
    """
    yield
    sys.modules["__main__"] = _PYTEST_MAIN


@pytest.fixture(autouse=True)
def _settings_read_again() -> Iterator[None]:
    """A server reads its settings once (``state.settings``); each test sets its own
    environment, so every test starts and ends with none read yet."""
    from modules.ui import state

    state.reload_settings()
    yield
    state.reload_settings()


def pytest_collection_modifyitems(config, items):
    in_ci = bool(os.environ.get("CI"))
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()) and "[postgres]" in item.nodeid:
            item.add_marker(pytest.mark.postgres)
    config.in_ci = in_ci


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    loaded = load_catalog(EXERCISES)
    assert not loaded.errors, "\n".join(map(str, loaded.errors))
    return loaded


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.db'}"
    else:
        yield postgres_database_url(request)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workshop.db'}"


@pytest.fixture
def store(database_url: str) -> Store:
    return Store(database_url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, exercises_dir=EXERCISES)


@pytest.fixture
def app_env(monkeypatch, sqlite_url: str) -> Settings:
    """Environment for AppTest pages: a fresh SQLite database shared by every simulated user."""
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("WORKSHOP_EXERCISES_DIR", str(EXERCISES))
    monkeypatch.setenv("WORKSHOP_PUBLIC_BASE_URL", "http://testserver")
    return Settings(
        database_url=sqlite_url, exercises_dir=EXERCISES, public_base_url="http://testserver"
    )
