"""axe-core in the real pages: no serious or critical violation caused by our own markup.

axe-core (bundled by ``axe-playwright-python``, no download) runs in the participant's phone
pages, the console and the projector, each in the state a room sees. Streamlit's own widgets
are checked too; the few rules they break themselves are excluded below by selector and rule,
each with the reason, so a violation in our markup still fails.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from modules import live
from modules.i18n import t
from modules.identity import digest, new_participant_token
from modules.service import submit_answer
from tests.e2e.answering import driver_for
from tests.e2e.app import open_app, wait_for_app_run

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
# (rule id, CSS selector) pairs of Streamlit's own markup that break a rule we cannot fix from
# the app. Keep each with its reason; never exclude a whole rule or a page.
STREAMLIT_OWN: list[tuple[str, str, str]] = []


def _violations(page: Page) -> list[dict]:
    """Serious and critical axe violations on the page as drawn now, minus Streamlit's own."""
    wait_for_app_run(page)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [
            (node["target"], node["html"][:200])
            for node in violation["nodes"]
            if not any(
                rule == violation["id"] and _inside(page, node["target"], selector)
                for rule, selector, _why in STREAMLIT_OWN
            )
        ]
        if nodes:
            found.append({"rule": violation["id"], "help": violation["help"], "nodes": nodes})
    return found


def _inside(page: Page, target: list[str], selector: str) -> bool:
    return page.evaluate(
        "([target, selector]) => !!document.querySelector(target)?.closest(selector)",
        [target[-1], selector],
    )


def _session_with_answers(make_session, catalog, lang: str, *, people: int = 3):
    """A session whose every step holds enough revealed answers for the projector's chart."""
    links = make_session(lang)
    store, settings = make_session.store, make_session.settings
    session = store.session_by_code(links.code)
    workshop = catalog.workshops[session.workshop_id]
    participants = [
        store.join(session.id, digest(new_participant_token()), max_participants=100)
        for _ in range(people)
    ]
    for step in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, step)
        live.open_step(store, session, step)
        live.set_revealed(store, session, True, step)
        for person, participant in enumerate(participants):
            value = driver_for(exercise).answer_for(exercise, person, lang)
            submit_answer(store, settings, session, exercise, step, participant, value)
    return links, session, workshop


def test_axe_finds_nothing_serious_on_the_phone_console_and_projector(
    make_session, catalog, app_server, phone_context, projector_context, new_context
):
    lang = "fr"
    report: dict[str, list[dict]] = {}
    phone = phone_context(lang).new_page()
    open_app(phone, f"{app_server.url}/")
    report["join page"] = _violations(phone)

    lobby = make_session(lang)
    open_app(phone, lobby.participant_url)
    expect(phone.get_by_text(t(lang, "waiting_title"))).to_be_visible()
    report["phone lobby"] = _violations(phone)
    projector = projector_context(lang).new_page()
    open_app(projector, lobby.projector_url)
    report["projector lobby"] = _violations(projector)

    links, session, workshop = _session_with_answers(make_session, catalog, lang)
    open_app(phone, links.participant_url)
    open_app(projector, links.projector_url)
    for step in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, step)
        live.go_to_step(make_session.store, make_session.store.session(session.id), step)
        expect(phone.get_by_text(exercise.title(lang), exact=True)).to_be_visible()
        report[f"phone, {exercise.kind} step"] = _violations(phone)
        expect(projector.get_by_text(exercise.title(lang), exact=True).first).to_be_visible()
        # The last step's chart stays on screen until the new step's run has finished: wait
        # for that run, then for its one chart.
        wait_for_app_run(projector)
        expect(projector.get_by_test_id("stPlotlyChart")).to_have_count(1)
        expect(projector.get_by_test_id("stPlotlyChart").first).to_be_visible()
        report[f"projector, {exercise.kind} chart"] = _violations(projector)
    console = open_app(new_context("desktop", lang).new_page(), links.console_url)
    report["console"] = _violations(console)

    failing = {where: found for where, found in report.items() if found}
    assert not failing, "\n".join(f"{where}: {found}" for where, found in failing.items())
