"""A real server to attack, and what a phone does on it, for ``test_attack_*.py``.

Each attack file starts the app as ``workshop serve`` runs it (its own SQLite database and
settings) and drives it through Streamlit's websocket (``tests.security.wsclient``), the way a
prankster's script would; sessions are made with the same service functions the CLI uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modules import PROJECT_ROOT, live
from modules.catalog import Catalog, load_catalog
from modules.service import SessionLinks, create_session, store_for
from modules.settings import Settings
from modules.store import Store
from tests.security.wsclient import Tab
from tests.server import RunningServer, running_server

__all__ = ["Served", "fill_answer", "served"]


@dataclass
class Served:
    server: RunningServer
    settings: Settings
    store: Store
    catalog: Catalog
    folder: Path

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def database(self) -> Path:
        return self.folder / "workshop.db"

    def session(
        self, lang: str = "en", *, workshop: str = "starter", at_step: int | None = None
    ) -> SessionLinks:
        links = create_session(self.store, self.catalog, self.settings, workshop, lang)
        if at_step is not None:
            live.go_to_step(self.store, self.store.session_by_code(links.code), at_step)
        return links

    def log(self) -> str:
        return self.server.log.read_text(errors="replace")


@contextmanager
def served(folder: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    database_url = f"sqlite:///{folder / 'workshop.db'}"
    Store(database_url)  # the schema, before the server and the tests race to make it
    with running_server(database_url, log=folder / "server.log", extra_env=env) as server:
        settings = Settings.from_sources(server.env)
        settings = settings.model_copy(update={"exercises_dir": PROJECT_ROOT / "exercises"})
        yield Served(
            server,
            settings,
            store_for(database_url),
            load_catalog(PROJECT_ROOT / "exercises"),
            folder,
        )


def fill_answer(tab: Tab, words: list[str]) -> tuple[str, dict[str, tuple[str, Any]]]:
    """The open step's form on a phone, its text boxes filled with ``words`` in order."""
    submit = [w for w in tab.widgets("button") if w.proto.is_form_submitter]
    if len(submit) != 1:
        raise AssertionError(f"expected one answer form: {tab.text()[:400]}")
    form = submit[0].form_id
    boxes = [
        w for w in tab.widgets() if w.form_id == form and w.kind in ("text_input", "text_area")
    ]
    values = {box.id: ("string_value", word) for box, word in zip(boxes, words, strict=False)}
    return form, values
