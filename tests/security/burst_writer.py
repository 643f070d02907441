"""A burst of answers from a separate process, printing each one the moment it is acknowledged.

``python -m tests.security.burst_writer DATABASE_URL JOIN_CODE WRITERS`` — each writer thread is
one participant that answers, double-taps and edits, forever, until the process is killed. A line
``ACK <token> <json value>`` is printed (and flushed) only after ``submit_answer`` returned, i.e.
after the transaction committed: exactly what a phone's confirmation means.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading

from modules.catalog import load_catalog
from modules.identity import digest
from modules.service import submit_answer
from modules.settings import Settings
from modules.store import Store
from tests.conftest import EXERCISES

_print_lock = threading.Lock()


def _participant(store: Store, settings: Settings, code: str, number: int, exercise) -> None:
    session = store.session_by_code(code)
    token = f"burst-{number}"
    person = store.join(session.id, digest(token), max_participants=10_000)
    for round_ in itertools.count():
        words = [f"w{number}r{round_ // 2}"]  # every answer sent twice: a double tap
        value = submit_answer(store, settings, session, exercise, 0, person, words)
        with _print_lock:
            print(f"ACK {token} {json.dumps(value)}", flush=True)


def main(argv: list[str]) -> None:
    url, code, writers = argv[0], argv[1], int(argv[2])
    store = Store(url, migrate=False)
    settings = Settings(database_url=url, exercises_dir=EXERCISES)
    catalog = load_catalog(EXERCISES)
    session = store.session_by_code(code)
    exercise = catalog.exercise_for(catalog.workshops[session.workshop_id], 0)
    print("READY", flush=True)
    threads = [
        threading.Thread(target=_participant, args=(store, settings, code, n, exercise))
        for n in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main(sys.argv[1:])
