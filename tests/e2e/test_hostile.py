"""Hostile answers typed on real phones stay inert on the projector, the console and the
take-home: no script runs, no element is injected, no request leaves the server.

Also the privacy checks that need a real browser: after the visit no stored value holds the
browser's user agent or the client's address, and the server log holds no answer text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import inspect, select

from modules import live
from modules.i18n import t
from modules.kinds import kind_of
from modules.kinds.words import MAX_WORD_CHARS, word_frequencies
from modules.service import store_for
from modules.store.tables import metadata
from modules.text import clean_text
from tests.e2e.app import click_button, main, open_app
from tests.security.corpus import hostile_answers
from tests.server import RunningServer, running_server

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
CANARY = "zq-canary-7731"  # a word nobody types: if it shows up in the log, answers are logged
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
# Elements or attributes only an injected answer could have created. The console's one frame is
# its own projector thumbnail (a same-site /projector page, inside .st-key-thumb-frame).
INJECTED = (
    "[onerror], [onload], [ontoggle], [onclick], [onmouseover], "
    "iframe:not(.st-key-thumb-frame iframe[src^='/projector?']), object, embed, base, "
    "meta[http-equiv], form[action*='evil'], a[href^='javascript:'], [href*='evil.example'], "
    "[src*='evil.example'], [action*='evil.example'], script[src]:not([src^='./static/'])"
)


FAMILIES = (
    "<script",
    "onerror",
    "<svg",
    "javascript:",
    "![",
    "](",
    "# ",
    "\u202e",
    "\u200d\U0001f469",
    "=",
    "+",
    "@",
    "DROP TABLE",
    "{{",
)


def _acceptable(entry: str) -> bool:
    """A one-line box holds no line break and at most 40 characters (the words limit)."""
    return bool(clean_text(entry)) and len(entry) <= MAX_WORD_CHARS and not set(entry) & set("\n\r")


def _sample() -> list[str]:
    """One entry per family of attack, each a distinct word once aggregated."""
    chosen: list[str] = []
    keys: set[str] = set()
    for family in FAMILIES:
        for entry in hostile_answers():
            if family not in entry or entry in chosen or not _acceptable(entry):
                continue
            key = word_frequencies([[clean_text(entry)]])["key"]
            if key.empty or key[0] in keys:
                continue
            keys.add(key[0])
            chosen.append(entry)
            break
    return chosen


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator[RunningServer]:
    """A server of this module's own: its database and log hold this test's traffic only."""
    folder = tmp_path_factory.mktemp("hostile-server")
    with running_server(f"sqlite:///{folder / 'workshop.db'}", log=folder / "server.log") as server:
        yield server


class Watch:
    """What a page did that it must not: dialogs (alert ran), requests off the server."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.outgoing: list[str] = []
        self.scripts: dict[int, int] = {}

    def baseline(self, page: Page) -> Page:
        """The page's own <script> elements, counted once it has loaded."""
        self.scripts[id(page)] = page.locator("script").count()
        return page

    def attach(self, page: Page) -> Page:
        def on_dialog(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        def on_request(request) -> None:
            url = urlparse(request.url)
            if url.scheme in {"http", "https", "ws", "wss"} and url.hostname not in LOCAL_HOSTS:
                self.outgoing.append(request.url)

        page.on("dialog", on_dialog)
        page.on("request", on_request)
        return page

    def assert_clean(self, page: Page, where: str) -> None:
        assert not self.dialogs, f"{where}: a script ran ({self.dialogs})"
        assert not self.outgoing, f"{where}: requests left the server: {self.outgoing}"
        assert page.locator(INJECTED).count() == 0, f"{where}: an answer became an element"
        # The page's own scripts come and go with its runs (a step's countdown, the language
        # line): an answer's <script> would add one, or carry its payload.
        payloads = page.locator("script").evaluate_all(
            "all => all.filter(s => /alert\\(|evil\\.example/.test(s.textContent)).length"
        )
        assert payloads == 0, f"{where}: an answer's <script> is in the page"
        if id(page) in self.scripts:
            assert page.locator("script").count() <= self.scripts[id(page)], f"{where}: <script>"
        hacked = page.locator("h1, h2, h3").filter(has_text="Hacked")
        assert hacked.count() == 0, f"{where}: an answer became a heading"


def _answer(page: Page, word: str) -> None:
    form = main(page)
    box = form.get_by_role("textbox", name=t(LANG, "words_nth", n=1), exact=True)
    box.fill(word)
    click_button(page, LANG, "submit_answer")


def _chart_labels(page: Page) -> list[str]:
    return page.evaluate(
        """() => {
          const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
          if (!plot || !plot._fullData) return [];
          return plot._fullData.flatMap((trace) => Array.from(trace.y ?? [], String));
        }"""
    )


def _all_stored_values(database_url: str) -> list[str]:
    engine = store_for(database_url).engine
    cells = []
    with engine.connect() as db:
        for name in inspect(db).get_table_names():
            table = metadata.tables.get(name)
            if table is None:
                continue
            for row in db.execute(select(table)):
                cells += [v if isinstance(v, str) else json.dumps(v, default=str) for v in row]
    return cells


def test_hostile_answers_stay_inert_everywhere(app_server, make_session, new_context, catalog):
    store = make_session.store
    links = make_session(LANG, at_step=0)
    session = store.session_by_code(links.code)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    sample = _sample()
    watch = Watch()

    projector = watch.attach(new_context("projector", LANG).new_page())
    watch.baseline(open_app(projector, links.projector_url))
    watch.assert_clean(projector, "projector before answers")

    user_agent = ""
    phones: list[tuple[Page, str]] = []
    for entry in [*sample, CANARY]:
        phone = watch.attach(new_context("phone", LANG).new_page())
        watch.baseline(open_app(phone, links.participant_url))
        user_agent = user_agent or phone.evaluate("navigator.userAgent")
        _answer(phone, entry)
        expect(main(phone).get_by_text(t(LANG, "answer_saved"))).to_be_visible()
        watch.assert_clean(phone, f"phone after sending {entry!r}")
        phones.append((phone, entry))

    stored = [a.value for a in store.step_answers(session.id, 0)]
    assert len(stored) == len(sample) + 1
    expected = kind_of(exercise).aggregate(exercise, stored, LANG)

    live.set_revealed(store, store.session(session.id), True)
    projector.reload()  # following the facilitator is another suite's concern: draw afresh
    expect(projector.get_by_test_id("stPlotlyChart")).to_be_visible(timeout=60_000)
    projector.wait_for_function(
        "n => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p._fullData && p._fullData[0].y.length >= n; }",
        arg=min(len(expected), exercise.top),
        timeout=60_000,
    )
    labels = _chart_labels(projector)
    drawn = projector.locator("[data-testid='stPlotlyChart'] svg text").all_text_contents()
    for word in expected["word"].head(exercise.top):
        label = next(
            lab
            for lab in labels
            if lab.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == word
        )
        assert label  # Plotly gets the escaped label, and draws it as the literal text:
        assert any(word in text for text in drawn) or len(word) > 30, word
    watch.assert_clean(projector, "projector after the reveal")

    # The console lists every free text for moderation: as text, never as markup.
    console = watch.attach(new_context("desktop", LANG).new_page())
    console.goto(links.console_url)
    for entry in sample:
        shown = main(console).get_by_text(clean_text(entry), exact=True)
        expect(shown.first).to_be_attached(timeout=60_000)
    watch.assert_clean(console, "console")

    # The participant's own answer, on a closed step and in the take-home: text again.
    own_page, own_entry = phones[0]
    live.close_step(store, store.session(session.id))
    own_page.reload()
    own = main(own_page).get_by_text(clean_text(own_entry), exact=False)
    expect(own.first).to_be_visible(timeout=60_000)
    watch.assert_clean(own_page, "the participant's own answer and take-home")

    # Privacy: nothing about the browser or its address in the database, no answer in the log.
    cells = _all_stored_values(app_server.env["WORKSHOP_DATABASE_URL"])
    assert user_agent and not any(user_agent in cell for cell in cells)
    assert not any("127.0.0.1" in cell or "HeadlessChrome" in cell for cell in cells)
    logged = app_server.log.read_text(encoding="utf-8", errors="replace")
    assert CANARY not in logged
    for entry in sample:
        word = clean_text(entry)
        if len(word) >= 8:
            assert word not in logged, f"answer text in the server log: {word!r}"


def test_the_sample_is_hostile_enough():
    sample = _sample()
    assert len(sample) >= 10
    assert any("<" in entry for entry in sample)
    assert any(entry.startswith(("=", "+", "-", "@")) for entry in sample)
    assert any(unicodedata.category(ch) == "Cf" for entry in sample for ch in entry)
