"""What goes wrong in a real room: a reload, a mistyped code, a page opened without its key."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from modules import live
from modules.i18n import t
from tests.e2e.answering import driver_for
from tests.e2e.app import click_button, main, metric_value, open_app, wait_for_app_run

pytestmark = pytest.mark.browser


def test_a_reloaded_phone_keeps_its_identity_and_its_answers(
    make_session, catalog, phone_context, new_context
):
    lang = "en"
    links = make_session(lang, at_step=0)
    store = make_session.store
    session = store.session_by_code(links.code)
    workshop = catalog.workshops[session.workshop_id]
    console = open_app(new_context("desktop", lang).new_page(), links.console_url)
    phone = open_app(phone_context(lang).new_page(), links.participant_url)
    token = phone.url.split("p=")[1]
    joined = metric_value(console, t(lang, "console_joined"))
    expect(joined).to_have_text("1")

    for index in range(len(workshop.steps)):
        exercise = catalog.exercise_for(workshop, index)
        driver = driver_for(exercise)
        if index:
            live.go_to_step(store, store.session(session.id), index)
        step_of = t(lang, "step_of", n=index + 1, total=session.step_count)
        expect(phone.get_by_text(step_of, exact=True)).to_be_visible()
        wait_for_app_run(phone)
        answer = driver.answer_for(exercise, 4, lang)
        driver.fill(main(phone), exercise, answer, lang)
        click_button(phone, lang, "submit_answer")
        expect(phone.get_by_text(t(lang, "answer_saved"), exact=True)).to_be_visible()

        phone.reload()
        wait_for_app_run(phone)
        assert phone.url.split("p=")[1] == token  # the same anonymous person
        expect(phone.get_by_text(t(lang, "answer_saved_change"), exact=True)).to_be_visible()
        driver.expect_shown(main(phone), exercise, answer, lang)
        expect(main(phone).get_by_role("button", name=t(lang, "update_answer"))).to_be_visible()

    console.reload()
    wait_for_app_run(console)
    expect(joined).to_have_text("1")  # reloads did not count as new people
    assert store.counts(session.id)[0] == 1


def test_a_wrong_code_gets_a_clear_message(make_session, app_server, phone_context):
    lang = "fr"
    make_session(lang)
    phone = open_app(phone_context(lang).new_page(), f"{app_server.url}/?code=ZZZZZZ")
    unknown = phone.get_by_text(t(lang, "join_unknown_code"), exact=True)
    expect(unknown).to_be_visible()

    phone = open_app(phone_context(lang).new_page(), f"{app_server.url}/")
    main(phone).get_by_role("textbox", name=t(lang, "join_code_label")).fill("QQ-QQQQ")
    click_button(phone, lang, "join_button")
    expect(phone.get_by_text(t(lang, "join_unknown_code"), exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name=t(lang, "waiting_title"))).to_have_count(0)


@pytest.mark.parametrize("page_name", ["console", "projector"])
@pytest.mark.parametrize("key", [None, "wrong-key-0123456789abcdef"])
def test_facilitator_pages_without_the_key_say_what_is_needed(
    make_session, app_server, new_context, page_name, key
):
    lang = "fr"
    links = make_session(lang, at_step=0)
    query = f"code={links.code}" + (f"&key={key}" if key else "")
    url = f"{app_server.url}/{page_name}?{query}"
    page = open_app(new_context("desktop", lang).new_page(), url)
    needed = "projector_link_needed" if page_name == "projector" else "facilitator_link_needed"
    expect(page.get_by_text(t(lang, needed), exact=True)).to_be_visible()
    expect(main(page).get_by_role("button", name=t(lang, "console_next"))).to_have_count(0)
    expect(page.get_by_text(links.code)).to_have_count(0)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(0)
