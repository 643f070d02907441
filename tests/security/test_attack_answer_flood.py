"""Attack 9: one connection could send answers without limit.

3000 answers from one connection in 3 minutes were all accepted (each one redraws the projector
and the console). Now each participant has ``WORKSHOP_ANSWERS_PER_MINUTE`` answers at once and
gets them back as fast; past that the phone reads a polite "too fast". An honest phone editing
its answer a few times never sees it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modules.i18n import t
from tests.security.attack import Served, fill_answer, served
from tests.security.wsclient import open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
FLOOD = 100
# Half the default, so the flood outpaces the refill (one answer every 6 s) even on a machine
# that takes seconds per answer; an honest phone's five edits still fit at once.
PER_MINUTE = 10


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    env = {"WORKSHOP_ANSWERS_PER_MINUTE": str(PER_MINUTE)}
    with served(tmp_path_factory.mktemp("answer-flood"), env) as running:
        yield running


def _stored(app: Served, code: str) -> int:
    """Answers stored or changed in the session (every save bumps this version once)."""
    return app.store.session_by_code(code).answer_version


def test_one_phone_sending_answers_as_fast_as_it_can_is_told_to_slow_down(app):
    links = app.session(LANG, at_step=0)

    async def flood() -> list[str]:
        phone = await open_tab(app.url, links.participant_url)
        replies = []
        for number in range(FLOOD):
            form, values = fill_answer(phone, [f"spam{number}"])
            await phone.submit(values, form=form)
            replies.append(phone.text())
        await phone.close()
        return replies

    replies = run(flood())
    stored = _stored(app, links.code)
    assert stored < FLOOD, f"{FLOOD} answers from one phone, {stored} stored"
    # The bucket refills a third of an answer a second: how many got through depends on how
    # long the flood took, never more than the bucket plus its refill.
    too_fast = sum(t(LANG, "answer_too_fast") in reply for reply in replies)
    assert too_fast == FLOOD - stored and too_fast > 0
    assert all(t(LANG, "answer_saved") in reply for reply in replies[:PER_MINUTE])


def test_an_honest_phone_editing_its_answer_never_hears_too_fast(app):
    links = app.session(LANG, at_step=0)

    async def edit() -> list[str]:
        phone = await open_tab(app.url, links.participant_url)
        replies = []
        for words in (["chore"], ["chore", "coffee"], ["trust"], ["trust", "time"], ["trust"]):
            form, values = fill_answer(phone, words)
            await phone.submit(values, form=form)
            replies.append(phone.text())
        await phone.close()
        return replies

    replies = run(edit())
    assert all(t(LANG, "answer_saved") in reply for reply in replies)
    assert not any(t(LANG, "answer_too_fast") in reply for reply in replies)
    assert _stored(app, links.code) == 5
