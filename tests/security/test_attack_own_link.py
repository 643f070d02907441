"""Attacks on the personal facilitator link (issue 18) and on the admin's browser token.

The personal link (``/sessions?own=…``) lists every session created with it and hands out their
console keys, so it is worth more than any one console key. Against the real server: a guessed
or altered link lists nothing; one facilitator's link never lists another's sessions; a
participant's, projector's or console's secret used as a personal link lists nothing; the
projector, the phone and the create page (before its switch) never print the link; a forged,
foreign or expired admin cookie unlocks nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from modules import access, ownership
from modules.i18n import t
from modules.service import SessionLinks, create_session
from modules.settings import Settings
from tests.security.attack import Served, served
from tests.security.wsclient import Tab, open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
ADMIN_KEY = "the admin key of this very server"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("own-link"), {"WORKSHOP_ADMIN_KEY": ADMIN_KEY}) as running:
        yield running


def _owned(app: Served, token: str, count: int) -> list[SessionLinks]:
    return [
        create_session(app.store, app.catalog, app.settings, "starter", LANG, owner_token=token)
        for _ in range(count)
    ]


def _listed(tab: Tab, codes: list[str]) -> list[str]:
    """Which of ``codes`` the page shows, and every console or results link it offers."""
    shown = [code for code in codes if code in tab.text()]
    links = [url for _label, url in tab.drawn.links if "key=" in url or "view=" in url]
    return shown + links


def _everyone(app: Served) -> list[str]:
    return [session.code for session, _n in app.store.list_sessions(include_archived=True)]


def test_a_guessed_or_altered_personal_link_lists_nothing(app):
    mine = ownership.new_owner_token()
    _owned(app, mine, 2)
    flipped = mine[:-1] + ("A" if mine[-1] != "A" else "B")
    tries = [
        flipped,
        mine[:-4],  # truncated
        mine.upper() if mine.upper() != mine else mine.lower(),
        mine + "x",
        "A" * 43,
        *(ownership.new_owner_token() for _ in range(20)),  # guesses
        "' OR 1=1 --",
        "../" * 20,
    ]

    async def attack() -> dict[str, list[str]]:
        seen = {}
        tab = await open_tab(app.url, "sessions", {"lang": LANG, "own": mine})
        seen["the right link"] = _listed(tab, _everyone(app))
        for guess in tries:
            await tab.set_query(own=guess)
            seen[guess] = _listed(tab, _everyone(app))
        await tab.close()
        return seen

    seen = run(attack())
    assert len([s for s in seen.pop("the right link") if "key=" in s]) >= 2 * 2  # the control
    breaches = {guess: shown for guess, shown in seen.items() if shown}
    assert not breaches, f"a wrong personal link listed sessions: {breaches}"


def test_one_facilitators_link_never_lists_anothers_sessions(app):
    alice, bob = ownership.new_owner_token(), ownership.new_owner_token()
    alices = [links.code for links in _owned(app, alice, 2)]
    bobs = [links.code for links in _owned(app, bob, 3)]

    async def attack() -> tuple[str, list[str]]:
        tab = await open_tab(app.url, "sessions", {"lang": LANG, "own": bob})
        text, links = tab.text(), [url for _label, url in tab.drawn.links]
        await tab.close()
        return text, links

    text, links = run(attack())
    assert all(code in text for code in bobs)
    assert not [code for code in alices if code in text or any(code in url for url in links)]
    keyed = [parse_qs(urlsplit(url).query) for url in links if "code=" in url]
    assert len(keyed) == 3 * 3  # console, projector, results for each of Bob's sessions
    assert {query["code"][0] for query in keyed} == set(bobs)  # every key opens Bob's only


def test_participant_projector_and_console_secrets_are_not_personal_links(app):
    owner = ownership.new_owner_token()
    [links] = _owned(app, owner, 1)
    participant = "phone-token-of-a-participant-1234567890ab"
    secrets_of_others = {
        "console key": links.facilitator_key,
        "projector token": links.projector_token,
        "participant token": participant,
        "join code": links.code,
        "admin key": ADMIN_KEY,
        "digest of the link": ownership.owner_digest(owner),
    }

    async def attack() -> dict[str, list[str]]:
        seen = {}
        for name, secret in secrets_of_others.items():
            tab = await open_tab(app.url, "sessions", {"lang": LANG, "own": secret})
            seen[name] = _listed(tab, [links.code])
            await tab.close()
        # The projector's and a phone's own query strings, carried over to the sessions page.
        for name, url in (
            ("projector link", links.projector_url),
            ("participant link", f"{links.participant_url}&p={participant}"),
        ):
            tab = await open_tab(app.url, url)
            await tab.goto("sessions", urlsplit(url).query)
            seen[name] = _listed(tab, [links.code])
            await tab.close()
        return seen

    seen = run(attack())
    assert not {name: shown for name, shown in seen.items() if shown}


def test_the_personal_link_is_printed_on_no_screen_the_room_sees(app):
    owner = ownership.new_owner_token()
    [links] = _owned(app, owner, 1)
    cookie = f"{'ws_own'}={owner}"  # the facilitator's browser keeps the link

    async def look() -> dict[str, Tab]:
        pages = {
            "projector": await open_tab(app.url, links.projector_url, cookies=cookie),
            "phone": await open_tab(app.url, links.participant_url, cookies=cookie),
            "console": await open_tab(app.url, links.console_url, cookies=cookie),
        }
        create = await open_tab(app.url, "facilitate", {"lang": LANG})
        await create.click(t(LANG, "facilitate_create"))
        pages["create page"] = create
        for tab in pages.values():
            await tab.close()
        return pages

    pages = run(look())
    leaks = []
    for name, tab in pages.items():
        printed = tab.text() + " ".join(url for _label, url in tab.drawn.links)
        if owner in printed or "/sessions?own=" in printed:
            leaks.append(f"{name}: {printed[:2000]}")
    assert not leaks, f"the personal link is printed on: {leaks}"
    create = pages["create page"]
    assert t(LANG, "own_created_keep") in create.text()  # the create page did make a link
    assert create.button(t(LANG, "own_show")) is not None  # behind its switch, not printed


def test_the_personal_link_from_the_create_page_lists_what_it_created(app):
    async def create_then_open() -> tuple[str, str]:
        create = await open_tab(app.url, "facilitate", {"lang": LANG})
        await create.click(t(LANG, "facilitate_create"))
        code = next(text for text in create.text().split("\n") if text.startswith("Join code"))
        await create.click(t(LANG, "own_show"))
        [link] = [c for c in create.drawn.codes if "/sessions?own=" in c]
        await create.close()
        space = await open_tab(app.url, link)
        text = space.text()
        await space.close()
        return code.split(": ")[1], text

    code, text = run(create_then_open())
    assert code in text


def test_a_forged_foreign_or_expired_admin_cookie_unlocks_nothing(app):
    owner = ownership.new_owner_token()
    [links] = _owned(app, owner, 1)
    now = time.time()
    other_server = Settings(admin_key="another server's admin key")
    good = access.admin_browser_token(app.settings, now)
    assert good is not None
    expires, nonce, mac = good.split(".")
    forged = {
        "made up": "9999999999.abc.def",
        "other server's": access.admin_browser_token(other_server, now),
        "expired": _expired(app.settings, now),
        "extended": f"{int(expires) + 86400}.{nonce}.{mac}",
        "other nonce": f"{expires}.x{nonce}.{mac}",
        "the admin key itself": ADMIN_KEY,
    }

    async def attack() -> tuple[dict[str, str], str]:
        seen = {}
        for name, value in forged.items():
            tab = await open_tab(app.url, "sessions", {"lang": LANG}, cookies=f"ws_admin={value}")
            seen[name] = tab.text()
            await tab.close()
        tab = await open_tab(app.url, "sessions", {"lang": LANG}, cookies=f"ws_admin={good}")
        right = tab.text()
        await tab.close()
        return seen, right

    seen, right = run(attack())
    assert t(LANG, "sessions_admin_on") in right and links.code in right  # the control
    unlocked = [name for name, text in seen.items() if t(LANG, "sessions_admin_on") in text]
    assert not unlocked, f"these admin cookies unlocked the list: {unlocked}"
    assert not [name for name, text in seen.items() if links.code in text]


def _expired(settings: Settings, now: float) -> str:
    token = access.admin_browser_token(settings, now - access.ADMIN_BROWSER_HOURS * 3600 - 5)
    assert token is not None
    return token
