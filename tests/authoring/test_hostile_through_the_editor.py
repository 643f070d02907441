"""The hostile corpus typed into the editor's fields, then run in a session.

Each text is either refused beside the field it was typed in (tags, links, images, invisible
or control characters, past the length limit) or accepted; the accepted ones then reach a
phone and the projector exactly as typed, never as markup.
"""

from __future__ import annotations

import html

import pytest

from modules import live
from modules.authoring.collect import MISSING, collect
from modules.authoring.document import check, document_of
from modules.authoring.schema import form_for
from modules.i18n.formatting import typography
from modules.kinds import all_kinds
from modules.service import create_session, store_for
from modules.theme import wrap_label
from tests.security.corpus import hostile_answers, short_label
from tests.ui.apptest import chart_traces, page

ENTRIES = hostile_answers()
CHOICE = 3  # the starter's choice step
TITLE_PATH = ("exercises", CHOICE, "title", "fr")


def _typed(catalog, text: str) -> dict:
    """The starter workshop with ``text`` typed in the choice's French title and first option."""
    document = document_of(catalog, catalog.workshops["starter"])
    fields = form_for(all_kinds()["choice"].config)
    typed = {TITLE_PATH: text, ("exercises", CHOICE, "options", 0, "label", "fr"): text}
    document["exercises"][CHOICE] = collect(
        fields,
        document["exercises"][CHOICE],
        ("exercises", CHOICE),
        lambda p: typed.get(p, MISSING),
    )
    return document


def _accepted(catalog) -> list[str]:
    return [entry for entry in ENTRIES if check(_typed(catalog, entry)).ok]


@pytest.mark.parametrize("entry", ENTRIES, ids=short_label)
def test_each_hostile_text_is_refused_beside_its_field_or_kept_as_typed(catalog, entry):
    document = _typed(catalog, entry)
    checked = check(document)
    if checked.ok:
        assert document["exercises"][CHOICE]["title"]["fr"] == entry
        assert not any(m in entry.lower() for m in ("<script", "<img", "](", "javascript:"))
        return
    assert checked.by_path.get(TITLE_PATH), checked.errors  # named at the field typed in
    assert all("\\n" not in message for message in checked.by_path[TITLE_PATH])


def test_the_corpus_splits_into_refused_and_accepted(catalog):
    accepted = _accepted(catalog)
    assert 10 <= len(accepted) < len(ENTRIES)
    assert not any("<script" in entry.lower() or "](" in entry for entry in accepted)


def test_accepted_texts_reach_phone_and_projector_as_typed(app_env, catalog):
    store = store_for(app_env.database_url)
    for entry in _accepted(catalog)[:12]:
        document = _typed(catalog, entry)
        workshop = check(document).workshop()
        assert workshop is not None
        links = create_session(store, catalog, app_env, "", "fr", workshop=workshop)
        session = store.session_by_code(links.code)
        live.go_to_step(store, session, CHOICE)
        live.set_revealed(store, store.session_by_code(links.code), True)
        phone = page("participate", code=links.code, lang="fr")
        assert not phone.exception
        shown = typography(entry, "fr")  # as typed, with French spacing before : ? !
        assert shown in [box.label for box in phone.checkbox]  # the option
        # the title: the heading line of the step's one Markdown element (no HTML)
        headings = [
            part for m in phone.markdown for part in m.value.split("\n\n") if part[:4] == "### "
        ]
        assert headings == [f"### {shown}"]
        for number in range(3):
            voter = page(
                "participate", code=links.code, p=f"hostile-voter-{number:012d}", lang="fr"
            )
            voter.checkbox[0].check()
            voter.button[0].click().run()
            assert not voter.exception
        projector = page("projector", code=links.code, view=links.projector_token, lang="fr")
        assert not projector.exception
        labels = [str(y) for trace in chart_traces(projector) for y in trace.get("y", [])]
        # the option's bar: as typed, inert, wrapped, with French spacing
        assert wrap_label(shown) in labels
        bodies = " ".join(h.proto.body for h in projector.get("html"))
        assert html.escape(shown) in bodies  # the title, escaped where it is drawn
