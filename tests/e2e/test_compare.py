"""Results → Compare groups in Chromium: two demo rooms of the 90-minute workshop, a chart with
data for every charted step, pictures of the page at 1440×900 (test-artifacts/compare/).

Also the offers board: once revealed, the texts by category beside the chart on a 1280×720
beamer, moderated, hostile texts inert.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from modules import PROJECT_ROOT, live
from modules.demo import create_demo_session
from modules.i18n import t
from modules.identity import digest
from modules.kinds import kind_of
from modules.moderation import set_hidden
from modules.service import submit_answer
from tests.e2e.app import act, main, open_app
from tests.e2e.test_hostile import INJECTED

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.timeout(900)]

SHOTS = PROJECT_ROOT / "test-artifacts" / "compare"
LAPTOP = {"width": 1440, "height": 900}
BEAMER = {"width": 1280, "height": 720}
WORKSHOP = "relations-90"

# What each compared step's chart holds in the browser: per trace, how many values it draws
# and whether they are all numbers.
_TRACES = """
(key) => {
  const box = document.querySelector('.st-key-' + key);
  const plot = box && box.querySelector('.js-plotly-plot');
  if (!plot || !plot.data) return null;
  return plot.data.map((trace) => {
    const values = Array.from(trace.x ?? [], Number);
    return {name: trace.name, n: values.length, finite: values.every(Number.isFinite)};
  });
}
"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_rooms_compare_with_a_chart_for_every_charted_step(
    lang, make_session, catalog, new_context
):
    first = create_demo_session(make_session.settings, workshop_id=WORKSHOP, lang=lang)
    second = create_demo_session(
        make_session.settings, workshop_id=WORKSHOP, lang=lang, surprise=True
    )
    workshop = catalog.workshops[WORKSHOP]
    exercises = [catalog.exercise_for(workshop, i) for i in range(len(workshop.steps))]
    charted = [i for i, e in enumerate(exercises) if not kind_of(e).private(e)]

    page = new_context("desktop", lang, viewport=LAPTOP).new_page()
    open_app(page, first.console_url.replace("/console?", "/results?"))
    main(page).get_by_role("tab", name=t(lang, "results_tab_compare")).click()
    box = main(page).get_by_label(t(lang, "compare_paste"))
    box.fill(second.console_url)
    act(page, lambda: box.press("Control+Enter"))
    last = f"compare-step-{charted[-1]}"
    page.wait_for_function(f"(key) => ({_TRACES.strip()})(key) !== null", arg=last, timeout=60_000)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{lang}-page-1440x900.png")  # what the tab opens on
    for index in charted:
        key = f"compare-step-{index}"
        traces = page.evaluate(_TRACES, key)
        assert traces, f"step {index + 1} has no chart"
        assert all(trace["n"] > 0 and trace["finite"] for trace in traces), (index + 1, traces)
        names = " ".join(str(trace["name"]) for trace in traces)
        step = page.locator(f".st-key-{key}")
        # The app scrolls inside its own pane: a step taller than the window is pictured whole
        # in a window as tall as it (the width stays the laptop's 1440 pixels).
        tall = step.evaluate("(el) => el.getBoundingClientRect().height")
        page.set_viewport_size({"width": LAPTOP["width"], "height": max(900, int(tall) + 120)})
        step.scroll_into_view_if_needed()
        step.screenshot(path=SHOTS / f"{lang}-step-{index + 1:02d}-{exercises[index].kind}.png")
        page.set_viewport_size(LAPTOP)
        if exercises[index].kind in ("choice", "quiz", "words", "rank", "offers", "quadrant"):
            assert first.code in names and second.code in names, (index + 1, names)


def test_the_offers_board_lists_revealed_texts_by_category_inert_and_moderated(
    make_session, catalog, new_context
):
    lang = "en"
    store, settings = make_session.store, make_session.settings
    workshop = catalog.workshops[WORKSHOP]
    index = next(
        i for i in range(len(workshop.steps)) if catalog.exercise_for(workshop, i).kind == "offers"
    )
    exercise = catalog.exercise_for(workshop, index)
    links = make_session(lang, workshop=WORKSHOP, at_step=index)
    session = store.session_by_code(links.code)
    categories = [c.id for c in exercise.categories]
    hostile = '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">click</a>'
    texts = [
        ("offers", categories[0], "Twenty years in logistics, happy to review a CV"),
        ("needs", categories[1], "Someone who works in a hospital"),
        ("offers", categories[1], hostile),
        ("needs", categories[0], "Feedback on my portfolio"),
        ("offers", categories[2], "Text the facilitator hides"),
        ("offers", categories[3], "Mock interviews on Tuesdays"),
    ]
    for number, (side, category, text) in enumerate(texts):
        person = store.join(session.id, digest(f"board-{number}"), max_participants=50)
        raw = {"offers": [], "needs": [], side: [{"category": category, "text": text}]}
        submit_answer(store, settings, session, exercise, index, person, raw)
    set_hidden(store, session, index, "Text the facilitator hides", True)
    live.set_revealed(store, store.session(session.id), True, index)

    projector = new_context("projector", lang, viewport=BEAMER).new_page()
    dialogs: list[str] = []
    projector.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(projector, links.projector_url)
    board = projector.locator(".ws-board")
    expect(board).to_contain_text("Twenty years in logistics")
    expect(board).to_contain_text("Someone who works in a hospital")
    expect(board).to_contain_text("onerror=alert(1)")  # shown as typed, as text
    expect(board).not_to_contain_text("Text the facilitator hides")
    assert projector.locator(INJECTED).count() == 0 and not dialogs
    # The board fits the beamer: nothing of it runs below the screen.
    bottom = board.evaluate("(el) => el.getBoundingClientRect().bottom")
    assert bottom <= BEAMER["height"], bottom
    SHOTS.mkdir(parents=True, exist_ok=True)
    projector.screenshot(path=SHOTS / "offers-board-projector-1280x720.png")

    results = new_context("desktop", lang, viewport=LAPTOP).new_page()
    open_app(results, links.console_url.replace("/console?", "/results?"))
    listed = results.locator(".ws-board")
    expect(listed).to_contain_text("Mock interviews on Tuesdays")
    expect(listed).not_to_contain_text("Text the facilitator hides")
    assert results.locator(INJECTED).count() == 0
    listed.scroll_into_view_if_needed()
    results.screenshot(path=SHOTS / "offers-board-results-1440x900.png")
