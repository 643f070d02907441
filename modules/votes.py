"""Voting for other people's texts on a wall: what a phone may vote for, and the vote itself.

A vote names a text by its digest (``text.text_digest``). The database keeps one vote per
person and text (unique key); this module refuses, with a message, a vote for one's own text,
for a hidden or unknown text, before the privacy threshold of people have posted, or once the
step is closed. The wall's result counts only the votes that still name a visible text of
somebody else (``kinds.wall``), so a text hidden after it got votes loses them on every screen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from modules.catalog import Catalog, Workshop
from modules.highlight import shared_result
from modules.i18n import Lang
from modules.kinds import AnswerRejected, kind_of
from modules.results import StepResult, result_for_step
from modules.store import SessionInfo, Store
from modules.text import text_digest

__all__ = ["MAX_SHOWN", "Ballot", "BallotEntry"]

MAX_SHOWN = 30
"""Texts listed on one phone; each phone gets its own order, so every text is seen somewhere."""


@dataclass(frozen=True)
class BallotEntry:
    digest: str
    text: str
    voted: bool


@dataclass
class Ballot:
    """One phone's view of a wall step's texts, and its votes."""

    store: Store
    catalog: Catalog
    workshop: Workshop
    session: SessionInfo
    index: int
    voter_id: int | None  # None until this phone answers or votes: it is no participant yet
    lang: Lang
    join: Callable[[], int] | None = None  # makes this phone a participant at its first vote

    def result(self) -> StepResult:
        """The wall as every phone of the room sees it, computed once per session version.

        A reveal redraws every phone at once; a vote moves the answer version, so the next
        redraw sees it.
        """
        return shared_result(
            self.store, self.catalog, self.workshop, self.session, self.index, self.lang
        )

    def entries(self, result: StepResult | None = None) -> list[BallotEntry] | None:
        """Other people's visible texts, in this phone's own order; None under the threshold."""
        result = result or self.result()
        if result.table is None:
            return None
        own = self._own_digests()
        votes = self.store.step_votes(self.session.id, self.index)
        mine = {d for voter, d in votes if voter == self.voter_id}
        entries = [
            BallotEntry(key, text, key in mine)
            for key, text in zip(result.table["key"], result.table["text"], strict=True)
            if key not in own
        ]
        return sorted(entries, key=self._place)[:MAX_SHOWN]

    def vote(self, digest: str, voted: bool = True) -> bool:
        """Cast (``voted``) or withdraw this phone's vote; ``AnswerRejected`` with the reason."""
        if not self.store.step_state(self.session.id, self.index).is_open:
            raise AnswerRejected("wall_vote_closed")
        if self.voter_id is None:
            if not voted or self.join is None:
                return False
            self.voter_id = self.join()  # raises AnswerRejected when the room is locked or full
        if not voted:
            return self.store.set_vote(self.session.id, self.index, self.voter_id, digest, False)
        if digest in self._own_digests():
            raise AnswerRejected("wall_vote_own")
        # Fresh, not shared: a text hidden since this page was drawn takes no more votes.
        result = result_for_step(
            self.store, self.catalog, self.workshop, self.session, self.index, self.lang
        )
        if result.table is None:
            raise AnswerRejected("wall_vote_too_early", n=result.missing)
        if digest not in set(result.table["key"]):
            raise AnswerRejected("wall_vote_unknown")
        return self.store.set_vote(self.session.id, self.index, self.voter_id, digest, True)

    def _own_digests(self) -> set[str]:
        if self.voter_id is None:
            return set()
        own = self.store.answer(self.session.id, self.index, self.voter_id)
        if own is None:
            return set()
        exercise = self.catalog.exercise_for(self.workshop, self.index)
        return {text_digest(text) for text in kind_of(exercise).free_texts(exercise, own)}

    def _place(self, entry: BallotEntry) -> str:
        """A stable order of its own for each phone: no text is always first or always cut."""
        seed = f"{self.session.id}:{self.index}:{self.voter_id}:{entry.digest}"
        return hashlib.sha256(seed.encode()).hexdigest()
