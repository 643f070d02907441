"""The check's messages an author meets most are said in French in the French editor."""

from __future__ import annotations

import pytest

from modules.authoring.document import check, document_of
from modules.authoring.messages import in_language
from modules.i18n.formatting import typography


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Field required", "À remplir."),
        ("String should have at least 1 character", "À remplir."),
        (
            "List should have at most 60 items after validation, not 500",
            "60 au plus ; il y en a 500.",
        ),
        ("Input should be greater than 0", "Plus de 0."),
        (
            "no exercise with id 'x-1' in the library",
            "Aucun exercice « x-1 » dans cet atelier ni dans la bibliothèque.",
        ),
    ],
)
def test_common_messages_in_french(english, french):
    """Typed with ordinary spaces here; shown with French no-break spaces before ; : ? !"""
    assert in_language(english, "fr") == typography(french, "fr")


def test_every_message_of_a_broken_draft_reads_in_french_or_stays_as_the_check_said(catalog):
    document = document_of(catalog, catalog.workshops["starter"])
    document["workshop"]["id"] = "Pas Bon"
    document["workshop"]["steps"][0]["minutes"] = 0
    document["exercises"][3]["options"][0]["label"]["fr"] = "<b>gras</b>"
    messages = [m for ms in check(document).by_path.values() for m in ms]
    french = [in_language(m, "fr") for m in messages]
    assert len(french) == 3 and all(f != m for f, m in zip(french, messages, strict=True))
    assert in_language("something new", "fr") == "something new"
