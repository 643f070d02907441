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
    SHOTS.mkdir(parents=True, exist_ok=True)
    box.scroll_into_view_if_needed()
    first.screenshot(path=str(SHOTS / f"create-keep-{lang}-1440x900.png"))
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


ADMIN_KEY = "an admin key for the browser test"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    """A server with an admin key (the suite's shared one has none)."""
    from tests.server import running_server

    folder = tmp_path_factory.mktemp("own-space-admin")
    with running_server(
        f"sqlite:///{folder / 'workshop.db'}",
        log=folder / "server.log",
        extra_env={"WORKSHOP_ADMIN_KEY": ADMIN_KEY},
    ) as server:
        yield server


def test_the_admin_stays_unlocked_after_a_reload_and_every_button_stays_in_view(
    admin_server, new_context, catalog
):
    from modules.service import create_session
    from modules.settings import Settings

    lang, url = "fr", admin_server.url
    browser = new_context("desktop", lang, viewport=LAPTOP)
    page = browser.new_page()
    made_here = _create(page, url, lang)  # the admin's own session, made in this browser
    settings = Settings(database_url=admin_server.env["WORKSHOP_DATABASE_URL"])
    store = store_for(settings.database_url)
    elsewhere = create_session(store, catalog, settings, "starter", lang).code  # the command's

    open_app(page, f"{url}/sessions?lang={lang}")
    main(page).get_by_label(t(lang, "sessions_admin_key")).fill(ADMIN_KEY)
    click_button(page, lang, "sessions_admin_unlock")
    expect(main(page)).to_contain_text(t(lang, "sessions_admin_on"))
    assert ADMIN_KEY not in page.url and "admin" not in page.url
    page.reload()
    wait_for_app_run(page)
    expect(main(page)).to_contain_text(t(lang, "sessions_admin_on"))  # still unlocked
    expect(_card(page, elsewhere)).to_contain_text(t(lang, "sessions_no_key"))
    for size in ({"width": 1440, "height": 900}, {"width": 1280, "height": 720}):
        page.set_viewport_size(size)
        wait_for_app_run(page)
        card = _card(page, made_here)
        for label in ("nav_console", "sessions_results"):
            link = card.get_by_role("link", name=t(lang, label))
            expect(link).to_be_in_viewport()
            box = link.bounding_box()
            assert box is not None and box["x"] + box["width"] <= size["width"], (label, size)
        expect(main(page)).not_to_contain_text("None")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"admin-{lang}-{size['width']}x{size['height']}.png"))
    click_button(page, lang, "sessions_admin_lock")
    page.reload()
    wait_for_app_run(page)
    expect(main(page)).not_to_contain_text(t(lang, "sessions_admin_on"))
    expect(_card(page, elsewhere)).to_have_count(0)
    expect(_card(page, made_here)).to_be_visible()  # its own space stays


def test_the_next_step_on_a_self_paced_phone_starts_at_the_top(app_server, new_context, catalog):
    from modules import pacing
    from modules.service import create_session
    from modules.settings import Settings

    lang = "fr"
    settings = Settings(
        database_url=app_server.env["WORKSHOP_DATABASE_URL"], public_base_url=app_server.url
    )
    store = store_for(settings.database_url)
    links = create_session(store, catalog, settings, "starter", lang, self_paced=True)
    pacing.open_all(store, store.session_by_code(links.code))
    phone = new_context("phone", lang, viewport={"width": 390, "height": 520}).new_page()
    open_app(phone, links.participant_url)
    scroller = phone.get_by_test_id("stMain")
    phone.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 100000)")
    assert scroller.evaluate("e => e.scrollTop") > 0  # the phone is down at the buttons
    click_button(phone, lang, "pace_next")
    expect(main(phone)).to_contain_text(t(lang, "step_of", n=2, total=4))
    expect(phone.get_by_role("heading").first).to_be_in_viewport()
    phone.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop === 0")
