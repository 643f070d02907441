"""Attack 6: two exports could be linked person by person.

Rows were ordered by participant id (join order): pairing the rows of two exports by position
matched every pseudonym of one export to the other's, one to one (PRIVACY.md says they cannot
be matched), and showed who joined first. Now rows are in pseudonym order, and pseudonyms are
drawn anew for each export: positions pair nothing, and the order says nothing of arrival.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from modules.i18n import t
from tests.security.attack import Served, fill_answer, served
from tests.security.wsclient import open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
WORDS = [
    "harbour",
    "lantern",
    "meadow",
    "compass",
    "orchard",
    "ember",
    "willow",
    "granite",
    "saffron",
    "beacon",
    "thistle",
    "quarry",
]


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("export-linking")) as running:
        yield running


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_two_exports_cannot_be_paired_row_by_row_nor_show_who_came_first(app):
    links = app.session(LANG, at_step=0)

    async def room_then_export() -> tuple[bytes, bytes]:
        for word in WORDS:  # people arrive one after the other, each with their own word
            phone = await open_tab(app.url, links.participant_url)
            form, values = fill_answer(phone, [word])
            await phone.submit(values, form=form)
            assert t(LANG, "answer_saved") in phone.text()
            await phone.close()
        console = await open_tab(app.url, links.console_url)
        label = t(LANG, "console_export_answers")
        first, second = await console.download(label), await console.download(label)
        await console.close()
        return first, second

    first, second = (_rows(data) for data in run(room_then_export()))
    assert len(first) == len(second) == len(WORDS)
    person = {row["participant"]: row["value"] for row in first}  # the word is the person
    person |= {row["participant"]: row["value"] for row in second}
    paired = sum(
        person[a["participant"]] == person[b["participant"]]
        for a, b in zip(first, second, strict=True)
    )
    arrival = [row["value"] for row in first]
    # Random orders pair about one person by chance; 10 or more of 12 happens about once in ten
    # million runs, and every time when rows follow the join order.
    assert paired < len(WORDS) - 2, f"{paired} of {len(WORDS)} people paired by row position"
    assert arrival != WORDS, "the export lists people in the order they joined"
    assert (
        not set(person)
        & {row["participant"] for row in first}
        & {row["participant"] for row in second}
    ), "a pseudonym repeats across exports"
    assert [row["participant"] for row in first] == sorted(row["participant"] for row in first)
