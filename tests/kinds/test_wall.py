"""Wall: short anonymous texts that others upvote; what a bored teenager tries against it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from modules import live
from modules.catalog import load_catalog
from modules.export import aggregate_table, tidy_table, to_csv
from modules.highlight import group_summary
from modules.identity import digest
from modules.kinds import AnswerRejected, kind_of
from modules.kinds.wall import wall_table
from modules.moderation import set_hidden, submit_screened
from modules.results import result_for_step, step_result
from modules.service import create_session
from modules.settings import Settings
from modules.store.db import write
from modules.store.tables import utcnow, wall_votes
from modules.text import text_digest
from modules.votes import MAX_SHOWN, Ballot
from tests.kinds.helpers import assert_comparison, compared, make, rejected, samples

NEW_KINDS = Path(__file__).parent.parent / "data" / "new_kinds"
WALL_STEP = 2  # wall-questions in the new-kinds workshop
_PEOPLE = itertools.count()


@pytest.fixture
def wall():
    return make("wall", max_texts=2, text_max_chars=40, top=3)


# -- what a phone may post ----------------------------------------------------------------------


def test_texts_are_cleaned_blank_boxes_dropped_and_repeats_kept_once(wall):
    raw = {"texts": ["  Comment\u200b relancer ?  ", "", "COMMENT   relancer ?"]}
    assert kind_of(wall).validate(wall, raw, 280) == {"texts": ["Comment relancer ?"]}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"texts": ["", "  "]}, "answer_empty"),
        ({"texts": "one text"}, "answer_empty"),
        ("one text", "answer_empty"),
        ({"texts": ["a", "b", "c"]}, "wall_too_many"),
        ({"texts": [f"text {n}" for n in range(200)]}, "wall_too_many"),  # 200 texts at once
        ({"texts": [""] * 100_000}, "wall_too_many"),  # a forged list is not even read
        ({"texts": ["x" * 41]}, "wall_text_too_long"),
        ({"texts": ["x" * 1_000_000]}, "wall_text_too_long"),
        ({"texts": [{"text": "nested"}]}, "wall_text_too_long"),
    ],
)
def test_refusals(wall, raw, key):
    assert rejected(wall, raw).key == key


def test_the_text_limit_is_the_smaller_of_the_exercise_and_the_server(wall):
    with pytest.raises(AnswerRejected) as refused:
        kind_of(wall).validate(wall, {"texts": ["x" * 30]}, 20)
    assert refused.value.values == {"n": 20}


# -- counting votes ------------------------------------------------------------------------------

ROOM = {
    1: {"texts": ["How do I follow up?", "What if I am shy?"]},
    2: {"texts": ["how do I  follow up?"]},  # the same text: one entry, two authors
    3: {"texts": ["Can I ask for a job?"]},
}
FOLLOW, SHY, JOB = (text_digest(t) for t in ROOM[1]["texts"] + ROOM[3]["texts"])


def test_a_vote_counts_once_per_person_never_for_ones_own_text_nor_for_a_text_not_on_the_wall():
    votes = [
        (3, FOLLOW),
        (3, FOLLOW),  # twice from the same person: once
        (1, FOLLOW),  # its author
        (2, FOLLOW),  # its other author
        (2, SHY),
        (3, SHY),
        (1, JOB),
        (4, text_digest("a hidden or deleted text")),
    ]
    table = wall_table(ROOM, votes)
    assert table[["text", "votes", "authors"]].values.tolist() == [
        ["What if I am shy?", 2, 1],
        ["How do I follow up?", 1, 2],
        ["Can I ask for a job?", 1, 1],
    ]


def test_without_votes_texts_posted_by_more_people_come_first(wall):
    table = kind_of(wall).aggregate(wall, list(ROOM.values()), "en")
    assert table["text"].tolist()[0] == "How do I follow up?"
    assert table["votes"].sum() == 0


def test_the_projector_shows_the_top_texts_escaped_and_wrapped(wall):
    room = {
        1: {"texts": ["<script>alert('hi')</script>"]},
        2: {"texts": ['=HYPERLINK("http://x")']},
        3: {"texts": ["Une question assez longue pour passer à la ligne sur le projecteur"]},
        4: {"texts": ["Zero votes and last: not in the top three"]},
    }
    votes = [(2, text_digest(room[1]["texts"][0])), (3, text_digest(room[1]["texts"][0]))]
    result = step_result(wall, room, "en", threshold=3, votes=votes)
    figure = result.figure("en")
    texts = [a.text for a in figure.layout.annotations]
    assert len(texts) == 3  # top: 3
    assert texts[0] == "&lt;script&gt;alert('hi')&lt;/script&gt;"
    assert not any("<script" in text or "<img" in text for text in texts)
    assert any("<br>" in text for text in texts)  # the long text is on two lines
    assert "Zero votes" not in " ".join(texts)
    [bars] = figure.data
    assert list(bars.x) == [2, 0, 0] and list(bars.text) == ["2 votes", "0 votes", "0 votes"]


def test_me_vs_group_marks_my_own_text(wall):
    table = wall_table(ROOM, [(3, SHY)])
    rows = group_summary(wall, table, ROOM[1], "en")
    assert [(r.label, r.value, r.mine) for r in rows] == [
        ("What if I am shy?", "1", True),
        ("How do I follow up?", "0", True),
        ("Can I ask for a job?", "0", False),
    ]


def test_hidden_texts_leave_the_wall_and_an_emptied_answer_counts_as_none(wall):
    kind = kind_of(wall)
    assert kind.free_texts(wall, ROOM[1]) == ROOM[1]["texts"]
    hidden = {"what if i am shy?", "can i ask for a job?"}
    assert kind.redact(wall, ROOM[1], lambda t: t.casefold() in hidden) == {
        "texts": ["How do I follow up?"]
    }
    assert kind.redact(wall, ROOM[3], lambda t: t.casefold() in hidden) is None


def test_samples_are_valid_answers_from_the_examples():
    exercise = make("wall", examples={"fr": ["Une", "Deux", "Trois"], "en": ["One", "Two"]})
    posted = {text for value in samples(exercise, 20) for text in value["texts"]}
    assert posted == {"One", "Two"}
    assert all(samples(make("wall"), 5))  # no examples: the built-in ones


# -- votes in the database, through a phone's ballot -------------------------------------------


@pytest.fixture
def room(store, database_url):
    """A session of the new-kinds workshop on its wall step, threshold 3."""
    catalog = load_catalog(NEW_KINDS)
    settings = Settings(database_url=database_url, exercises_dir=NEW_KINDS)
    links = create_session(store, catalog, settings, "new-kinds", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, WALL_STEP)
    workshop = catalog.workshops["new-kinds"]

    class Room:
        exercise = catalog.exercise_for(workshop, WALL_STEP)

        def session(self):
            return store.session(session.id)

        def person(self, *texts):
            pid = store.join(session.id, digest(f"p{next(_PEOPLE)}"), max_participants=300)
            if texts:
                self.post(pid, *texts)
            return pid

        def post(self, pid, *texts):
            return submit_screened(
                store, settings, self.session(), self.exercise, WALL_STEP, pid, {"texts": texts}
            )

        def ballot(self, pid):
            return Ballot(store, catalog, workshop, self.session(), WALL_STEP, pid, "en")

        def result(self):
            return result_for_step(store, catalog, workshop, self.session(), WALL_STEP, "en")

        def votes_of(self, text):
            table = self.result().table.set_index("text")
            return int(table.loc[text, "votes"])

    return Room()


def test_no_text_is_listed_nor_votable_until_k_people_posted(room):
    first = room.person("Question one?")
    second = room.person("Question two?")
    ballot = room.ballot(first)
    assert ballot.entries() is None
    with pytest.raises(AnswerRejected) as refused:
        ballot.vote(text_digest("Question two?"))
    assert (refused.value.key, refused.value.values) == ("wall_vote_too_early", {"n": 1})
    room.person("Question three?")
    assert [e.text for e in room.ballot(second).entries()] in (
        ["Question one?", "Question three?"],
        ["Question three?", "Question one?"],
    )


def test_fifty_votes_for_one_text_count_once(room, store):
    author = room.person("Pick me")
    teen = room.person("Whatever")
    room.person("Something else")
    ballot = room.ballot(teen)
    target = text_digest("Pick me")
    changed = [ballot.vote(target) for _ in range(50)]
    assert changed == [True] + [False] * 49
    assert room.votes_of("Pick me") == 1
    assert [e.voted for e in ballot.entries() if e.text == "Pick me"] == [True]
    session = room.session()
    with pytest.raises(IntegrityError), write(store.engine) as db:  # the database says no too
        row = {"session_id": session.id, "step_index": WALL_STEP, "voter_id": teen}
        db.execute(insert(wall_votes).values(**row, text_digest=target))
    assert ballot.vote(target, False) is True  # a second tap takes it back
    assert room.votes_of("Pick me") == 0
    assert author  # the author never voted


def test_nobody_votes_for_their_own_text_even_by_changing_its_case(room):
    teen = room.person("Vote for me!", "Me again")
    room.person("A")
    room.person("B")
    ballot = room.ballot(teen)
    assert {e.text for e in ballot.entries()} == {"A", "B"}  # own texts are not offered
    for text in ("Vote for me!", "VOTE  for me!", "me again"):
        with pytest.raises(AnswerRejected) as refused:
            ballot.vote(text_digest(text))
        assert refused.value.key == "wall_vote_own"
    assert room.votes_of("Vote for me!") == 0


def test_a_hidden_text_loses_its_votes_and_takes_no_more(room, store):
    room.person("Fine question")
    voters = [room.person(f"Q{n}") for n in range(3)]
    for voter in voters:
        room.ballot(voter).vote(text_digest("Fine question"))
    assert room.votes_of("Fine question") == 3
    set_hidden(store, room.session(), WALL_STEP, "Fine question", True)
    assert "Fine question" not in set(room.result().table["text"])
    late = room.person("Late")
    with pytest.raises(AnswerRejected) as refused:
        room.ballot(late).vote(text_digest("Fine question"))
    assert refused.value.key == "wall_vote_unknown"
    set_hidden(store, room.session(), WALL_STEP, "Fine question", False)
    assert room.votes_of("Fine question") == 3  # shown again: its votes were kept


def test_offensive_texts_never_reach_the_wall(room):
    room.person("fuck this")
    voter = room.person("Nice one")
    room.person("Other")
    room.person("Third")
    assert "fuck this" not in set(room.result().table["text"])
    assert "fuck this" not in {e.text for e in room.ballot(voter).entries()}


def test_a_script_or_a_formula_is_kept_as_typed_and_shown_inert(room, store):
    room.person("<script>alert(1)</script>")
    room.person('=HYPERLINK("http://evil","click")')
    room.person("@SUM(A1:A9)")
    figure = room.result().figure("en")
    assert not any("<script" in a.text for a in figure.layout.annotations)
    session = room.session()
    workshop = load_catalog(NEW_KINDS).workshops["new-kinds"]
    catalog = load_catalog(NEW_KINDS)
    answers = store.session_answers(session.id)
    tidy = to_csv(tidy_table(session, workshop, catalog, answers)).decode("utf-8-sig")
    summary = aggregate_table(
        session, workshop, catalog, answers, "en", votes=store.session_votes(session.id)
    )
    for cells in (tidy, to_csv(summary).decode("utf-8-sig")):
        assert "'=HYPERLINK" in cells and "'@SUM" in cells
        assert ",=HYPERLINK" not in cells and ",@SUM" not in cells


def test_two_hundred_posts_leave_one_answer_of_at_most_max_texts(room):
    teen = room.person()
    for n in range(200):
        room.post(teen, f"Spam {n}", f"More spam {n}")
    room.person("A")
    room.person("B")
    texts = set(room.result().table["text"])
    assert {t for t in texts if "pam" in t} == {"Spam 199", "More spam 199"}


def test_votes_close_with_the_step_and_the_aggregate_export_counts_them(room, store):
    room.person("Popular")
    voters = [room.person(f"V{n}") for n in range(3)]
    for voter in voters[:2]:
        room.ballot(voter).vote(text_digest("Popular"))
    live.close_step(store, room.session())
    with pytest.raises(AnswerRejected) as refused:
        room.ballot(voters[2]).vote(text_digest("Popular"))
    assert refused.value.key == "wall_vote_closed"
    session = room.session()
    catalog = load_catalog(NEW_KINDS)
    workshop = catalog.workshops["new-kinds"]
    table = aggregate_table(
        session,
        workshop,
        catalog,
        store.session_answers(session.id),
        "en",
        votes=store.session_votes(session.id),
    )
    votes = table[(table["step"] == WALL_STEP + 1) & (table["measure"] == "votes")]
    assert dict(zip(votes["category_label"], votes["value"], strict=True))["Popular"] == 2


def test_a_vote_moves_the_answer_version_the_projector_follows(room, store):
    room.person("Popular")
    voter = room.person("V")
    room.person("W")
    before = room.session().answer_version
    room.ballot(voter).vote(text_digest("Popular"))
    assert room.session().answer_version == before + 1


def test_a_phone_lists_at_most_a_screenful_in_an_order_of_its_own(room):
    for n in range(MAX_SHOWN + 10):
        room.person(f"Text {n}")
    first, second = room.person("Mine 1"), room.person("Mine 2")
    one = [e.text for e in room.ballot(first).entries()]
    two = [e.text for e in room.ballot(second).entries()]
    assert len(one) == len(two) == MAX_SHOWN
    assert one != two  # different phones, different orders: no text is always cut
    assert one == [e.text for e in room.ballot(first).entries()]  # stable for one phone


def test_deleting_or_purging_a_session_deletes_its_votes(room, store):
    room.person("Popular")
    voters = [room.person(f"V{n}") for n in range(3)]
    for voter in voters:
        room.ballot(voter).vote(text_digest("Popular"))
    session = room.session()
    assert len(store.step_votes(session.id, WALL_STEP)) == 3
    store.update_session(session.id, expires_at=utcnow())
    assert store.purge_expired() == 1
    assert store.session_votes(session.id) == {}
    with store.engine.connect() as db:
        assert db.execute(wall_votes.select()).first() is None


def test_the_demo_session_fills_every_new_kind_and_votes_on_the_wall(tmp_path):
    """A talk without a note sends nothing; the wall gets votes, never from a text's author."""
    from modules.demo import create_demo_session
    from modules.service import store_for

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    settings = Settings(database_url=url, exercises_dir=NEW_KINDS)
    links = create_demo_session(settings, workshop_id="new-kinds", lang="fr")
    store = store_for(url)
    session = store.session_by_code(links.code)
    catalog = load_catalog(NEW_KINDS)
    workshop = catalog.workshops["new-kinds"]
    _, per_step = store.counts(session.id)
    assert per_step.get(4, 0) == 0  # talk-silent: no note to send
    assert per_step[0] == per_step[1] == per_step[2] == 25
    wall = result_for_step(store, catalog, workshop, session, WALL_STEP, "fr").table
    assert wall["votes"].sum() > 0
    authors: dict[str, set[int]] = {}
    for answer in store.step_answers(session.id, WALL_STEP):
        for text in answer.value["texts"]:
            authors.setdefault(text_digest(text), set()).add(answer.participant_id)
    votes = store.step_votes(session.id, WALL_STEP)
    assert votes and all(voter not in authors[key] for voter, key in votes)


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(wall):
    assert_comparison(compared(wall))
    assert_comparison(compared(wall, lang="fr"))
