"""Attack 8: NaN or ±inf in a number field crashed the page.

A script sending NaN, ±inf, a huge or a non-numeric value as a number input's value raised
ValueError/OverflowError on that phone and left a traceback in the server log: Streamlit's own
number input converts the value before the app sees it. Now every number field refuses it with
the kind's message (or, for a slider, keeps its default), and the log stays clean.
``modules/ui/widget_guard.py`` does it; the last test notices if Streamlit moves what it wraps.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from modules import live
from modules.i18n import t
from modules.lifecycle import MAX_PRIVACY_THRESHOLD
from tests.security.attack import Served, served
from tests.security.wsclient import Tab, open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
BAD: list[tuple[str, Any]] = [
    ("double_value", math.nan),
    ("double_value", math.inf),
    ("double_value", -math.inf),
    ("double_value", 1e308),
    ("int_value", 2**62),
    ("string_value", "abc"),
    ("bool_value", True),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("bad-numbers")) as running:
        yield running


def _exercise(app: Served, workshop: str, index: int):
    return app.catalog.exercise_for(app.catalog.workshops[workshop], index)


def _first_step(app: Served, kind: str) -> tuple[str, int]:
    """The first shipped workshop step of ``kind``: the attack goes where the room would be."""
    for workshop_id, workshop in sorted(app.catalog.workshops.items()):
        for index in range(len(workshop.steps)):
            if app.catalog.exercise_for(workshop, index).kind == kind:
                return workshop_id, index
    pytest.fail(f"no shipped workshop has a {kind} step")


async def _send(tab: Tab, kind: str, value: Any, only: str | None = None) -> str:
    """Send ``value`` as every number field (or slider) of the form, then press send."""
    fields = [w for w in tab.widgets() if w.kind in ("number_input", "slider")]
    if only is not None:
        fields = [w for w in fields if w.kind == only]
    if kind == "double_value" and fields[0].kind == "slider":
        kind, value = "double_array_value", [value]
    await tab.submit({w.id: (kind, value) for w in fields}, form=fields[0].form_id)
    return tab.text()


def _answers(app: Served, code: str) -> dict[int, int]:
    return app.store.counts(app.store.session_by_code(code).id)[1]


async def _each_bad_value(app, url: str) -> list[tuple[Any, str, list[str]]]:
    """Every value of ``BAD`` sent from a fresh phone (a crash ends a page): what each drew."""
    seen = []
    for kind, value in BAD:
        phone = await open_tab(app.url, url)
        shown = await _send(phone, kind, value)
        seen.append((value, shown, list(phone.drawn.exceptions)))
        await phone.close()
    return seen


def test_bad_numbers_in_a_number_step_are_refused_with_its_message(app):
    workshop, index = _first_step(app, "number")
    links = app.session(LANG, workshop=workshop, at_step=index)
    first = _exercise(app, workshop, index).fields[0]

    for value, shown, exceptions in run(_each_bad_value(app, links.participant_url)):
        assert not exceptions, f"{value!r} crashed the phone: {exceptions}"
        assert t(LANG, "number_not_a_number", label=first.label) in shown, value
    assert _answers(app, links.code) == {}
    assert "Traceback" not in app.log()


def test_a_bad_number_in_an_allocation_is_refused_with_its_message(app):
    workshop, index = _first_step(app, "allocate")
    links = app.session(LANG, workshop=workshop, at_step=index)

    for value, shown, exceptions in run(_each_bad_value(app, links.participant_url)):
        assert not exceptions, f"{value!r} crashed the phone: {exceptions}"
        assert t(LANG, "allocate_not_whole") in shown, value
    assert _answers(app, links.code) == {}
    assert "Traceback" not in app.log()


def test_a_bad_number_on_the_create_page_is_refused_and_creates_nothing(app):
    async def attack() -> list[tuple[Any, str, list[str]]]:
        seen = []
        for kind, value in BAD:
            tab = await open_tab(app.url, "facilitate", {"lang": LANG})
            shown = await _send(tab, kind, value)
            seen.append((value, shown, list(tab.drawn.exceptions)))
            await tab.close()
        return seen

    before = len(app.store.list_sessions(include_archived=True))
    refusal = t(
        LANG,
        "facilitate_bad_number",
        k=MAX_PRIVACY_THRESHOLD,
        n=app.settings.max_participants_per_session,
    )
    for value, shown, exceptions in run(attack()):
        assert not exceptions, f"{value!r} crashed the create page: {exceptions}"
        assert refusal in shown, value
    assert len(app.store.list_sessions(include_archived=True)) == before
    assert "Traceback" not in app.log()


def test_a_value_of_the_wrong_type_in_any_field_of_any_step_crashes_nothing(app):
    """Not only numbers: a number for a text box, a boolean for a radio, a list for a select."""
    links = app.session(LANG, workshop="relations-90")
    steps = len(app.catalog.workshops["relations-90"].steps)
    wrong = [("double_value", math.nan), ("bool_value", True), ("string_array_value", ["x"])]

    async def attack() -> list[tuple[int, str, list[str]]]:
        seen = []
        for index in range(steps):
            live.go_to_step(app.store, app.store.session_by_code(links.code), index)
            for kind, value in wrong:
                phone = await open_tab(app.url, links.participant_url)
                fields = [w for w in phone.widgets() if w.form_id and w.kind != "button"]
                await phone.submit({w.id: (kind, value) for w in fields}, form=fields[0].form_id)
                seen.append((index, kind, list(phone.drawn.exceptions)))
                await phone.close()
        return seen

    for index, kind, exceptions in run(attack()):
        assert not exceptions, f"step {index + 1}, a {kind}: {exceptions}"
    assert "Traceback" not in app.log()


def test_the_guard_is_installed_on_this_streamlit():
    """If a Streamlit release renames what ``widget_guard`` wraps, this fails: look there."""
    from streamlit.elements.widgets.number_input import NumberInputSerde
    from streamlit.runtime.state.session_state import WStates

    from modules.ui import widget_guard

    assert widget_guard.install() and widget_guard.installed()
    assert hasattr(NumberInputSerde.deserialize, "__wrapped__")
    assert hasattr(WStates.__getitem__, "__wrapped__")
    number = NumberInputSerde(None, 0, 0, 100)  # an int field from 0 to 100, no default
    assert math.isnan(number.deserialize(math.nan)) and math.isnan(number.deserialize("7"))
    assert number.deserialize(42.0) == 42 and number.deserialize(None) is None
