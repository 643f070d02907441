"""Talk: a timed exchange in pairs or trios; whose turn it is, counted back from the countdown."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from modules.catalog import load_catalog
from modules.kinds import kind_of
from modules.kinds.base import StepView
from modules.kinds.talk import moment_at
from modules.results import step_result
from tests.kinds.helpers import make, rejected, samples

NOTE = {"label": {"fr": "Ce que je garde", "en": "What I keep"}, "max_chars": 30}
START = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


@pytest.fixture
def pairs():
    """Two rounds of one minute each: A, B, A, B (four minutes)."""
    return make("talk", rounds=2, turn_seconds=60)


def view(lang, seconds_in):
    """The step ``seconds_in`` into a five-minute countdown."""
    return StepView(
        lang,
        timer_started_at=START,
        timer_ends_at=START + timedelta(minutes=5),
        now=START + timedelta(seconds=seconds_in),
    )


def test_the_defaults_make_a_single_round_in_pairs():
    talk = make("talk")
    assert (talk.group, talk.rounds, talk.turn_seconds, talk.note) == ("pairs", 1, 90, None)
    assert talk.total_seconds == 180
    assert "trio" in talk.pairing("en") and "trio" in talk.pairing("fr")


@pytest.mark.parametrize(
    "fields",
    [
        {"rounds": 0},
        {"rounds": 4},
        {"turn_seconds": 10},
        {"group": "quartets"},
        {"group": "trios", "rounds": 3, "turn_seconds": 600},  # 90 minutes of talk
        {"note": {"label": {"fr": "x", "en": "x"}, "max_chars": 5000}},
    ],
)
def test_impossible_exchanges_are_refused(fields):
    with pytest.raises(ValidationError):
        make("talk", **fields)


@pytest.mark.parametrize(
    ("seconds_in", "headline"),
    [
        (None, "Find your partner: the exchange starts with the countdown."),
        (0, "Round 1 of 2 · A speaks · 1:00 left"),
        (40, "Round 1 of 2 · A speaks · 0:20 left"),
        (59.9, "Round 1 of 2 · A speaks · 0:01 left"),  # a started second counts as left
        (60, "Round 1 of 2 · B speaks · 1:00 left"),  # the swap, on the minute
        (150, "Round 2 of 2 · A speaks · 0:30 left"),
        (239, "Round 2 of 2 · B speaks · 0:01 left"),
        (240, "Time is up: thank your partner."),  # turns done, the countdown still runs
        (300, "Time is up: thank your partner."),  # the countdown is over
        (-3, "Find your partner: the exchange starts with the countdown."),  # clock skew
    ],
)
def test_the_turn_under_way_is_counted_from_the_start_of_the_countdown(pairs, seconds_in, headline):
    started = None if seconds_in is None else START
    ends = None if seconds_in is None else START + timedelta(minutes=5)
    now = START + timedelta(seconds=seconds_in or 0)
    assert moment_at(pairs, started, ends, now).headline(pairs, "en") == headline


def test_a_minute_added_never_moves_the_room_back_a_turn(pairs):
    """A 5-minute countdown, 150 s in (A's second turn), plus one minute: still A, 0:30 left."""
    now = START + timedelta(seconds=150)
    plus_one = START + timedelta(minutes=6)
    assert moment_at(pairs, START, plus_one, now).headline(pairs, "en") == (
        "Round 2 of 2 · A speaks · 0:30 left"
    )


def test_a_countdown_without_a_known_start_is_taken_to_hold_exactly_the_turns(pairs):
    ends = START + timedelta(minutes=4)
    assert moment_at(pairs, None, ends, START + timedelta(seconds=65)).headline(pairs, "en") == (
        "Round 1 of 2 · B speaks · 0:55 left"
    )


def test_trios_take_turns_a_b_c():
    trios = make("talk", group="trios", turn_seconds=30)
    ends = START + timedelta(minutes=2)
    order = [
        moment_at(trios, START, ends, START + timedelta(seconds=s)).headline(trios, "fr")
        for s in (0, 30, 60, 90)
    ]
    assert order == [
        "Tour 1 sur 1 · A parle · encore 0:30",
        "Tour 1 sur 1 · B parle · encore 0:30",
        "Tour 1 sur 1 · C parle · encore 0:30",
        "C’est terminé\u00a0: remerciez votre partenaire.",
    ]


def test_the_projector_shows_pairing_roles_and_the_turn(pairs):
    exercise = make(
        "talk",
        rounds=2,
        turn_seconds=60,
        pair_up={"fr": "Tournez-vous vers la droite.", "en": "Turn <right>."},
        speaker={"fr": "parle.", "en": "speaks & <b>breathes</b>."},
    )
    shown = kind_of(exercise).projector_html(exercise, view("en", 40))
    assert "Turn &lt;right&gt;." in shown  # author text escaped, never HTML
    assert "speaks &amp; &lt;b&gt;breathes&lt;/b&gt;." in shown
    assert "Round 1 of 2 · A speaks · 0:20 left" in shown
    assert "Rounds: 2 · 1:00 per person · order: A, B" in shown
    assert "listens without interrupting" in shown  # the default listener role
    assert "<script" not in shown


def test_the_console_lists_every_turn_and_marks_the_one_under_way(pairs):
    shown = kind_of(pairs).console_html(pairs, view("fr", 150))
    turns = [
        "Tour 1 sur 2\u00a0: A parle (1:00)",
        "Tour 1 sur 2\u00a0: B parle (1:00)",
        "Tour 2 sur 2\u00a0: A parle (1:00)",
        "Tour 2 sur 2\u00a0: B parle (1:00)",
    ]
    positions = [shown.index(turn) for turn in turns]
    assert positions == sorted(positions)
    assert shown.count("▶") == 1 and shown.index("▶") < positions[2] < shown.index(
        "</strong>", positions[2]
    )
    assert "au moins 4:00" in shown


def test_without_a_note_phones_have_nothing_to_send(pairs):
    kind = kind_of(pairs)
    assert not kind.answerable(pairs)
    assert rejected(pairs, {"note": "hello"}).key == "talk_nothing_to_send"
    assert kind.sample(pairs, __import__("random").Random(1), "en") == {}


def test_a_note_is_one_cleaned_line_within_its_limit():
    talk = make("talk", note=NOTE)
    kind = kind_of(talk)
    assert kind.answerable(talk)
    assert kind.validate(talk, {"note": "  Poser\u200b plus\nde questions "}, 280) == {
        "note": "Poser plus de questions"
    }
    assert rejected(talk, {"note": "   "}).key == "answer_empty"
    assert rejected(talk, {"note": "x" * 31}).values == {"n": 30}
    assert rejected(talk, {"note": "x" * 100_000}).key == "talk_note_too_long"
    assert rejected(talk, {"note": ["x"]}).key == "answer_empty"
    with pytest.raises(Exception) as refused:
        kind.validate(talk, {"note": "x" * 25}, 20)  # the server's limit when lower
    assert refused.value.values == {"n": 20}


def test_notes_are_private_never_charted(pairs):
    talk = make("talk", note=NOTE)
    kind = kind_of(talk)
    assert kind.private(talk)
    notes = {n: value for n, value in enumerate(samples(talk, 5), start=1)}
    assert step_result(talk, notes, "en", threshold=1).table is None
    assert kind.describe(talk, {"note": "Be brief"}, "en") == "What I keep\nBe brief"


def test_workshop_check_refuses_a_step_shorter_than_the_turns(tmp_path):
    (tmp_path / "w.yaml").write_text(
        """
exercises:
  - id: talk-long
    kind: talk
    rounds: 2
    turn_seconds: 90
    title: {fr: "Parler", en: "Talk"}
    prompt: {fr: "Parlez.", en: "Talk."}
workshop:
  id: short
  title: {fr: "Court", en: "Short"}
  summary: {fr: "Court", en: "Short"}
  steps:
    - {exercise: talk-long, minutes: 5}
""",
        encoding="utf-8",
    )
    catalog = load_catalog(tmp_path)
    assert [str(e) for e in catalog.errors] == [
        "w.yaml: workshop 'short' step 1: field 'minutes': 'talk-long' needs at least 6 "
        "minutes, the step has 5"
    ]
    assert "short" not in catalog.workshops
