"""One step of each new kind in a real browser: a talk, a quiz and a wall, on two phones.

The facilitator drives from the console; the phones follow by themselves. Checks are what people
see: the projector's pairing and turn, the quiz's unmarked split then its answer (and that no
phone's page held the answer before the reveal), the wall's top text with its vote. Screenshots
of the projector (1280×720, 1920×1080), the console (1440×900) and a phone (390×844) land in
``test-artifacts/screenshots/new-kinds-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from modules import live
from modules.catalog import load_catalog
from modules.i18n import t
from modules.service import create_session, store_for
from modules.settings import Settings
from tests.e2e.app import click_button, main, open_app, wait_for_app_run
from tests.server import RunningServer, running_server

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.timeout(900)]

LANG = "en"
NEW_KINDS = Path(__file__).parent.parent / "data" / "new_kinds"
TALK, QUIZ, WALL = 0, 1, 2
EXPLANATION = "You ask for advice, an opinion, a name"
SIZES = {
    "projector-720": {"width": 1280, "height": 720},
    "projector-1080": {"width": 1920, "height": 1080},
}


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator[RunningServer]:
    """A server on the new-kinds test workshop, with its own database."""
    folder = tmp_path_factory.mktemp("new-kinds-server")
    with running_server(
        f"sqlite:///{folder / 'workshop.db'}",
        log=folder / "server.log",
        extra_env={"WORKSHOP_EXERCISES_DIR": str(NEW_KINDS)},
    ) as server:
        yield server


def _shoot(pages: dict[str, Page], folder: Path, step: str) -> None:
    for name, page in pages.items():
        page.screenshot(path=str(folder / f"new-kinds-{step}-{name}.png"), full_page=True)


def _projector_at_both_sizes(projector: Page, folder: Path, step: str) -> None:
    for name, size in SIZES.items():
        projector.set_viewport_size(size)
        projector.wait_for_timeout(400)  # the layout settles (Plotly resizes on the next frame)
        projector.screenshot(path=str(folder / f"new-kinds-{step}-{name}.png"))
    projector.set_viewport_size(SIZES["projector-720"])


def test_a_talk_a_quiz_and_a_wall_on_two_phones(app_server, new_context, screenshots):
    database_url = app_server.env["WORKSHOP_DATABASE_URL"]
    settings = Settings(
        database_url=database_url,
        exercises_dir=NEW_KINDS,
        public_base_url=app_server.url,
        privacy_threshold=2,  # two phones are a group here
    )
    store = store_for(database_url)
    links = create_session(store, load_catalog(NEW_KINDS), settings, "new-kinds", LANG)
    live.go_to_step(store, store.session_by_code(links.code), TALK)

    projector = new_context("projector", LANG).new_page()
    projector.set_viewport_size(SIZES["projector-720"])
    open_app(projector, links.projector_url)
    console = new_context("desktop", LANG).new_page()
    console.set_viewport_size({"width": 1440, "height": 900})
    open_app(console, links.console_url)
    phones = [open_app(new_context("phone", LANG).new_page(), links.participant_url) for _ in "ab"]

    # -- talk: pairing on the projector, the turn once the countdown runs, private notes ----------
    expect(main(projector).get_by_text(t(LANG, "talk_pair_up_pairs"))).to_be_visible()
    expect(main(projector).get_by_text(t(LANG, "talk_waiting"))).to_be_visible()
    expect(main(console).get_by_text("Round 2 of 2: B speaks (1:00)")).to_be_visible()
    click_button(console, LANG, "timer_start", minutes=5)
    expect(main(projector).get_by_text("Round 1 of 2 · A speaks ·")).to_be_visible()
    expect(main(console).get_by_text("Round 1 of 2 · A speaks ·")).to_be_visible()
    for number, phone in enumerate(phones):
        note = main(phone).get_by_role("textbox", name="What I keep from the exchange")
        note.fill(f"private note {number}")
        click_button(phone, LANG, "submit_answer")
        expect(main(phone).get_by_text(t(LANG, "answer_saved"))).to_be_visible()
    _projector_at_both_sizes(projector, screenshots, "talk")
    _shoot({"console": console, "phone": phones[0]}, screenshots, "talk")
    assert "private note" not in projector.content() and "private note" not in console.content()

    # -- quiz: answers, the split once closed, the answer only at the reveal -------------------
    click_button(console, LANG, "console_next")
    for phone, pick in zip(phones, ("True", "False"), strict=True):
        expect(main(phone).get_by_text("At a networking meeting").first).to_be_visible()
        main(phone).get_by_text(pick, exact=True).click()
        click_button(phone, LANG, "submit_answer")
        expect(main(phone).get_by_text(t(LANG, "answer_saved"))).to_be_visible()
        assert EXPLANATION not in phone.content()  # the whole page, hidden parts included
        assert t(LANG, "quiz_answer_is", answer="False") not in phone.content()
    _shoot({"phone": phones[0]}, screenshots, "quiz-open")
    click_button(console, LANG, "console_close")
    chart = projector.get_by_test_id("stPlotlyChart")
    expect(chart).to_be_visible(timeout=90_000)  # the first chart also loads Plotly.js
    expect(chart.get_by_text("How the room answered (2)")).to_be_visible()
    assert chart.get_by_text("✓ False").count() == 0
    for phone in phones:
        wait_for_app_run(phone, after_action=False)
        assert EXPLANATION not in phone.content()
    _projector_at_both_sizes(projector, screenshots, "quiz-split")
    click_button(console, LANG, "console_reveal")
    expect(chart.get_by_text("✓ False")).to_be_visible()
    expect(chart.get_by_text("50% found the right answer (2 answers)")).to_be_visible()
    expect(main(projector).get_by_text(EXPLANATION, exact=False)).to_be_visible()
    for phone in phones:
        expect(main(phone).get_by_text(EXPLANATION, exact=False)).to_be_visible()
        expect(main(phone).get_by_text(t(LANG, "quiz_answer_is", answer="False"))).to_be_visible()
    _projector_at_both_sizes(projector, screenshots, "quiz-revealed")
    _shoot({"console": console, "phone": phones[1]}, screenshots, "quiz-revealed")

    # -- wall: both phones post, one votes for the other's text, the projector ranks it ---------
    click_button(console, LANG, "console_next")
    texts = ["How do I follow up without pushing?", "What if I am shy?"]
    hostile = "<img src=x onerror=alert('wall')>"
    dialogs: list[str] = []
    for page in (projector, console, *phones):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for phone, text in zip(phones, texts, strict=True):
        box = main(phone).get_by_role("textbox", name=t(LANG, "wall_text_n", n=1))
        box.fill(text)
        if phone is phones[1]:  # a bored teenager's second text
            main(phone).get_by_role("textbox", name=t(LANG, "wall_text_n", n=2)).fill(hostile)
        click_button(phone, LANG, "submit_answer")
        expect(main(phone).get_by_text(t(LANG, "answer_saved"))).to_be_visible()
    voter = phones[0]
    voter.reload()
    wait_for_app_run(voter, after_action=False)
    expect(main(voter).get_by_text(texts[1], exact=True)).to_be_visible()
    assert main(voter).get_by_text(texts[0], exact=True).count() == 0  # own text not offered
    card = main(voter).locator("[data-testid='stVerticalBlock']").filter(has_text=texts[1]).last
    card.get_by_role("button", name=t(LANG, "wall_vote"), exact=True).click()
    wait_for_app_run(voter)
    expect(card.get_by_role("button", name=t(LANG, "wall_voted"))).to_be_visible()
    expect(chart.get_by_text(t(LANG, "wall_votes_one"), exact=True)).to_be_visible()
    first = chart.locator("g.annotation").first
    expect(first).to_contain_text(texts[1])
    expect(chart.get_by_text(hostile, exact=True)).to_be_visible()  # shown as typed, inert
    expect(main(voter).get_by_text(hostile, exact=True)).to_be_visible()
    assert not dialogs and projector.locator("img[onerror]").count() == 0
    _projector_at_both_sizes(projector, screenshots, "wall")
    _shoot({"console": console, "phone": voter}, screenshots, "wall")
