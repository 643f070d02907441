"""The room-safety attacks of issue 13, measured against the real server: one figure each.

``tests/security/test_attack_*.py`` asserts that each attack fails; this prints how far each
gets, for a before/after table (run it in a checkout of the old code with this file and
``tests/security/{wsclient,attack}.py`` copied in to get the "before" column). Each attack runs
for a fixed time or count against its own fresh server; nothing is asserted.

Run: ``python -m benchmarks.attacks`` (about five minutes), or ``--only guessing,flood``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from modules import live  # noqa: E402
from modules.i18n import t  # noqa: E402
from modules.identity import JOIN_CODE_ALPHABET  # noqa: E402
from tests.security.attack import Served, fill_answer, served  # noqa: E402
from tests.security.wsclient import gather_limited, open_tab  # noqa: E402

LANG = "en"
ADMIN_KEY = "the admin key of this server"


async def projector_link(app: Served) -> str:
    links = app.session(LANG, at_step=0)
    query = urlsplit(links.projector_url).query
    tab = await open_tab(app.url, links.projector_url)
    await tab.goto("console", query)
    drives = t(LANG, "console_next") in tab.text()
    await tab.goto("sessions", {"lang": LANG})
    listed = links.code in tab.text()
    if listed:
        await tab.type_into(t(LANG, "sessions_delete_confirm"), links.code)
    await tab.close()
    deleted = app.store.session_by_code(links.code) is None
    return f"projector query on /console drives it: {drives}; on /sessions deletes it: {deleted}"


async def guessing(app: Served, guesses: int = 150, parallel: int = 4) -> str:
    links = app.session(LANG)
    rng = random.Random(7)
    refused = 0

    async def guess() -> None:
        nonlocal refused
        code = "".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(6))
        tab = await open_tab(app.url, "", {"code": code, "lang": LANG})
        refused += t(LANG, "join_too_many_attempts") in tab.text()
        await tab.close()

    started = time.monotonic()
    await gather_limited([guess for _ in range(guesses)], parallel)
    took = time.monotonic() - started
    phone = await open_tab(app.url, links.participant_url)
    joins = t(LANG, "waiting_title") in phone.text()
    await phone.close()
    return (
        f"{guesses} wrong codes from fresh connections ({parallel} at a time) in {took:.1f} s "
        f"({guesses / took * 60:.0f}/min), {refused} refused unread; "
        f"then a phone on the QR link {'joins' if joins else 'is REFUSED'}"
    )


async def fill(app: Served, connections: int = 1000) -> str:
    links = app.session(LANG)
    started = time.monotonic()

    async def idle():
        return await open_tab(app.url, links.participant_url)

    tabs = await gather_limited([idle for _ in range(connections)], 10)
    took = time.monotonic() - started
    made = app.store.counts(app.store.session_by_code(links.code).id)[0]
    phone = await open_tab(app.url, links.participant_url)
    full = t(LANG, "join_session_full") in phone.text()
    for tab in [*tabs, phone]:
        await tab.close()
    return (
        f"{connections} connections to ?code= in {took:.0f} s made {made} participants; "
        f"a fresh phone {'reads FULL' if full else 'joins'}"
    )


async def creation(app: Served, seconds: float = 20, connections: int = 4) -> str:
    async def presses() -> int:
        tab = await open_tab(app.url, "facilitate", {"lang": LANG})
        count, started = 0, time.monotonic()
        while time.monotonic() - started < seconds:
            await tab.click(t(LANG, "facilitate_create"))
            count += 1
        await tab.close()
        return count

    total = sum(await asyncio.gather(*(presses() for _ in range(connections))))
    made = len(app.store.list_sessions(include_archived=True))
    return (
        f"{total} presses on Create from {connections} connections in {seconds:.0f} s: "
        f"{made} sessions"
    )


async def admin_key(app: Served, seconds: float = 30) -> str:
    tab = await open_tab(app.url, "sessions", {"lang": LANG})
    tries = checked = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        await tab.type_into(t(LANG, "sessions_admin_key"), f"guess-{tries}")
        tries += 1
        checked += t(LANG, "sessions_admin_wrong") in tab.text()
    await tab.close()
    return f"{tries} wrong admin keys from one connection in {seconds:.0f} s, {checked} checked"


async def export_pairing(app: Served, people: int = 12) -> str:
    links = app.session(LANG, at_step=0)
    words = [f"word{chr(97 + n)}{chr(97 + n)}" for n in range(people)]
    for word in words:
        phone = await open_tab(app.url, links.participant_url)
        form, values = fill_answer(phone, [word])
        await phone.submit(values, form=form)
        await phone.close()
    console = await open_tab(app.url, links.console_url)
    label = t(LANG, "console_export_answers")
    exports = [await console.download(label) for _ in range(2)]
    await console.close()
    first, second = (list(csv.DictReader(io.StringIO(e.decode("utf-8-sig")))) for e in exports)
    paired = sum(a["value"] == b["value"] for a, b in zip(first, second, strict=True))
    in_join_order = [row["value"] for row in first] == words
    return (
        f"two exports of {people} people: {paired} paired right by row position; "
        f"rows in join order: {in_join_order}"
    )


async def deleted_on_disk(app: Served, phones: int = 8) -> str:
    links = app.session(LANG, at_step=0)
    for number in range(phones):
        phone = await open_tab(app.url, links.participant_url)
        form, values = fill_answer(phone, [f"zqcanary{number}"])
        await phone.submit(values, form=form)
        await phone.close()
    tab = await open_tab(app.url, links.console_url)
    await tab.goto("sessions", {"lang": LANG})
    await tab.type_into(t(LANG, "sessions_delete_confirm"), links.code)
    await tab.close()
    copies = {}
    for suffix in ("", "-wal"):
        path = app.database.with_name(app.database.name + suffix)
        copies[path.name] = path.read_bytes().count(b"zqcanary") if path.exists() else 0
    return f"after deleting {phones} phones' answers, copies on disk: {copies}"


async def bad_values(app: Served) -> str:
    links = app.session(LANG, workshop="relations-90")
    steps = len(app.catalog.workshops["relations-90"].steps)
    wrong = [
        ("double_value", math.nan),
        ("double_value", math.inf),
        ("int_value", 2**62),
        ("string_value", "abc"),
        ("bool_value", True),
        ("string_array_value", ["x"]),
    ]
    crashed = tried = 0
    for index in range(steps):
        live.go_to_step(app.store, app.store.session_by_code(links.code), index)
        for kind, value in wrong:
            phone = await open_tab(app.url, links.participant_url)
            fields = [w for w in phone.widgets() if w.form_id and w.kind != "button"]
            await phone.submit({w.id: (kind, value) for w in fields}, form=fields[0].form_id)
            tried += 1
            crashed += bool(phone.drawn.exceptions)
            await phone.close()
    tracebacks = app.log().count("Traceback")
    return (
        f"{tried} wrong values (NaN, inf, 2**62, text…) in every field of {steps} steps: "
        f"{crashed} pages crashed, {tracebacks} tracebacks in the log"
    )


async def flood(app: Served, seconds: float = 60) -> str:
    links = app.session(LANG, at_step=0)
    phone = await open_tab(app.url, links.participant_url)
    sent, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        form, values = fill_answer(phone, [f"spam{sent}"])
        await phone.submit(values, form=form)
        sent += 1
    await phone.close()
    stored = app.store.session_by_code(links.code).answer_version
    return f"{sent} answers from one connection in {seconds:.0f} s: {stored} stored"


ATTACKS: dict[str, tuple[Callable, dict[str, str]]] = {
    "projector": (projector_link, {}),
    "guessing": (guessing, {}),
    "fill": (fill, {"WORKSHOP_MAX_PARTICIPANTS_PER_SESSION": "1000"}),
    "creation": (creation, {}),
    "admin": (admin_key, {"WORKSHOP_ADMIN_KEY": ADMIN_KEY}),
    "export": (export_pairing, {}),
    "deletion": (deleted_on_disk, {}),
    "bad-values": (bad_values, {}),
    "flood": (flood, {}),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ATTACKS), help="comma-separated attacks")
    args = parser.parse_args(argv)
    for name in args.only.split(","):
        attack, env = ATTACKS[name]
        with (
            tempfile.TemporaryDirectory(prefix=f"attack-{name}-") as folder,
            served(Path(folder), env) as app,
        ):
            figure = asyncio.run(asyncio.wait_for(attack(app), 900))
        print(f"{name:<11} {figure}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
