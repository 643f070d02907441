"""A facilitator and several phones sharing one database through real pages (AppTest)."""

import pytest

from modules import live
from modules.i18n import t
from modules.service import create_session, store_for
from tests.ui.apptest import chart_traces, page, plain, texts


@pytest.fixture
def session_links(app_env, catalog):
    store = store_for(app_env.database_url)
    return create_session(store, catalog, app_env, "starter", "en")


def key_of(links):
    return links.facilitator_key


def test_phones_answer_and_the_console_and_projector_count_them(app_env, session_links, catalog):
    links = session_links
    store = store_for(app_env.database_url)
    console = page("console", code=links.code, key=key_of(links), lang="en")
    assert "Joined" in texts(console)
    console.button[1].click().run()  # Next ▶: from the lobby to step 1
    session = store.session_by_code(links.code)
    assert session.current_step == 0

    phones = [page("participate", code=links.code, lang="en") for _ in range(3)]
    tokens = {phone.query_params["p"] for phone in phones}
    assert len(tokens) == 3  # three anonymous people, each with their own token
    for number, phone in enumerate(phones):
        assert "“Networking” in three words" in texts(phone)
        phone.text_input[0].input(f"coffee{number}")
        phone.text_input[1].input("trust")
        phone.button[0].click().run()
        assert "Thank you, your answer is saved." in texts(phone)

    assert store.counts(session.id) == (3, {0: 3})
    console.run()
    answered = next(m for m in console.metric if m.label == "Answered this step")
    assert answered.value == "3"

    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert "3 answers" in texts(projector)
    assert "Results will appear when the facilitator reveals them." in texts(projector)
    assert not projector.get("plotly_chart")
    live.set_revealed(store, store.session(session.id), True)
    projector.run()
    [bars] = chart_traces(projector)
    assert dict(zip(bars["y"], bars["x"], strict=True))["trust"] == 3


def test_a_phone_follows_the_facilitator_and_keeps_its_answer_on_reload(app_env, session_links):
    links = session_links
    store = store_for(app_env.database_url)
    session = store.session_by_code(links.code)
    phone = page("participate", code=links.code, lang="fr")
    assert "Vous y êtes" in texts(phone)  # lobby
    live.go_to_step(store, session, 0)
    phone.run()
    assert "« Réseautage » en trois mots" in texts(phone)
    phone.text_input[0].input("corvée")
    phone.button[0].click().run()

    reloaded = page("participate", code=links.code, lang="fr", p=phone.query_params["p"])
    assert reloaded.text_input[0].value == "corvée"
    assert "Votre réponse est enregistrée" in texts(reloaded)
    assert store.counts(session.id)[0] == 1  # the reload is the same person


def test_bad_input_gets_a_clear_message_and_stores_nothing(app_env, session_links):
    links = session_links
    store = store_for(app_env.database_url)
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)

    phone = page("participate", code=links.code, lang="en")
    phone.button[0].click().run()  # nothing typed
    assert "Please answer before sending." in texts(phone)
    live.close_step(store, store.session(session.id))
    phone.text_input[0].input("late")
    phone.button[0].click().run()
    # The phone follows the close: it says so, and a late send stores nothing.
    assert "Answering is closed for this step." in texts(phone)
    assert store.counts(session.id)[1] == {}

    lost = page("participate", code="QQQQQQ", lang="en")
    assert "No workshop uses this code" in texts(lost)


@pytest.mark.parametrize("name", ["console", "projector"])
def test_facilitator_pages_refuse_without_the_key(app_env, session_links, name):
    for query in ({"code": session_links.code}, {"code": session_links.code, "key": "wrong"}, {}):
        app = page(name, lang="fr", **query)
        needed = {"console": "facilitator_link_needed", "projector": "projector_link_needed"}
        assert plain(t("fr", needed[name])) in texts(app)
        assert not app.button and not app.get("plotly_chart")


def test_creating_a_session_from_the_page_shows_code_links_and_qr(app_env):
    app = page("facilitate", lang="en")
    app.button[0].click().run()
    shown = texts(app)
    assert "Your session is ready" in shown
    [code] = [m.value for m in app.metric if m.label == "Join code"]
    assert len(code) == 6
    [qr] = app.get("image")  # the QR code of the participant link, captioned with the link
    assert qr.proto.imgs[0].caption == f"http://testserver/?code={code}"
    links = app.session_state["created-links"]
    shown = [block.value for block in app.code]  # a mirrored screen shows no key
    assert links.participant_url in shown
    assert not any(links.facilitator_key in v or links.projector_token in v for v in shown)
    app.toggle(key="facilitate-show-links").set_value(True).run()
    shown = [block.value for block in app.code]
    assert links.console_url in shown and links.projector_url in shown
