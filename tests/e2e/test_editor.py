"""The workshop editor in a real browser.

1. A counsellor builds a three-step workshop from scratch in French and English (a choice, a
   words and a quiz step), previews a step as a phone and as the projector, saves it, downloads
   the YAML (``workshop check`` accepts it), starts a session from the create page, and two
   phones answer while the projector charts them.
2. A step edited after a session started leaves that session exactly as it was.

Screenshots of the editor at 1440×900, 1920×1080 and 1024×768 land in
``test-artifacts/screenshots/editor-*.png``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from modules import cli, live
from modules.authoring import library
from modules.authoring.access import Author
from modules.authoring.document import document_of
from modules.i18n import t
from modules.identity import digest
from modules.service import create_session, store_for
from modules.settings import Settings
from modules.snapshots import session_workshop
from tests.e2e.app import act, click_button, main, open_app

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.timeout(900)]

LANG = "fr"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">Choix'
ODD_TITLE = "=SOMME(A1) ' OR '1'='1 👩‍💻 Choix"  # odd but harmless: kept exactly as typed


def field(page: Page, path: str) -> Locator:
    """The text box or number box the editor keys by the field's path (any generation)."""
    return keyed(page, path).locator("input, textarea").first


def keyed(page: Page, path: str) -> Locator:
    """The element whose widget key ends with ``path`` (Streamlit writes "/" and "|" as "-")."""
    dashed = path.replace("/", "-")
    return page.locator(f'[class*="st-key-"][class*="-{dashed} "]').last


def type_in(page: Page, path: str, text: str) -> None:
    target = field(page, path)
    target.fill(text)
    act(
        page,
        lambda: (
            target.press("Tab")
            if target.evaluate("e => e.tagName") == "TEXTAREA"
            else target.press("Enter")
        ),
    )


def choose(page: Page, key_part: str, option: str) -> None:
    """Pick ``option`` in the select box whose key holds ``key_part``."""
    box = keyed(page, key_part).get_by_role("combobox")
    box.click()
    box.fill(option)  # the list filters as one types, as a person narrows it
    act(page, page.get_by_role("option", name=re.compile("^" + re.escape(option))).first.click)


def add_kind(page: Page, kind: str) -> None:
    choose(page, "editor-new-kind", t(LANG, f"kind_{kind}"))
    act(page, page.locator(".st-key-editor-new button").click)


def fill_bilingual(page: Page, path: str, french: str, english: str) -> None:
    type_in(page, f"{path}/fr", french)
    type_in(page, f"{path}/en", english)


def test_a_workshop_built_from_scratch_runs_on_two_phones(app_server, new_context, tmp_path):
    author = new_context("desktop", LANG).new_page()
    author.set_viewport_size({"width": 1440, "height": 900})
    open_app(author, f"{app_server.url}/editor?lang={LANG}")
    author.screenshot(path=str(SHOTS / "editor-start-1440.png"))
    act(author, author.locator(".st-key-editor-blank button").click)
    type_in(author, "workshop/id", "mon-atelier")
    fill_bilingual(author, "workshop/title", "Mon atelier", "My workshop")
    fill_bilingual(author, "workshop/summary", "Trois questions.", "Three questions.")

    add_kind(author, "choice")
    fill_bilingual(author, "exercises/0/title", HOSTILE_TITLE, "Choice")
    # a title with markup is refused beside its field, shown as typed, and runs nothing
    refused = t(LANG, "check_no_html")
    expect(main(author).get_by_text(refused)).to_be_visible()
    expect(main(author).get_by_text(HOSTILE_TITLE, exact=False).first).to_be_visible()
    assert author.evaluate("() => window.__xss === undefined")
    type_in(author, "exercises/0/title/fr", ODD_TITLE)
    fill_bilingual(author, "exercises/0/prompt", "Café ou événement ?", "Coffee or event?")
    fill_bilingual(author, "exercises/0/options/0/label", "Un café", "A coffee")
    fill_bilingual(author, "exercises/0/options/1/label", "Un événement", "An event")
    type_in(author, "workshop/steps/0/minutes", "3")

    add_kind(author, "words")
    fill_bilingual(author, "exercises/1/title", "Trois mots", "Three words")
    fill_bilingual(author, "exercises/1/prompt", "Vos trois mots ?", "Your three words?")

    add_kind(author, "quiz")
    fill_bilingual(author, "exercises/2/title", "Vrai ou faux", "True or false")
    fill_bilingual(author, "exercises/2/prompt", "On réseaute tous.", "Everyone networks.")
    fill_bilingual(author, "exercises/2/explanation", "Oui, à sa façon.", "Yes, in one's own way.")
    expect(main(author)).to_contain_text("statement_is")  # the check says what is missing
    choose(author, "exercises/2/statement_is", t(LANG, "editor_yes"))

    expect(main(author).get_by_text(t(LANG, "editor_ok"))).to_be_visible()

    act(author, author.locator(".st-key-editor-preview button").click)
    phone_frame = author.frame_locator(f'iframe[title="{t(LANG, "editor_preview_phone")}"]')
    expect(phone_frame.get_by_text("On réseaute tous.").first).to_be_visible()
    projector_frame = author.frame_locator(f'iframe[title="{t(LANG, "editor_preview_projector")}"]')
    expect(projector_frame.get_by_text("Vrai ou faux").first).to_be_visible()
    for name, size in {"1440": (1440, 900), "1920": (1920, 1080), "1024": (1024, 768)}.items():
        author.set_viewport_size({"width": size[0], "height": size[1]})
        author.wait_for_timeout(500)  # the columns settle (pictures only: nothing is asserted)
        main(author).get_by_role("heading", level=1).scroll_into_view_if_needed()
        author.screenshot(path=str(SHOTS / f"editor-top-{name}.png"))
        author.locator(".st-key-editor-projector").scroll_into_view_if_needed()
        author.screenshot(path=str(SHOTS / f"editor-preview-{name}.png"))
    author.set_viewport_size({"width": 1440, "height": 900})

    # The preview's frames opened sockets of their own on this page, so act() cannot tell the
    # editor's run apart from theirs here: the save is waited for by what it shows.
    main(author).get_by_role("button", name=t(LANG, "editor_save")).click()
    expect(main(author).get_by_text(t(LANG, "editor_saved", n=1))).to_be_visible()
    with author.expect_download() as download:
        author.locator(".st-key-editor-download button").click()
    saved = tmp_path / "mon-atelier.yaml"
    download.value.save_as(saved)
    assert cli.main(["check", str(saved)]) == 0

    start = main(author).get_by_role("link", name=t(LANG, "editor_start_session"))
    creator = author.context.new_page()
    open_app(creator, f"{app_server.url}/{start.get_attribute('href')}")
    chosen = main(creator).get_by_role("combobox", name=t(LANG, "facilitate_workshop"))
    mine = t(LANG, "facilitate_mine", title="Mon atelier", version=1)
    expect(chosen).to_have_value(re.compile("^" + re.escape(mine)))
    threshold = main(creator).get_by_role("spinbutton", name=t(LANG, "facilitate_threshold"))
    threshold.fill("2")
    click_button(creator, LANG, "facilitate_create")
    code = main(creator).get_by_test_id("stMetricValue").first.inner_text().strip()

    store = store_for(app_server.env["WORKSHOP_DATABASE_URL"])
    session = store.session_by_code(code)
    assert session is not None and session.workshop_id == "mon-atelier"
    live.go_to_step(store, session, 0)
    projector_link = main(creator).get_by_role("link", name=t(LANG, "room_open_projector"))
    projector_url = projector_link.get_attribute("href")
    phones = [new_context("phone", LANG).new_page() for _ in range(2)]
    for number, phone in enumerate(phones):
        open_app(phone, f"{app_server.url}/?code={code}")
        expect(main(phone).get_by_text(ODD_TITLE)).to_be_visible()
        option = ("Un café", "Un événement")[number]
        main(phone).locator("label").filter(has_text=option).click()
        click_button(phone, LANG, "submit_answer")
        expect(main(phone).get_by_text(t(LANG, "answer_saved"))).to_be_visible()
    live.set_revealed(store, store.session(session.id), True)
    projector = new_context("projector", LANG).new_page()
    open_app(projector, projector_url)
    expect(main(projector).get_by_test_id("stPlotlyChart")).to_be_visible()
    expect(main(projector).get_by_text(ODD_TITLE)).to_be_visible()
    assert projector.evaluate("() => window.__xss === undefined")
    projector.screenshot(path=str(SHOTS / "editor-session-projector.png"))

    live.go_to_step(store, store.session(session.id), 1)
    for number, phone in enumerate(phones):
        box = main(phone).get_by_role("textbox", name=t(LANG, "words_nth", n=1), exact=True)
        expect(box).to_be_visible()
        box.fill(("confiance", "écoute")[number])
        click_button(phone, LANG, "submit_answer")
    live.set_revealed(store, store.session(session.id), True)
    expect(main(projector).get_by_text("Trois mots", exact=True)).to_be_visible()
    counted = t(LANG, "projector_answers", n=2)
    expect(main(projector).get_by_text(counted, exact=False)).to_be_visible()
    expect(main(projector).get_by_test_id("stPlotlyChart")).to_be_visible()


SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)


def test_a_step_edited_after_the_start_leaves_the_running_session_unchanged(
    app_server, new_context, catalog
):
    database_url = app_server.env["WORKSHOP_DATABASE_URL"]
    store = store_for(database_url)
    token = "editor-test-token-0123456789"
    author = Author(f"browser:{digest(token)}", "browser")
    document = document_of(catalog, catalog.workshops["starter"])
    document["workshop"]["id"] = "a-modifier"
    library.save(store, author, document, catalog)
    (item,) = library.mine(store, author, catalog)
    settings = Settings(database_url=database_url, public_base_url=app_server.url)
    links = create_session(store, catalog, settings, "", LANG, workshop=item.workshop)
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 3)
    before = catalog.exercise_for(item.workshop, 3).title(LANG)

    page = new_context("desktop", LANG).new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/editor?author={token}")
    act(page, page.locator(".st-key-open-a-modifier button").click)
    radio = main(page).get_by_role("radiogroup")
    act(page, radio.locator("label").nth(3).click)
    type_in(page, "exercises/3/title/fr", "Titre changé après le début")
    click_button(page, LANG, "editor_save")
    expect(main(page).get_by_text(t(LANG, "editor_saved", n=2))).to_be_visible()

    phone = new_context("phone", LANG).new_page()
    open_app(phone, links.participant_url)
    expect(main(phone).get_by_text(before)).to_be_visible()
    expect(main(phone).get_by_text("Titre changé après le début")).to_have_count(0)
    projector = new_context("projector", LANG).new_page()
    open_app(projector, links.projector_url)
    expect(main(projector).get_by_text(before).first).to_be_visible()
    running = session_workshop(store, catalog, store.session(session.id))
    assert running is not None and catalog.exercise_for(running, 3).title(LANG) == before
    saved = store.authored_version(author.owner, "a-modifier")
    assert saved is not None and saved.version == 2
    assert re.search("Titre changé", str(saved.document))
