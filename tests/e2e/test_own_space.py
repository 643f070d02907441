"""A facilitator's own space in a real browser: three sessions created in three tabs belong to
one personal link, and a fourth tab opened on that link manages all three (console, archive,
delete, results with the comparison), with no link pasted anywhere. Screenshots of the space
at 1440 × 900 and 390 × 844, in French and English, go to ``test-artifacts/own-space/``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from modules.i18n import t
from modules.service import store_for
from tests.e2e.app import act, click_button, main, metric_value, open_app, wait_for_app_run
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

SHOTS = ARTIFACTS / "own-space"
LAPTOP = {"width": 1440, "height": 900}


def _create(page: Page, url: str, lang: str) -> str:
    """One session from the create page, as a facilitator makes it; returns its join code."""
    open_app(page, f"{url}/facilitate?lang={lang}")
    click_button(page, lang, "facilitate_create")
    code = metric_value(page, t(lang, "join_code"))
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    return code.inner_text()


def _card(page: Page, code: str):
    return page.locator(f".st-key-session-{code}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_three_sessions_from_three_tabs_are_managed_from_a_fourth(app_server, new_context, lang):
    url = app_server.url
    browser = new_context("desktop", lang, viewport=LAPTOP)
    first = browser.new_page()
    codes = [_create(first, url, lang)]
    box = first.locator(".st-key-own-keep-box")
    expect(box).to_contain_text(t(lang, "own_created_keep")[:40])
    own_link = box.get_by_test_id("stCode")
    expect(own_link).to_have_count(0)  # behind its switch: a mirrored screen shows no link
    act(first, lambda: box.get_by_text(t(lang, "own_show")).click())
    link = own_link.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(url)}/sessions\?own=[A-Za-z0-9_-]{{40,}}", link), link
    for _ in range(2):  # two more tabs of the same browser: the same personal space
        tab = browser.new_page()
        codes.append(_create(tab, url, lang))
        expect(main(tab)).to_contain_text(t(lang, "own_added"))
        expect(tab.locator(".st-key-own-keep-box")).to_have_count(0)  # shown once only

    manager = open_app(browser.new_page(), link)  # the fourth tab, on the personal link
    for code in codes:
        expect(_card(manager, code)).to_be_visible()
    expect(main(manager)).to_contain_text(t(lang, "own_intro", n=3)[:20])
    _screenshots(manager, lang, "space")

    console, results, archived, deleted = codes[0], codes[0], codes[1], codes[2]
    with browser.expect_page() as opened:  # the console, in a new tab, with no key pasted
        _card(manager, console).get_by_role("link", name=t(lang, "nav_console")).click()
    wait_for_app_run(opened.value)
    expect(opened.value.get_by_role("button", name=t(lang, "console_next"))).to_be_visible()

    click = _card(manager, archived).get_by_role("button", name=t(lang, "sessions_archive_short"))
    act(manager, click.click)
    expect(_card(manager, archived)).to_contain_text(t(lang, "sessions_archived"))

    _card(manager, deleted).get_by_role("button", name=t(lang, "sessions_delete_short")).click()
    popover = manager.get_by_test_id("stPopoverBody")
    popover.get_by_label(t(lang, "sessions_delete_confirm")).fill(deleted)
    act(manager, popover.get_by_role("button", name=t(lang, "sessions_delete")).click)
    expect(main(manager)).to_contain_text(t(lang, "sessions_deleted"))
    expect(_card(manager, deleted)).to_have_count(0)
    store = store_for(app_server.env["WORKSHOP_DATABASE_URL"])
    assert store.session_by_code(deleted) is None
    assert store.session_by_code(archived).archived

    with browser.expect_page() as opened:  # results, and the comparison with the other one
        _card(manager, results).get_by_role("link", name=t(lang, "sessions_results")).click()
    shown = opened.value
    wait_for_app_run(shown)
    shown.get_by_role("tab", name=t(lang, "results_tab_compare")).click()  # no rerun
    expect(main(shown)).not_to_contain_text(t(lang, "compare_none"))
    expect(main(shown).get_by_test_id("stMultiSelect")).to_contain_text(archived)

    creating = browser.new_page()  # "Your sessions" from the create page: the same space
    open_app(creating, f"{url}/facilitate?lang={lang}")
    with browser.expect_page() as opened:  # a new tab, which holds no key of its own
        main(creating).get_by_role("link", name=t(lang, "sessions_link")).click()
    wait_for_app_run(opened.value)
    expect(_card(opened.value, console)).to_be_visible()
    expect(_card(opened.value, archived)).to_be_visible()
    assert "own=" not in opened.value.url  # found by the browser, not by a key in the URL


def _screenshots(page: Page, lang: str, name: str) -> None:
    """The laptop view, then a phone's: its top, and its first session card (Streamlit's page
    scrolls inside its own container, so a full-page picture would stop at the screen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-1440x900.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    wait_for_app_run(page)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-390x844.png"))
    page.locator("[class*='st-key-session-']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-390x844-card.png"))
    page.set_viewport_size(LAPTOP)
    wait_for_app_run(page)
