"""Pages opening at once on a fresh process must not race the schema upgrade."""

from __future__ import annotations

import threading

from modules.store.db import engine_for
from modules.store.schema import ensure_schema


def test_concurrent_first_use_upgrades_once_without_error(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'race.db'}")
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def first_page() -> None:
        start.wait()
        try:
            ensure_schema(engine)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=first_page) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with engine.connect() as connection:
        tables = connection.exec_driver_sql("select name from sqlite_master").scalars().all()
    assert "answers" in tables
