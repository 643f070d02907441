"""500 concurrent writers on one session: nothing lost, nothing doubled, counts exact.

Writers are threads spread over several processes (each process has its own engine and pool,
like app replicas), released together by one start signal. Each joins, answers, then sends the
same answer again (a double tap) and a changed one (an edit): what each writer last had
acknowledged is what the database holds, once.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from modules import live
from modules.catalog import load_catalog
from modules.identity import digest
from modules.service import create_session, submit_answer
from modules.settings import Settings
from modules.store import SessionFull, Store
from tests.conftest import EXERCISES

WRITERS = 500
PROCESSES = 2
BYSTANDERS = 40  # writers on a second session at the same time: counts must not bleed

pytestmark = pytest.mark.timeout(240)


def _writer_process(url, jobs, start, results) -> None:
    """One replica: for each (join code, first number, count), that many participant threads."""
    store = Store(url, migrate=False)
    settings = Settings(database_url=url, exercises_dir=EXERCISES)
    catalog = load_catalog(EXERCISES)

    def one(job: tuple[str, int]) -> tuple[str, list[str], int]:
        code, number = job
        session = store.session_by_code(code)
        exercise = catalog.exercise_for(catalog.workshops[session.workshop_id], 0)
        token = f"writer-{code}-{number}"
        start.wait()
        person = store.join(session.id, digest(token), max_participants=10_000)
        acknowledged, last = 0, None
        for words in ([f"first{number}"], [f"first{number}"], [f"final{number}", "trust"]):
            last = submit_answer(store, settings, session, exercise, 0, person, words)
            acknowledged += 1
        return token, last, acknowledged

    work = [(code, n) for code, first, count in jobs for n in range(first, first + count)]
    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        done = list(pool.map(one, work))
    results.put(done)
    store.engine.dispose()


def _run_writers(url: str, plan: list[list[tuple[str, int, int]]]) -> list[tuple[str, list, int]]:
    """plan: per process, its (join code, first writer number, writers); all start together."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [
        context.Process(target=_writer_process, args=(url, jobs, start, results)) for jobs in plan
    ]
    for process in processes:
        process.start()
    start.set()
    collected = []
    for _ in processes:
        collected += results.get(timeout=170)
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    return collected


def _open_session(store: Store, catalog, settings) -> tuple[str, int]:
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    return links.code, session.id


def test_500_concurrent_writers_lose_nothing_and_double_nothing(database_url, catalog):
    settings = Settings(database_url=database_url, exercises_dir=EXERCISES)
    store = Store(database_url)
    code, session_id = _open_session(store, catalog, settings)
    other_code, other_id = _open_session(store, catalog, settings)
    share = WRITERS // PROCESSES
    plan = [[(code, n * share, share)] for n in range(PROCESSES)]
    plan[0].append((other_code, 0, BYSTANDERS))

    acknowledged = _run_writers(database_url, plan)

    mine = [r for r in acknowledged if r[0].startswith(f"writer-{code}-")]
    assert len(mine) == WRITERS
    joined, per_step = store.counts(session_id)
    assert (joined, per_step) == (WRITERS, {0: WRITERS})  # 0 lost, 0 duplicates
    assert store.counts(other_id) == (BYSTANDERS, {0: BYSTANDERS})
    for token, last, _ in mine:
        person = store.participant_id(session_id, digest(token))
        assert store.answer(session_id, 0, person) == last  # the last acknowledged edit won
    answers = store.session_answers(session_id)
    assert len({a.participant_id for a in answers}) == WRITERS
    # Every acknowledged save moved the follower counter once: no lost update either.
    assert store.session(session_id).answer_version == sum(r[2] for r in mine)


def test_two_tabs_and_double_taps_of_one_person_make_one_answer(database_url, catalog):
    """Fifty simultaneous requests from one token: one participant, one answer row."""
    settings = Settings(database_url=database_url, exercises_dir=EXERCISES)
    store = Store(database_url)
    _code, session_id = _open_session(store, catalog, settings)
    session = store.session(session_id)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    start = threading.Barrier(50)

    def tab(number: int) -> int:
        start.wait()
        person = store.join(session_id, digest("same-person"), max_participants=100)
        submit_answer(store, settings, session, exercise, 0, person, [f"tab{number % 2}"])
        return person

    with ThreadPoolExecutor(max_workers=50) as pool:
        people = set(pool.map(tab, range(50)))
    assert len(people) == 1
    assert store.counts(session_id) == (1, {0: 1})
    assert store.answer(session_id, 0, people.pop()) in (["tab0"], ["tab1"])


def test_the_participant_limit_holds_under_a_rush(database_url, catalog):
    """200 phones join a session limited to 60 at the same instant: exactly 60 get in."""
    settings = Settings(database_url=database_url, exercises_dir=EXERCISES)
    store = Store(database_url)
    _code, session_id = _open_session(store, catalog, settings)
    start = threading.Barrier(200)

    def phone(number: int) -> bool:
        start.wait()
        try:
            store.join(session_id, digest(f"rush-{number}"), max_participants=60)
        except SessionFull:
            return False
        return True

    with ThreadPoolExecutor(max_workers=200) as pool:
        admitted = Counter(pool.map(phone, range(200)))
    assert admitted[True] == 60
    assert store.counts(session_id)[0] == 60
