"""The screens a room depends on, in a real browser at the sizes rooms use (issue 14).

- the projector at 1024×768, 1280×720, 1366×768 and 1920×1080: every step of the full workshop
  fits, no scrolling, every chart inside the viewport;
- a phone at 390×844: every tap target at least 44 px, the send button in view, the session's
  language (not the browser's), no English Streamlit hint, the allocate total as one types;
- the console at 1440×900: keys and clicker drive the session, the speaker notes are in view,
  the thumbnail is the projector, phones online go up and down;
- the results page prints one step per page.

Screenshots land in ``test-artifacts/screens/`` (the evidence the issue's closing note names).
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from modules import live, timer
from modules.i18n import t
from modules.identity import digest, new_participant_token
from modules.kinds import AnswerRejected, kind_of
from modules.service import submit_answer
from tests.e2e.answering import driver_for
from tests.e2e.app import click_button, main, metric_value, open_app, wait_for_app_run
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

BEAMERS = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]
SHOTS = ARTIFACTS / "screens"
WORKSHOP = "relations-90"
TAP_MIN = 44

# Where each chart lies, whether the page scrolls, whether Plotly has drawn every chart.
_LAYOUT = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    width: innerWidth,
    height: innerHeight,
    scrolls: main.scrollHeight > main.clientHeight + 1 || main.scrollWidth > main.clientWidth + 1,
    drawn: charts.every((chart) => chart.querySelector('.main-svg')),
    charts: charts.map((chart) => {
      const box = chart.getBoundingClientRect();
      const svg = chart.querySelector('.main-svg')?.getBoundingClientRect();
      return {
        box: [box.left, box.top, box.right, box.bottom],
        svg: svg ? [svg.left, svg.top, svg.right, svg.bottom] : null,
      };
    }),
  };
}
"""

# Every visible thing a thumb can touch, with its size (the skip link is visible on focus only).
_TAP_TARGETS = """
() => [...document.querySelectorAll(
    'button, a[href]:not([data-testid="stSkipToContent"]), label[data-testid="stRadioOption"],'
    + '[data-testid="stCheckbox"] label, input:not([type=hidden]):not([type=radio])'
    + ':not([type=checkbox]):not([type=range]), [data-testid="stSlider"] div:has(>div>input),'
    + '[role="combobox"]')]
  .filter((el) => { const box = el.getBoundingClientRect(); return box.width && box.height; })
  .map((el) => {
    const box = el.getBoundingClientRect();
    return {what: (el.innerText || el.getAttribute('aria-label') || el.tagName).slice(0, 30),
            width: Math.round(box.width), height: Math.round(box.height)};
  })
"""


def _filled_session(make_session, catalog, lang: str, *, people: int = 8, name: str = WORKSHOP):
    """A full-workshop session whose every step holds revealed answers (projector charts)."""
    links = make_session(lang, workshop=name)
    store, settings = make_session.store, make_session.settings
    session = store.session_by_code(links.code)
    workshop = catalog.workshops[name]
    participants = [
        store.join(session.id, digest(new_participant_token()), max_participants=100)
        for _ in range(people)
    ]
    rng = random.Random(14)
    for step in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, step)
        live.open_step(store, session, step)
        live.set_revealed(store, session, True, step)
        for participant in participants:
            for _attempt in range(5):  # a sample may miss a rule (a total, a bound): draw again
                try:
                    value = kind_of(exercise).sample(exercise, rng, lang)
                    submit_answer(store, settings, session, exercise, step, participant, value)
                    break
                except AnswerRejected:
                    continue
    return links, session, workshop


def _go(make_session, session, step: int) -> None:
    store = make_session.store
    live.go_to_step(store, store.session(session.id), step)


def _inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5


@pytest.mark.timeout(900)
def test_every_step_fits_every_beamer_without_scrolling(
    make_session, catalog, new_context, app_server
):
    links, session, workshop = _filled_session(make_session, catalog, "fr")
    screens: dict[tuple[int, int], Page] = {}
    for width, height in BEAMERS:
        page = new_context("projector", "fr", viewport={"width": width, "height": height})
        screens[width, height] = open_app(page.new_page(), links.projector_url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for step in range(-1, len(workshop.steps)):
        _go(make_session, session, step)
        if step % 2:  # every other step with a countdown running: it takes no chart room
            timer.start(make_session.store, make_session.store.session(session.id), 5)
        exercise = catalog.exercise_for(workshop, step) if step >= 0 else None
        charted = exercise is not None and not kind_of(exercise).private(exercise)
        for (width, height), page in screens.items():
            if exercise is not None:
                expect(page.get_by_text(exercise.title("fr"), exact=True).first).to_be_visible()
            else:
                expect(page.locator(".ws-join-code")).to_have_text(links.code)
            if charted:
                page.wait_for_function(
                    "() => document.querySelector('[data-testid=stPlotlyChart] .main-svg')"
                )
            wait_for_app_run(page)
            layout = page.evaluate(_LAYOUT)
            page.screenshot(path=SHOTS / f"projector-{width}x{height}-{step + 1:02d}.png")
            where = f"{width}×{height}, step {step + 1}"
            if layout["scrolls"]:
                problems.append(f"{where}: the page scrolls")
            if charted and len(layout["charts"]) != 1:
                problems.append(f"{where}: {len(layout['charts'])} charts")
            for chart in layout["charts"]:
                for part in ("box", "svg"):
                    if chart[part] is None or not _inside(chart[part], width, height):
                        problems.append(f"{where}: chart {part} {chart[part]} outside")
    assert not problems, "\n".join(problems)


def _tap_problems(page: Page, where: str) -> list[str]:
    small = [
        target
        for target in page.evaluate(_TAP_TARGETS)
        if target["width"] < TAP_MIN or target["height"] < TAP_MIN
    ]
    return [f"{where}: {small}"] if small else []


@pytest.mark.timeout(600)
def test_a_phone_is_thumb_sized_in_the_sessions_language(
    make_session, catalog, new_context, app_server
):
    links, session, workshop = _filled_session(make_session, catalog, "fr", people=0)
    # A phone whose browser speaks English, in a French session.
    phone = new_context("phone", "en").new_page()
    open_app(phone, links.participant_url)
    assert phone.evaluate("document.documentElement.lang") == "fr"
    expect(phone.get_by_text(t("fr", "waiting_title"), exact=True)).to_be_visible()
    header = phone.evaluate(
        "() => [...document.querySelectorAll('header')]"
        ".map((h) => h.getBoundingClientRect().height).reduce((a, b) => a + b, 0)"
    )
    assert header == 0  # no empty band above the page
    expect(phone.get_by_text("EN", exact=True)).to_be_visible()  # the switch is kept
    problems = _tap_problems(phone, "lobby")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for step in range(len(workshop.steps)):
        _go(make_session, session, step)
        exercise = catalog.exercise_for(workshop, step)
        shown = t("fr", "step_of", n=step + 1, total=len(workshop.steps))
        expect(phone.get_by_text(shown, exact=True)).to_be_visible()
        wait_for_app_run(phone)
        phone.screenshot(path=SHOTS / f"phone-{step + 1:02d}-{exercise.kind}.png")
        problems += _tap_problems(phone, f"step {step + 1} ({exercise.kind})")
        send = phone.get_by_role("button", name=t("fr", "submit_answer"), exact=True)
        box = send.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, (
            f"step {step + 1}: the send button is out of view at {box}"
        )
        assert not phone.get_by_text("Press Enter").count()  # Streamlit's English hint
    assert not problems, "\n".join(problems)


@pytest.mark.timeout(300)
def test_the_allocate_total_follows_the_typing_without_a_send(
    make_session, catalog, new_context, app_server
):
    # The time split is the seniors' workshop's own step.
    links, session, workshop = _filled_session(
        make_session, catalog, "fr", people=0, name="seniors"
    )
    step = next(
        i for i in range(len(workshop.steps)) if workshop.steps[i].exercise == "allocate-time"
    )
    _go(make_session, session, step)
    phone = open_app(new_context("phone", "fr").new_page(), links.participant_url)
    left = phone.locator(".ws-left")
    expect(left).to_have_text(t("fr", "allocate_left", amount="10\u00a0heures"))
    boxes = phone.get_by_role("spinbutton")
    boxes.nth(0).fill("9")
    expect(left).to_have_text(t("fr", "allocate_left", amount="1\u00a0heure"))  # singular
    boxes.nth(1).fill("3")
    expect(left).to_have_text(t("fr", "allocate_too_many", amount="2\u00a0heures"))
    boxes.nth(1).fill("1")
    expect(left).to_have_text(t("fr", "allocate_all_shared", amount="10\u00a0heures"))
    phone.screenshot(path=SHOTS / "phone-allocate-typing.png")


@pytest.mark.timeout(600)
def test_keys_and_clicker_drive_the_console_and_the_notes_are_in_view(
    make_session, catalog, new_context, app_server
):
    links, session, workshop = _filled_session(make_session, catalog, "fr", people=3)
    store = make_session.store
    console = open_app(
        new_context("desktop", "fr", viewport={"width": 1440, "height": 900}).new_page(),
        links.console_url,
    )
    expect(console.get_by_text(t("fr", "console_lobby_title"), exact=True)).to_be_visible()

    def at(step: int) -> None:
        shown = t("fr", "step_of", n=step + 1, total=len(workshop.steps))
        expect(console.get_by_role("heading", name=re.compile(re.escape(shown)))).to_be_visible()
        wait_for_app_run(console)
        assert store.session(session.id).current_step == step

    for key, step in (
        ("PageDown", 0),
        ("ArrowRight", 1),
        (" ", 2),
        ("PageUp", 1),
        ("ArrowLeft", 0),
    ):
        console.keyboard.press(key if key != " " else "Space")
        at(step)
    assert store.step_state(session.id, 0).revealed  # revealed when the session was filled
    console.keyboard.press("r")
    expect(console.get_by_role("button", name=t("fr", "console_reveal"))).to_be_visible()
    assert not store.step_state(session.id, 0).revealed
    expect(console.locator(".ws-shows")).to_contain_text(t("fr", "shows_hidden"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=SHOTS / "console-results-hidden.png")
    console.keyboard.press("r")
    expect(console.get_by_role("button", name=t("fr", "console_hide"))).to_be_visible()
    assert store.step_state(session.id, 0).revealed
    expect(console.locator(".ws-shows")).to_contain_text(t("fr", "shows_results"))
    console.keyboard.press("q")
    expect(console.get_by_role("button", name=t("fr", "console_join_hide"))).to_be_visible()
    assert store.join_shown(session.id)
    expect(console.locator(".ws-shows")).to_contain_text(t("fr", "shows_join"))
    console.keyboard.press("q")
    expect(console.get_by_role("button", name=t("fr", "console_join_show"))).to_be_visible()
    assert not store.join_shown(session.id)
    # The keys are written on the console.
    expect(console.get_by_text(re.compile(re.escape(t("fr", "keys_page_down"))))).to_be_visible()
    # The speaker notes sit inside the first screen, whole.
    notes = console.locator(".st-key-speaker-notes")
    box = notes.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900, box
    # The whole agenda too, no row hidden.
    agenda = console.get_by_test_id("stDataFrame").bounding_box()
    assert agenda is not None and agenda["y"] + agenda["height"] <= 900, agenda
    # The thumbnail is the projector page itself, framed.
    frame = console.frame_locator(".st-key-thumb-frame iframe")
    expect(frame.get_by_test_id("stPlotlyChart")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=SHOTS / "console-1440x900.png")
    # The results per step, for people: an Excel workbook with one sheet per step.
    excel = console.get_by_role("button", name=t("fr", "console_export_xlsx"))
    with console.expect_download() as download:
        excel.click()
    from openpyxl import load_workbook

    assert download.value.suggested_filename.endswith("-results.xlsx")
    download.value.save_as(SHOTS / "results-fr.xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    exercises = [catalog.exercise_for(workshop, i) for i in range(len(workshop.steps))]
    with_results = [e for e in exercises if kind_of(e).answerable(e) and not kind_of(e).private(e)]
    assert len(with_results) < len(exercises)  # talk steps and the private plan: no sheet
    assert len(book.sheetnames) == len(with_results)
    assert book.worksheets[0]["A1"].value == catalog.exercise_for(workshop, 0).title("fr")


@pytest.mark.timeout(300)
def test_phones_online_go_up_and_down(make_session, catalog, new_context, app_server):
    links = make_session("en", at_step=0)
    console = open_app(new_context("desktop", "en").new_page(), links.console_url)
    online = metric_value(console, t("en", "console_joined"))
    joined = metric_value(console, t("en", "console_came"))
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    driver = driver_for(exercise)
    phones = [new_context("phone", "en") for _ in range(3)]
    for person, phone in enumerate(phones):
        page = open_app(phone.new_page(), links.participant_url)
        if person < 2:  # two of them answer, then leave
            driver.fill(main(page), exercise, driver.answer_for(exercise, person, "en"), "en")
            click_button(page, "en", "submit_answer")
            expect(page.get_by_text(t("en", "answer_saved"), exact=True)).to_be_visible()
    expect(online).to_have_text("3")
    phones[0].close()
    phones[1].close()
    expect(online).to_have_text("1")  # left: counted no more
    expect(joined).to_have_text("3")  # but they took part


@pytest.mark.timeout(300)
def test_f_puts_the_projector_in_full_screen(make_session, new_context, app_server):
    links = make_session("fr")
    projector = open_app(new_context("projector", "fr").new_page(), links.projector_url)
    projector.keyboard.press("f")
    projector.wait_for_function("() => !!document.fullscreenElement", timeout=10_000)
    projector.keyboard.press("f")
    projector.wait_for_function("() => !document.fullscreenElement", timeout=10_000)


@pytest.mark.timeout(600)
def test_the_results_page_prints_one_step_per_page(make_session, catalog, new_context, app_server):
    links, _session, workshop = _filled_session(make_session, catalog, "fr")
    results = links.console_url.replace("/console?", "/results?")
    page = open_app(new_context("desktop", "fr").new_page(), results)
    charted = sum(
        not kind_of(catalog.exercise_for(workshop, i)).private(catalog.exercise_for(workshop, i))
        for i in range(len(workshop.steps))
    )
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg').length >= n",
        arg=charted * 3,  # Plotly draws three layers per chart
    )
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "screens" / "results-fr.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(workshop.steps), pages  # one step a page (a long one may take two)
    assert pages <= len(workshop.steps) + 4, pages
