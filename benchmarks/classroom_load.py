"""A classroom on one machine: N phones, a console and a projector, over the real protocol.

Starts the real app (``python -m modules.cli serve`` on a free port, temporary SQLite database)
unless ``--url`` names a running server, creates a session with the real CLI, then:

1. opens the projector and the console pages, and N participant pages through the participant
   link (``/?code=…``): each is a websocket speaking Streamlit's own protocol
   (``benchmarks/streamlit_client.py``) that follows the fragments' ``auto_rerun`` timers like a
   browser;
2. lets the room sit still while every phone follows the facilitator (server CPU measured);
3. for each step: the facilitator presses "Next" on the console (a real button click); every phone
   must show the new step; then every phone answers within ``--burst-seconds`` through the real
   form widgets (ids read from the deltas), and waits for its "answer saved" message, while the
   projector's answer count is watched;
4. counts the answers in the database: the run fails if any acknowledged or sent answer is missing.

Run: ``python -m benchmarks.classroom_load --participants 500``. The whole run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.streamlit_client import PageClient  # noqa: E402
from modules.i18n import t  # noqa: E402
from tests.server import descendants, free_port, healthy, running_server, stop  # noqa: E402

LANG = "en"
WORDS = ["trust", "curiosity", "coffee", "listening", "generosity", "patience", "mentor", "help"]
_COUNT = re.compile(r'class="ws-status">([\d,]+) answers?')


# -- the server (started by tests.server.running_server unless --url) -----------------------


class ProcessTree:
    """CPU seconds and RSS of a process and its descendants, read from /proc."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self._tick = os.sysconf("SC_CLK_TCK")

    def _pids(self) -> list[int]:
        if self.pid is None:
            return []
        return [self.pid, *descendants(self.pid)]

    def cpu_seconds(self) -> float | None:
        if self.pid is None:
            return None
        total = 0
        for pid in self._pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / self._tick

    def rss_mb(self) -> float | None:
        if self.pid is None:
            return None
        total = 0
        for pid in self._pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            total += int(match.group(1)) if match else 0
        return total / 1024


def create_session(url: str, database_url: str, workshop: str) -> dict[str, str]:
    env = {**os.environ, "WORKSHOP_DATABASE_URL": database_url, "WORKSHOP_PUBLIC_BASE_URL": url}
    env.setdefault("WORKSHOP_DEFAULT_CAPACITY", "1000")  # a room of any size fits
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "modules.cli",
            "session",
            "create",
            "--workshop",
            workshop,
            "--lang",
            LANG,
            "--json",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def answers_in_database(database_url: str, code: str) -> dict[int, int]:
    from modules.store import Store

    store = Store(database_url, migrate=False)
    session = store.session_by_code(code)
    if session is None:
        raise RuntimeError(f"session {code} not in {database_url}")
    return store.counts(session.id)[1]


@contextmanager
def bare_server(folder: Path) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """``benchmarks/bare_page.py`` served by Streamlit with the app's flags (``serve_flags``)."""
    from modules.cli import serve_flags

    port, signal = free_port(), folder / "bare-signal"
    signal.write_text("0")
    env = {**os.environ, "BARE_PAGE_SIGNAL": str(signal), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks/bare_page.py")]
    command += [f"--server.port={port}", "--server.address=127.0.0.1", *serve_flags()]
    with (folder / "bare.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the bare page did not start: " + (folder / "bare.log").read_text()
                )
            time.sleep(0.2)
        yield url, process, signal
    finally:
        stop(process)


async def bare_redraws(
    url: str, server: ProcessTree, signal: Path, args: argparse.Namespace
) -> dict[str, float]:
    """N tabs on the bare page, woken ``--steps`` times like the phones: CPU per redraw."""
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    changed = asyncio.Event()
    tabs = [
        PageClient(ws_url, "", "", on_finished=lambda *_: changed.set())
        for _ in range(args.participants)
    ]

    async def until(condition: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + args.timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), 0.5)
        return True

    try:
        await tabs[0].open()  # the first run imports the script's modules: not a tab's cost
        await until(lambda: tabs[0].runs_finished >= 1)
        await asyncio.sleep(1)
        rss_empty = server.rss_mb() or 0.0
        for tab in tabs[1:]:
            await tab.open()
            await asyncio.sleep(1 / args.join_rate)
        if not await until(lambda: all(tab.runs_finished >= 1 for tab in tabs)):
            raise RuntimeError("bare page: some tabs never drew it")
        await asyncio.sleep(2)
        rss_full = server.rss_mb() or 0.0
        spent = redraws = 0.0
        for wake in range(1, args.steps + 1):
            before = [tab.runs_finished for tab in tabs]
            cpu = server.cpu_seconds() or 0.0
            (signal.parent / "next").write_text(str(wake))
            (signal.parent / "next").replace(signal)  # whole, or the waker reads it twice
            await until(
                lambda seen=before: all(
                    t.runs_finished > b for t, b in zip(tabs, seen, strict=True)
                )
            )
            spent += (server.cpu_seconds() or 0.0) - cpu
            redraws += sum(t.runs_finished - b for t, b in zip(tabs, before, strict=True))
            await asyncio.sleep(1)
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    return {
        "ms_per_redraw": spent / max(redraws, 1) * 1000,
        "redraws": redraws,
        "kb_per_tab": (rss_full - rss_empty) * 1024 / max(len(tabs) - 1, 1),
    }


# -- the room -------------------------------------------------------------------------------


@dataclass
class Phone:
    number: int
    client: PageClient
    joined_at: float | None = None
    step_seen: dict[int, float] = field(default_factory=dict)
    ack_at: float | None = None
    submitted_at: float | None = None
    expecting_ack: bool = False
    refused: str | None = None
    joined: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Figures:
    join: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    counted: list[float] = field(default_factory=list)
    step_change: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: dict[int, int] = field(default_factory=dict)


class Room:
    def __init__(self, base_url: str, links: dict[str, str], step_count: int) -> None:
        self.ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.links = links
        self.step_count = step_count
        self.phones: list[Phone] = []
        self.projector_counts: list[tuple[float, int]] = []
        caption = re.escape(t(LANG, "step_of", n="NUMBER", total=step_count))
        self.step_caption = re.compile(caption.replace("NUMBER", r"(\d+)"))
        self.waiting_title = t(LANG, "waiting_title")
        self.saved = t(LANG, "answer_saved")
        self.console: PageClient | None = None
        self.projector: PageClient | None = None
        self.changed = asyncio.Event()

    def _query(self, url: str) -> tuple[str, str]:
        path, _, query = url.split("://", 1)[1].partition("/")[2].partition("?")
        return path, query

    # what each page shows, as it arrives

    def _phone_element(self, phone: Phone, client: PageClient, kind: str, proto: Any, now: float):
        if kind not in ("heading", "markdown", "alert"):
            return
        if phone.joined_at is None and self.waiting_title in proto.body:
            phone.joined_at = now
            phone.joined.set()
        elif kind == "markdown" and (shown := self.step_caption.search(proto.body)):
            phone.step_seen.setdefault(int(shown.group(1)) - 1, now)
        elif kind == "alert" and proto.body == self.saved and phone.expecting_ack:
            phone.expecting_ack = False
            phone.ack_at = now
        elif kind == "alert" and phone.expecting_ack:
            phone.refused = proto.body  # the form said no: shown in the run's errors
        self.changed.set()

    def _projector_element(self, client: PageClient, kind: str, proto: Any, now: float) -> None:
        if kind == "html":
            match = _COUNT.search(proto.body)
            if match:
                self.projector_counts.append((now, int(match.group(1).replace(",", ""))))
                self.changed.set()

    async def wait_for(self, condition, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))
        return True

    # the people in the room

    async def open_facilitator(self) -> None:
        page, query = self._query(self.links["projector_url"])
        self.projector = PageClient(self.ws_url, page, query, on_element=self._projector_element)
        await self.projector.open()
        page, query = self._query(self.links["console_url"])
        self.console = PageClient(self.ws_url, page, query)
        await self.console.open()
        if not await self.wait_for(lambda: self._next_button() is not None, 60):
            raise RuntimeError(f"the console shows no Next button: {self.console.errors}")

    def _next_button(self):
        label = t(LANG, "console_next")
        found = [
            w
            for w in self.console.widgets.values()
            if w.kind == "button" and w.proto.label == label
        ]
        return found[0] if found else None

    async def join(self, count: int, rate: float, figures: Figures) -> None:
        page, query = self._query(self.links["participant_url"])

        async def one(number: int) -> None:
            phone = Phone(number, None)  # type: ignore[arg-type]
            phone.client = PageClient(
                self.ws_url,
                page,
                query,
                on_element=lambda c, k, p, now: self._phone_element(phone, c, k, p, now),
            )
            self.phones.append(phone)
            started = time.monotonic()
            try:
                await phone.client.open()
            except Exception as error:
                figures.errors.append(f"phone {number} could not connect: {error!r}")
                return
            try:
                await asyncio.wait_for(phone.joined.wait(), 60)
            except TimeoutError:
                figures.errors.append(f"phone {number} never saw the lobby")
                return
            figures.join.append(phone.joined_at - started)

        tasks = []
        for number in range(count):
            tasks.append(asyncio.create_task(one(number)))
            await asyncio.sleep(1 / rate)
        await asyncio.gather(*tasks)

    async def next_step(self, index: int, figures: Figures, timeout: float) -> int:
        button = self._next_button()
        if button is None:
            labels = [w.proto.label for w in self.console.widgets.values()]
            figures.errors.append(f"console has no Next button (widgets: {labels})")
            return 0
        clicked = time.monotonic()
        await self.console.click(button)
        live = [p for p in self.phones if p.joined_at is not None]
        await self.wait_for(lambda: all(index in p.step_seen for p in live), timeout)
        seen = [p.step_seen[index] - clicked for p in live if index in p.step_seen]
        figures.step_change.extend(seen)
        if len(seen) < len(live):
            for phone in [p for p in live if index not in p.step_seen][:1]:
                figures.errors.append(f"phone {phone.number}: {phone.client.describe()}")
            figures.errors.append(
                f"step {index + 1}: {len(live) - len(seen)} phone(s) never saw it"
            )
        # wait until the console itself has redrawn, so its next click hits the new buttons
        await self.wait_for(lambda: self._next_button() is not None, timeout)
        return len(seen)

    async def burst(self, index: int, seconds: float, figures: Figures, timeout: float) -> None:
        phones = [p for p in self.phones if index in p.step_seen]
        rng = random.Random(index)
        counts_before = len(self.projector_counts)
        figures.sent[index] = 0

        async def answer(phone: Phone) -> None:
            await asyncio.sleep(rng.uniform(0, seconds))
            form = _answer_form(phone.client, index)
            waited = time.monotonic()
            while form is None and time.monotonic() - waited < timeout:
                await asyncio.sleep(0.1)  # the step's caption came; its form is on its way
                form = _answer_form(phone.client, index)
            if form is None:
                figures.errors.append(f"phone {phone.number}: no answer form on step {index + 1}")
                return
            form_id, values = form
            phone.expecting_ack, phone.ack_at = True, None
            phone.submitted_at = time.monotonic()
            figures.sent[index] += 1
            await phone.client.submit_form(form_id, values)

        await asyncio.gather(*(answer(p) for p in phones))
        await self.wait_for(lambda: not any(p.expecting_ack for p in phones), timeout)
        acked = sorted(
            (p for p in phones if p.ack_at is not None and p.submitted_at is not None),
            key=lambda p: p.ack_at,
        )
        figures.ack.extend(p.ack_at - p.submitted_at for p in acked)
        missing = sum(p.expecting_ack for p in phones)
        if missing:
            said = {p.refused for p in phones if p.expecting_ack and p.refused}
            figures.errors.append(
                f"step {index + 1}: {missing} answer(s) never acknowledged; the phone said {said}"
            )
        # the k-th acknowledged answer is counted once the projector shows at least k answers
        target = len(acked)
        await self.wait_for(
            lambda: any(c >= target for _, c in self.projector_counts[counts_before:]),
            timeout if self.projector_counts[counts_before:] else 3,
        )
        shown = self.projector_counts[counts_before:]
        if not shown:
            return  # a private step (a talk's note): the projector counts nothing aloud
        for rank, phone in enumerate(acked, start=1):
            when = next((at for at, count in shown if count >= rank), None)
            if when is None:
                figures.errors.append(
                    f"step {index + 1}: projector never showed {rank} answers "
                    f"(last shown: {shown[-3:]})"
                )
                break
            figures.counted.append(max(0.0, when - phone.submitted_at))

    async def close(self) -> None:
        clients = [p.client for p in self.phones] + [self.console, self.projector]
        await asyncio.gather(*(c.close() for c in clients if c is not None), return_exceptions=True)

    def client_errors(self) -> list[str]:
        clients = [("console", self.console), ("projector", self.projector)]
        clients += [(f"phone {p.number}", p.client) for p in self.phones]
        return [f"{name}: {error}" for name, client in clients if client for error in client.errors]


def _answer_form(client: PageClient, index: int) -> tuple[str, dict[str, tuple[str, Any]]] | None:
    """What a person would tick, tap or type in the step's form, as widget values.

    Covers every widget the shipped workshops ask with: text boxes, radios, checkboxes,
    sliders, pills and segmented controls (``button_group``), select boxes (distinct picks
    where several share their options: a ranking) and number inputs (shared out to their common
    maximum where they share one from 0: an allocation; else a value in range).
    """
    submit = [
        w for w in client.widgets.values() if w.kind == "button" and w.proto.is_form_submitter
    ]
    submit = [w for w in submit if w.form_id.endswith(f"-{index}") or len(submit) == 1]
    if not submit:
        return None
    form_id = submit[0].form_id
    fields = [w for w in client.widgets.values() if w.form_id == form_id and w.kind != "button"]
    rng = random.Random()
    values: dict[str, tuple[str, Any]] = {}
    boxes = [w for w in fields if w.kind == "checkbox"]
    ticked = (
        set(rng.sample(range(len(boxes)), k=rng.randint(1, min(3, len(boxes))))) if boxes else ()
    )
    for position, widget in enumerate(boxes):
        values[widget.id] = ("bool_value", position in ticked)
    for widget in fields:
        if widget.kind in ("text_input", "text_area"):
            values[widget.id] = ("string_value", rng.choice(WORDS))
        elif widget.kind == "radio":
            values[widget.id] = ("string_value", rng.choice(list(widget.proto.options)))
        elif widget.kind == "slider":
            low, high = widget.proto.min, widget.proto.max
            values[widget.id] = ("double_array_value", [float(rng.randint(int(low), int(high)))])
        elif widget.kind == "button_group":
            option = rng.choice(list(widget.proto.options)).content
            values[widget.id] = ("string_array_value", [option])
    values.update(_select_boxes([w for w in fields if w.kind == "selectbox"], rng))
    values.update(_numbers([w for w in fields if w.kind == "number_input"], rng))
    return form_id, values


def _select_boxes(boxes: list[Any], rng: random.Random) -> dict[str, tuple[str, Any]]:
    """Boxes sharing their options get distinct picks (a ranking refuses a place twice)."""
    values: dict[str, tuple[str, Any]] = {}
    groups: dict[tuple[str, ...], list[Any]] = {}
    for box in boxes:
        groups.setdefault(tuple(box.proto.options), []).append(box)
    for options, members in groups.items():
        first = members[0].proto
        if len(options) > len(members) and first.HasField("default") and first.default == 0:
            options = options[1:]  # "none" drawn first, picked already: a real choice instead
        picks = rng.sample(options, k=min(len(options), len(members)))
        for box, pick in zip(members, picks, strict=False):
            values[box.id] = ("string_value", pick)
    return values


def _numbers(inputs: list[Any], rng: random.Random) -> dict[str, tuple[str, Any]]:
    """An allocation (inputs from 0 sharing one maximum, no placeholder) is shared out to that
    maximum; other numbers are picked in range, largest first (a count "of those" that follows
    another may not exceed it)."""
    if not inputs:
        return {}
    shares = {(w.proto.min, w.proto.max, w.proto.step) for w in inputs}
    low, total, step = next(iter(shares))
    if len(shares) == 1 and not any(w.proto.placeholder for w in inputs) and low == 0 < step:
        cuts = sorted(rng.randint(0, int(total // step)) for _ in range(len(inputs) - 1))
        edges = [0, *cuts, int(total // step)]
        parts = [(b - a) * step for a, b in pairwise(edges)]
        return {w.id: ("double_value", float(part)) for w, part in zip(inputs, parts, strict=True)}
    picked = []
    for widget in inputs:
        floor = widget.proto.min if widget.proto.has_min else 0
        ceiling = widget.proto.max if widget.proto.has_max else floor + 100
        picked.append(float(rng.randint(int(floor), int(min(ceiling, floor + 50)))))
    picked.sort(reverse=True)
    return {w.id: ("double_value", value) for w, value in zip(inputs, picked, strict=True)}


# -- the run --------------------------------------------------------------------------------


def percentiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{p50:.2f} / {p95:.2f} / {ordered[-1]:.2f} s"


async def run(
    args: argparse.Namespace,
    base_url: str,
    server: ProcessTree,
    db_url: str | None,
    bare: dict[str, float] | None = None,
):
    """The classroom against the app at ``base_url`` (started here or already running);
    ``bare``: the bare page's figures from ``bare_redraws``, to print beside the app's."""
    started = time.monotonic()
    load_before = getattr(args, "load_before", None) or os.getloadavg()
    links = create_session(base_url, db_url, args.workshop)
    from modules.catalog import load_catalog

    step_count = len(load_catalog(ROOT / "exercises").workshops[args.workshop].steps)
    steps = min(args.steps, step_count)
    room = Room(base_url, links, step_count)
    figures = Figures()
    rows: list[tuple[str, str]] = []
    try:
        await room.open_facilitator()
        rss_empty = server.rss_mb()
        cpu_0, wall_0 = server.cpu_seconds(), time.monotonic()
        await room.join(args.participants, args.join_rate, figures)
        joined = sum(p.joined_at is not None for p in room.phones)
        cpu_1, wall_1 = server.cpu_seconds(), time.monotonic()
        await asyncio.sleep(args.idle_seconds)  # the room follows, nobody touches anything
        cpu_2, wall_2 = server.cpu_seconds(), time.monotonic()
        rss_full = server.rss_mb()
        following = joined
        step_cpu = burst_cpu = 0.0
        for index in range(steps):
            before = server.cpu_seconds() or 0.0
            following = min(following, await room.next_step(index, figures, args.timeout))
            middle = server.cpu_seconds() or 0.0
            await room.burst(index, args.burst_seconds, figures, args.timeout)
            step_cpu += middle - before
            burst_cpu += (server.cpu_seconds() or 0.0) - middle
        cpu_3, wall_3 = server.cpu_seconds(), time.monotonic()
    finally:
        await room.close()
    figures.errors.extend(room.client_errors())

    missing = 0
    if db_url:
        stored = answers_in_database(db_url, links["code"])
        for index, sent in figures.sent.items():
            if stored.get(index, 0) < sent:
                missing += sent - stored.get(index, 0)
                figures.errors.append(
                    f"step {index + 1}: {sent} sent, {stored.get(index, 0)} in the database"
                )

    redraw_ms = step_cpu / max(1, len(figures.step_change)) * 1000

    def cores(a, b, wa, wb) -> str:
        return "n/a" if a is None else f"{(b - a) / (wb - wa):.2f} core"

    rows += [
        (
            "participants joined / following every step",
            f"{joined} / {following} of {args.participants}",
        ),
        ("join: page open → lobby shown p50/p95/max", percentiles(figures.join)),
        ("server CPU while joining", cores(cpu_0, cpu_1, wall_0, wall_1)),
        (
            f"server CPU, room following ({args.idle_seconds:.0f} s idle)",
            cores(cpu_1, cpu_2, wall_1, wall_2),
        ),
        ("server CPU, steps and answer bursts", cores(cpu_2, cpu_3, wall_2, wall_3)),
        ("server CPU, whole run", cores(cpu_0, cpu_3, wall_0, wall_3)),
        ("answer submitted → acknowledged on the phone p50/p95/max", percentiles(figures.ack)),
        ("answer submitted → counted on the projector p50/p95/max", percentiles(figures.counted)),
        ("facilitator changes step → phone shows it p50/p95/max", percentiles(figures.step_change)),
        ("server CPU per phone redraw on a step change", f"{redraw_ms:.1f} ms"),
    ]
    if bare:
        rows += [
            (
                "  the same for the bare page (title, radio, button)",
                f"{bare['ms_per_redraw']:.1f} ms ({bare['redraws']:.0f} redraws)",
            ),
            ("  ratio app / bare page (target ≤ 1.6)", f"{redraw_ms / bare['ms_per_redraw']:.2f}"),
        ]
    rows += [
        (
            "server CPU per answer: save, acknowledge, projector (target ≤ 6 ms)",
            f"{burst_cpu / max(1, sum(figures.sent.values())) * 1000:.1f} ms",
        ),
        (
            "answers sent / missing in the database",
            f"{sum(figures.sent.values())} / {missing if db_url else 'not checked'}",
        ),
    ]
    if rss_empty is not None and rss_full is not None:
        per = (rss_full - rss_empty) / max(joined, 1)
        rows += [
            ("server RSS before phones / with phones", f"{rss_empty:.0f} MB / {rss_full:.0f} MB"),
            ("server RSS per participant session (target ≤ 100 kB)", f"{per * 1024:.0f} kB"),
        ]
        if bare:
            rows.append(("  the same for a bare-page tab", f"{bare['kb_per_tab']:.0f} kB"))
    rows += [
        ("errors", str(len(figures.errors))),
        ("load average at start (1/5/15 min)", " ".join(f"{v:.2f}" for v in load_before)),
        ("run time", f"{time.monotonic() - started:.0f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    print(
        f"\nclassroom_load: {args.participants} participants, {steps} step(s), "
        f"burst {args.burst_seconds:g} s, {base_url}"
    )
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for error in figures.errors[:20]:
        print(f"  ! {error}")
    if len(figures.errors) > 20:
        print(f"  ! … {len(figures.errors) - 20} more")
    log = getattr(args, "server_log", None)
    if figures.errors and log and log.exists():
        print("server log (last lines):\n" + "\n".join(log.read_text().splitlines()[-30:]))
    return 1 if missing or not figures.sent else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--burst-seconds", type=float, default=5.0)
    parser.add_argument(
        "--steps", type=int, default=4, help="steps to run (at most the workshop's)"
    )
    parser.add_argument("--workshop", default="starter")
    parser.add_argument("--url", help="a running server (or proxy) instead of starting one")
    parser.add_argument(
        "--database-url",
        help="the server's database (to create the session and count answers); with --url",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="start `workshop serve --processes N` (N app processes behind nginx) instead of one",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the started server uses a throwaway PostgreSQL (tests/postgres.py) instead of SQLite",
    )
    parser.add_argument("--server-pid", type=int, help="with --url: measure this process tree")
    parser.add_argument("--join-rate", type=float, default=50.0, help="phones opening per second")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="per wait, in seconds")
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="skip the bare Streamlit page measured first with as many tabs (the ratio's base)",
    )
    args = parser.parse_args(argv)
    args.load_before = os.getloadavg()

    with ExitStack() as stack:
        bare = None
        if not args.no_bare:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bare-")))
            with bare_server(folder) as (bare_url, process, signal):
                bare = asyncio.run(
                    asyncio.wait_for(
                        bare_redraws(bare_url, ProcessTree(process.pid), signal, args),
                        120 + args.participants / args.join_rate + args.steps * args.timeout,
                    )
                )
        if args.url:
            if not args.database_url:
                parser.error("--url needs --database-url (to create the session and count answers)")
            base_url, db_url, pid = args.url, args.database_url, args.server_pid
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="classroom-")))
            db_url = f"sqlite:///{folder / 'workshop.db'}"
            if args.postgres:
                from tests.postgres import create_database

                db_url = create_database()  # its server stops when this run ends
            from modules.store import Store

            Store(db_url)  # schema ready before the server and the CLI race to create it
            server = stack.enter_context(
                running_server(
                    db_url, log=folder / "server.log", processes=args.processes, timeout=180
                )
            )
            base_url, pid = server.url, server.process.pid
            args.server_log = folder / "server.log"
        budget = 120 + args.participants / args.join_rate + args.idle_seconds
        budget += args.steps * (2 * args.timeout + args.burst_seconds + 10)
        return asyncio.run(
            asyncio.wait_for(run(args, base_url, ProcessTree(pid), db_url, bare), budget)
        )


if __name__ == "__main__":
    raise SystemExit(main())
