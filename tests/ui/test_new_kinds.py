"""The talk, quiz and wall kinds through the real pages: phones, projector and console."""

from __future__ import annotations

import re

import pytest
from google.protobuf import text_format

from modules import live, timer
from modules.service import create_session, store_for
from modules.text import text_digest
from tests.kinds.test_wall import NEW_KINDS
from tests.ui.apptest import chart_traces, page, texts

TALK, QUIZ, WALL, QUIZ_OPTIONS, TALK_SILENT = range(5)
EXPLANATION = "You ask for advice, an opinion, a name"


@pytest.fixture
def room(app_env, monkeypatch):
    monkeypatch.setenv("WORKSHOP_EXERCISES_DIR", str(NEW_KINDS))
    from modules.catalog import load_catalog

    catalog = load_catalog(NEW_KINDS)
    store = store_for(app_env.database_url)
    links = create_session(store, catalog, app_env, "new-kinds", "en")
    return store, links


def everything_sent(app) -> str:
    """Every element the server sent to this browser, in protobuf text (UTF-8, unescaped)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        children = getattr(node, "children", {})
        for child in children.values() if isinstance(children, dict) else children:
            walk(child)

    walk(app._tree)
    return "\n".join(parts)


def go(store, links, index):
    """Move on as the console's Next does: a ``reveal: live`` step starts revealed."""
    from modules.catalog import load_catalog

    catalog = load_catalog(NEW_KINDS)
    exercise = catalog.exercise_for(catalog.workshops["new-kinds"], index)
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, index, reveal_live=live.reveals_live(exercise))
    return store.session_by_code(links.code)


def facilitator(name, links):
    """The console opens with the facilitator key, the projector with its own view-only token."""
    if name == "projector":
        return page(name, code=links.code, view=links.projector_token, lang="en")
    return page(name, code=links.code, key=links.facilitator_key, lang="en")


# -- quiz ----------------------------------------------------------------------------------------


def test_no_phone_can_read_the_quiz_answer_before_the_reveal(room):
    store, links = room
    go(store, links, QUIZ)
    phones = [page("participate", code=links.code, lang="en") for _ in range(3)]
    for phone, pick in zip(phones, ["True", "True", "False"], strict=True):
        assert phone.radio[0].options == ["True", "False"]
        phone.radio[0].set_value(pick)
        phone.button[0].click().run()
        sent = everything_sent(phone)
        assert EXPLANATION not in sent and "The answer" not in sent and "✓" not in sent
    projector = facilitator("projector", links)
    assert "3 answers" in texts(projector) and not projector.get("plotly_chart")
    assert EXPLANATION not in everything_sent(projector)
    console = facilitator("console", links)
    assert "The answer: False" in texts(console)  # the facilitator knows it all along

    live.close_step(store, store.session_by_code(links.code))  # the split, not the answer
    projector.run()
    [bars] = chart_traces(projector)
    assert bars["y"] == ["True", "False"] and len(set(bars["marker"]["color"])) == 1
    for phone in phones:
        phone.run()
        sent = everything_sent(phone)
        assert "The group’s answers" in texts(phone)
        assert EXPLANATION not in sent and "The answer" not in sent and "✓" not in sent
    assert EXPLANATION not in everything_sent(projector)

    live.set_revealed(store, store.session_by_code(links.code), True)
    projector.run()
    [bars] = chart_traces(projector)
    assert bars["y"] == ["True", "✓ False"]
    assert "The answer: False" in texts(projector) and EXPLANATION in texts(projector)
    phones[0].run()
    assert "The answer: False" in texts(phones[0]) and EXPLANATION in texts(phones[0])
    assert EXPLANATION in everything_sent(phones[0])  # what was checked absent can be seen
    [table] = [h.proto.body for h in phones[0].get("html") if 'class="mg"' in h.proto.body]
    assert "False ✓" in table and re.search(r'<tr class="m"><td class="l">True \(you\)', table)


# -- talk ----------------------------------------------------------------------------------------


def test_a_talk_step_shows_pairing_and_turns_and_keeps_notes_private(room):
    store, links = room
    go(store, links, TALK)
    projector = facilitator("projector", links)
    shown = texts(projector)
    assert "Turn to the person on your left" in shown
    assert "Find your partner: the exchange starts with the countdown." in shown
    assert "speaks without notes." in shown and "Rounds: 2 · 1:00 per person" in shown
    assert "answers" not in shown and "private" not in shown  # nothing to count on the wall
    console = facilitator("console", links)
    assert "Round 2 of 2: B speaks (1:00)" in texts(console)
    timer.start(store, store.session_by_code(links.code), 5)
    projector.run()
    assert re.search(r"Round 1 of 2 · A speaks · [01]:\d\d left", texts(projector))

    phones = [page("participate", code=links.code, lang="en") for _ in range(3)]
    assert "listens, then says what stayed with them." in texts(phones[0])
    for number, phone in enumerate(phones):
        phone.text_input[0].input(f"secret note {number}")
        phone.button[0].click().run()
        assert "your answer is saved" in texts(phone)
        assert phone.text_input[0].value == f"secret note {number}"
    live.set_revealed(store, store.session_by_code(links.code), True)
    projector.run()
    console.run()
    for screen in (projector, console):
        assert "Turn to the person on your left" in everything_sent(screen) or screen is console
        assert "secret note" not in everything_sent(screen)
        assert not screen.get("plotly_chart")


def test_a_talk_without_a_note_gives_phones_nothing_to_send(room):
    store, links = room
    go(store, links, TALK_SILENT)
    phone = page("participate", code=links.code, lang="en")
    assert not phone.get("form_submit_button") and not phone.text_input
    shown = texts(phone)
    assert "Make groups of three" in shown and "order: A, B, C" in shown
    assert "Anonymous" not in shown


# -- wall ----------------------------------------------------------------------------------------


def test_phones_post_and_vote_and_the_projector_shows_the_top_texts(room):
    store, links = room
    go(store, links, WALL)
    phones = [page("participate", code=links.code, lang="en") for _ in range(3)]
    for number, phone in enumerate(phones):
        assert "Texts will show here once" in texts(phone) or number == 0
        phone.text_input[0].input(f"Question from phone {number}?")
        phone.button[0].click().run()
    phones[0].run()
    listed = [t.value for t in phones[0].text]
    assert sorted(listed) == ["Question from phone 1?", "Question from phone 2?"]  # not mine
    target = text_digest("Question from phone 2?")
    [vote] = [b for b in phones[0].button if b.key and b.key.endswith(target)]
    assert vote.label == "Vote"
    vote.click().run()
    [voted] = [b for b in phones[0].button if b.key and b.key.endswith(target)]
    assert voted.label == "✓ Voted (undo)"
    phones[1].run()
    [other] = [b for b in phones[1].button if b.key and b.key.endswith(target)]
    other.click().run()
    projector = facilitator("projector", links)
    [bars] = chart_traces(projector)
    assert bars["x"][0] == 2
    spec = projector.get("plotly_chart")[0].proto.spec
    assert spec.index("Question from phone 2?") < spec.index("Question from phone 0?")
