"""Attack 1: the projector link was the console.

The projector's address bar (or a photo of it, or the room PC's history) carried the facilitator
key: with its query string on ``/console`` anyone could move steps and close answers, and with
the code shown on the projector delete the session on ``/sessions``. The create page printed
the console and projector links on a screen that is often mirrored. Now the projector link
carries its own token, which only shows; the links hide behind a switch.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from modules.i18n import t
from tests.security.attack import Served, served
from tests.security.wsclient import Tab, open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(300)]

LANG = "en"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("projector-link")) as running:
        yield running


def _first_title(app: Served) -> str:
    exercise = app.catalog.exercise_for(app.catalog.workshops["starter"], 0)
    return html.escape(exercise.title(LANG))


def _state(app: Served, code: str):
    session = app.store.session_by_code(code)
    if session is None:
        return None
    steps = app.store.step_states(session.id)
    return (session.current_step, session.state_version, session.archived, steps)


async def _press_everything(tab: Tab) -> None:
    """What a prankster does on a page: press every button it offers."""
    for widget in list(tab.widgets("button")):
        if widget.proto.is_form_submitter or widget.proto.disabled:
            continue
        if widget.id in tab.client.widgets:
            await tab.click(widget.proto.label)


def test_the_projector_link_cannot_drive_export_or_delete(app):
    links = app.session(LANG, at_step=0)
    before = _state(app, links.code)
    wall = urlsplit(links.projector_url).query

    async def attack() -> dict[str, str]:
        tab = await open_tab(app.url, links.projector_url)  # the projector, as the room sees it
        seen = {"projector": tab.text()}
        for page in ("console", "results"):  # its query string on the facilitator's pages
            await tab.goto(page, wall)
            seen[page] = tab.text()
            assert not tab.widgets("download_button"), f"{page} offers an export"
            await _press_everything(tab)
        await tab.goto("sessions", {"lang": LANG})  # …and the session list, same tab
        seen["sessions"] = tab.text()
        if links.code in tab.text():  # listed: try to delete it with the code on the wall
            await tab.type_into(t(LANG, "sessions_delete_confirm"), links.code)
        await tab.close()
        return seen

    seen = run(attack())
    after = _state(app, links.code)
    breaches = [
        what
        for what, happened in (
            ("opens the console", t(LANG, "console_next") in seen["console"]),
            ("lists the session for deletion", links.code in seen["sessions"]),
            ("deleted the session", after is None),
            ("changed the session", after is not None and after != before),
        )
        if happened
    ]
    assert not breaches, f"the projector link {', '.join(breaches)}"
    assert links.facilitator_key not in links.projector_url
    assert _first_title(app) in seen["projector"]  # and it still shows the step


def test_the_create_page_shows_no_key_until_asked(app):
    async def create() -> tuple[str, list[tuple[str, str]]]:
        tab = await open_tab(app.url, "facilitate", {"lang": LANG})
        await tab.click(t(LANG, "facilitate_create"))
        hidden = tab.text()
        assert "key=" not in hidden, "a mirrored create page shows the console key"
        assert "view=" not in hidden
        buttons = list(tab.drawn.links)
        await tab.click(t(LANG, "room_show_links"))
        shown = tab.text()
        await tab.close()
        return shown, buttons

    shown, buttons = run(create())
    assert "key=" in shown and "view=" in shown  # behind the switch, to copy
    urls = dict(buttons)
    console = urls[t(LANG, "facilitate_open_console")]
    projector = urls[t(LANG, "room_open_projector")]
    assert "key=" in console and "key=" not in projector and "view=" in projector


def test_a_new_projector_link_is_one_click_and_the_old_one_goes_dark(app):
    links = app.session(LANG, at_step=0)

    async def renew() -> tuple[str, str, str]:
        old_wall = await open_tab(app.url, links.projector_url)
        console = await open_tab(app.url, links.console_url)
        shown = console.text()  # what a mirrored console screen shows, links' words included
        assert links.facilitator_key not in shown and links.projector_token not in shown
        await console.click(t(LANG, "room_new_projector"))
        await old_wall.wait_text(t(LANG, "projector_link_needed"))  # at its next redraw
        gone = old_wall.text()
        urls = dict(console.drawn.links)
        new_url = urls[t(LANG, "room_open_projector")]
        fresh = await open_tab(app.url, new_url)
        for tab in (old_wall, console, fresh):
            await tab.close()
        return gone, new_url, fresh.text()

    gone, new_url, fresh = run(renew())
    assert links.code not in gone
    assert new_url != links.projector_url and links.facilitator_key not in new_url
    assert _first_title(app) in fresh
