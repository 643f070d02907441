"""Write ``data/demo_answers.json``: 25 synthetic participants for every shipped workshop.

The answers are invented, seeded and deterministic (run it twice, get the same file). There are
two kinds of rooms:

- **usual** rooms answer every workshop the way a room often does, so each chart tells its
  step's story: networking words about chores, relationship words about trust; many contacts
  but few people to ask; most needs find an offer in their category; the final scales move
  towards "I feel like myself".
- **surprise** rooms (``workshop demo --surprise``) answer some workshops the way the speaker
  notes do *not* expect: a room that already loves networking, one that has refused many
  requests. A rehearsal on them shows what to do when the chart contradicts the notes.

Each synthetic person has a few traits (energy in groups, ease in writing, comfort) that keep
their answers coherent from one step to the next. French and English use the same draws, so both
languages show the same picture. Every answer goes through its kind's ``validate`` before the
file is written. The texts they type live in ``demo_texts.py``.

    python3 scripts/make_demo_data.py            # rewrite data/demo_answers.json
    python3 scripts/make_demo_data.py --check    # fail if the file is not what the script makes
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import demo_texts as texts  # noqa: E402  (beside this script)

from modules.catalog import Catalog, load_catalog  # noqa: E402
from modules.kinds import kind_of  # noqa: E402

OUT = ROOT / "data" / "demo_answers.json"
SEED = 2026
PARTICIPANTS = 25
LANGS = ("fr", "en")
MAX_CHARS = 280
VOTES = "votes"  # a person's key for their wall votes: {exercise id: [texts voted for]}

# Which synthetic room answers each workshop, in each kind of room.
ROOMS: dict[str, dict[str, str]] = {
    "usual": {
        "relations-90": "general",
        "relations-45": "general",
        "starter": "general",
        "students": "students",
        "seniors": "seniors",
        "informational-interview": "asking",
        "introductions": "introducing",
    },
    "surprise": {
        "relations-90": "keen",
        "relations-45": "keen",
        "informational-interview": "wary",
    },
}

Answer = Callable[["Person", random.Random, str, Any], Any]


@dataclass(frozen=True)
class Person:
    """The traits that keep one synthetic participant's answers consistent across steps."""

    groups: float  # 0 = groups drain me, 1 = groups recharge me
    writing: float  # 0 = writing costs me, 1 = writing comes easily
    comfort: float  # how at ease with networking they arrive
    moved: float  # how much the workshop shifts them
    late: bool  # arrived after the first steps
    index: int  # their place in the room
    audience: str  # which synthetic room they belong to
    seed: str  # their own draws, shared by the "before" and "after" scales


@dataclass(frozen=True)
class Profile:
    """How a synthetic room is made up."""

    introverts: float = 0.6  # share of people whom groups drain
    comfort: float = 0.4  # mean comfort on arrival


PROFILES = {"keen": Profile(introverts=0.1, comfort=0.8), "wary": Profile(comfort=0.5)}


def lang_pick(pair: tuple[str, ...], lang: str) -> str:
    return pair[0] if lang == "fr" else pair[1]


# ---------------------------------------------------------------- words


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(vocabulary: list[texts.Weighted]) -> Answer:
    """Two or three words, the frequent ones more often; typed as phones type them."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        count = rng.choices([1, 2, 3], [0.05, 0.25, 0.7])[0]
        weights = [w for _, _, w in vocabulary]
        picked: list[int] = []
        while len(picked) < count:
            index = rng.choices(range(len(vocabulary)), weights)[0]
            if index not in picked:
                picked.append(index)
        typed = []
        for index in picked:
            word = lang_pick(vocabulary[index], lang)
            capital, no_accent = rng.random() < 0.15, rng.random() < 0.08
            if no_accent and lang == "fr":
                word = _strip_accents(word)
            typed.append(word[:1].upper() + word[1:] if capital else word)
        return typed

    return answer


# ---------------------------------------------------------------- scales


@dataclass(frozen=True)
class ScaleStory:
    """Where a room starts on each statement and where the workshop moves it.

    ``comfort`` and ``groups`` say how much a person's traits pull their starting point; ``shift``
    is the mean move by the end, scaled by how much the person was moved.
    """

    name: str
    before: dict[str, float]
    shift: dict[str, float]
    comfort: dict[str, float] = field(default_factory=dict)
    groups: dict[str, float] = field(default_factory=dict)


GENERAL = ScaleStory(
    "general",
    before={"chore": 3.9, "myself": 2.3, "bring": 2.5, "method": 3.5, "approach": 1.2},
    shift={"chore": -1.1, "myself": 1.0, "bring": 1.2, "method": -1.4, "approach": 0.25},
    comfort={"chore": -1.4, "myself": 1.6, "bring": 1.2, "method": -0.8},
    groups={"approach": 3.2},
)
STUDENTS = ScaleStory(
    "students",
    before={"chore": 3.4, "values": 2.9, "bring": 2.0, "method": 3.3, "dare": 1.4},
    shift={"chore": -0.7, "values": 0.3, "bring": 1.3, "method": -1.1, "dare": 1.0},
    comfort={"chore": -1.2, "bring": 1.2, "method": -0.6},
    groups={"dare": 2.4},
)
ASKING = ScaleStory(
    "asking",
    before={"bother": 3.9, "refuse": 3.6, "questions": 2.4, "offer": 2.1, "dare": 1.6},
    shift={"bother": -0.5, "refuse": -1.3, "questions": 1.4, "offer": 1.1, "dare": 0.9},
    comfort={"bother": -1.2, "refuse": -0.8, "questions": 0.8, "offer": 0.8},
    groups={"dare": 2.0},
)
# A room that already likes networking: little to move, and belief in a method goes *up*.
KEEN = ScaleStory(
    "keen",
    before={"chore": 1.8, "myself": 4.0, "bring": 3.8, "method": 2.6, "approach": 2.0},
    shift={"chore": 0.0, "myself": 0.1, "bring": 0.2, "method": 0.8, "approach": 0.0},
    groups={"approach": 2.4},
)


def _point(value: float, points: int = 5) -> int:
    return min(points, max(1, round(value)))


def before_points(person: Person, story: ScaleStory) -> dict[str, float]:
    """Unrounded starting points, the same for both scales, so the "after" moves from them."""
    rng = random.Random(f"{person.seed}-{story.name}-before")
    lean = {
        key: centre
        + story.comfort.get(key, 0.0) * (person.comfort - 0.5)
        + story.groups.get(key, 0.0) * person.groups
        for key, centre in story.before.items()
    }
    return {key: rng.gauss(centre, 0.7) for key, centre in lean.items()}


def scale_before(story: ScaleStory) -> Answer:
    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
        points = before_points(person, story)
        return {s.id: _point(points[s.id]) for s in exercise.statements}

    return answer


def scale_after(story: ScaleStory) -> Answer:
    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
        points = before_points(person, story)
        return {
            key: _point(points[key] + story.shift[key] * person.moved + rng.gauss(0, 0.45))
            for key in points
        }

    return answer


# ---------------------------------------------------------------- numbers


def _as_people_say(value: float) -> int:
    """Estimates come out round: 40, 150, 300, 1 500."""
    if value < 20:
        return max(1, round(value))
    for limit, unit in ((100, 5), (400, 10), (1000, 50), (5000, 100)):
        if value < limit:
            return int(round(value / unit) * unit)
    return int(round(value / 500) * 500)


def contacts(median: float, spread: float, advisers: float, coupled: float = 0.0) -> Answer:
    """Breadth spread over decades; depth in single figures, barely linked to breadth, unless
    ``coupled`` (the share of contacts one could ask) makes depth follow breadth."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
        drawn = math.exp(rng.gauss(math.log(median), spread))
        many = _as_people_say(min(20000, max(12, drawn)))
        if coupled:
            few = round(many * coupled * math.exp(rng.gauss(0, 0.3)))
        else:
            depth = advisers + 3 * (person.comfort - 0.5) + 0.6 * math.log10(many / median)
            few = round(rng.gauss(depth, 2.0))
        return {"contacts": many, "advice": min(many, max(1, few))}

    return answer


def asked_refused(median: float, refusal: float) -> Answer:
    """How often people were asked about their work, and how often they said no."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
        asked = (
            0 if rng.random() < 0.08 else max(1, round(math.exp(rng.gauss(math.log(median), 0.7))))
        )
        asked = min(asked, 200)
        refused = sum(rng.random() < refusal for _ in range(asked))
        return {"asked": asked, "refused": refused}

    return answer


# ---------------------------------------------------------------- offers & needs


def deck(weights: dict[str, float], size: int, rng: random.Random) -> list[str]:
    """``size`` cards in proportion to ``weights`` (largest remainders), shuffled: a room of 25
    then shows the usual balance instead of the luck of 25 independent draws."""
    total = sum(weights.values())
    exact = {key: size * weight / total for key, weight in weights.items()}
    counts = {key: math.floor(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: counts[k] - exact[k])[: size - sum(counts.values())]:
        counts[key] += 1
    cards = [key for key, count in counts.items() for _ in range(count)]
    rng.shuffle(cards)
    return cards


def dealt(person: Person, exercise: Any, weights: dict[str, float], what: str) -> str:
    """This person's card from the room's deck for ``exercise``."""
    room = random.Random(f"{SEED}-{person.audience}-{exercise.id}-{what}")
    return deck(weights, PARTICIPANTS, room)[person.index]


def offers(offer_weights: dict[str, float], need_weights: dict[str, float]) -> Answer:
    """Everyone offers something (some two things); most people post one need, a few two.

    Each person's first offer and first need are dealt from the room's decks; a category with no
    offer weight is a need nobody in the room can meet, so the board is never rigged to 100 %.
    """

    def entry(side: dict[str, list[texts.Pair]], category: str, rng: random.Random, lang: str):
        pick = rng.choice(side.get(category) or [("", "")])
        return {"category": category, "text": lang_pick(pick, lang) if rng.random() < 0.75 else ""}

    def another(weights: dict[str, float], taken: str, rng: random.Random) -> str:
        ids = [key for key, weight in weights.items() if weight and key != taken]
        return rng.choices(ids, [weights[i] for i in ids])[0]

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict:
        first_offer = dealt(person, exercise, offer_weights, "offers")
        first_need = dealt(person, exercise, need_weights, "needs")
        offered = [first_offer]
        if rng.random() < 0.4:
            offered.append(another(offer_weights, first_offer, rng))
        needed = [] if rng.random() < 0.08 and offer_weights.get(first_need) else [first_need]
        if needed and rng.random() < 0.15:
            needed.append(another(need_weights, first_need, rng))
        return {
            "offers": [entry(texts.OFFER_TEXTS, c, rng, lang) for c in offered],
            "needs": [entry(texts.NEED_TEXTS, c, rng, lang) for c in needed],
        }

    return answer


# ---------------------------------------------------------------- choices, quizzes


def pick_several(weights: Callable[[Person], dict[str, float]], most: int = 3) -> Answer:
    """Two or ``most`` options, the likelier ones for this person's traits more often."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        chances = weights(person)
        count = min(most, exercise.max_choices or most)
        count = rng.choices([min(2, count), count], [0.3, 0.7])[0]
        chosen: list[str] = []
        while len(chosen) < count:
            ids = [i for i in chances if i not in chosen]
            chosen.append(rng.choices(ids, [chances[i] for i in ids])[0])
        return chosen

    return answer


def pick_one(weights: dict[str, float]) -> Answer:
    """A single choice dealt from the room's deck: the usual order shows even in 25 answers."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        return [dealt(person, exercise, weights, "deck")]

    return answer


def quiz(weights: dict[str, float]) -> Answer:
    """A quiz answer dealt from the room's deck (``true``/``false`` or an option id)."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, str]:
        return {"option": dealt(person, exercise, weights, "deck")}

    return answer


def ways_general(p: Person) -> dict[str, float]:
    return {
        "coffee": 0.55 + 0.25 * (1 - p.groups),
        "events": 0.05 + 0.5 * p.groups,
        "writing": 0.03 + 0.45 * p.writing,
        "online_groups": 0.08 + 0.25 * p.writing,
        "helping": 0.35,
        "volunteering": 0.3,
        "alumni": 0.18,
        "hobbies": 0.4,
        "mentoring": 0.28,
    }


def ways_keen(p: Person) -> dict[str, float]:
    """A room of keen networkers: events and writing online first."""
    return {**ways_general(p), "events": 1.2, "writing": 0.7, "online_groups": 0.5}


def ways_students(p: Person) -> dict[str, float]:
    return {
        "informational": 0.12,
        "teachers": 0.45,
        "associations": 0.15 + 0.4 * p.groups,
        "fairs": 0.04 + 0.3 * p.groups,
        "jobs": 0.5,
        "volunteering": 0.3,
        "online": 0.12 + 0.35 * p.writing,
        "alumni": 0.12,
        "hobbies": 0.45,
    }


def ways_seniors(p: Person) -> dict[str, float]:
    return {
        "reconnect": 0.6,
        "coffee": 0.35 + 0.25 * (1 - p.groups),
        "mentoring": 0.5,
        "board": 0.15 + 0.25 * p.groups,
        "association": 0.12 + 0.3 * p.groups,
        "teaching": 0.15 + 0.25 * p.writing,
        "writing": 0.03 + 0.3 * p.writing,
        "events": 0.03 + 0.18 * p.groups,
        "volunteering": 0.28,
    }


def give_back(p: Person) -> dict[str, float]:
    return {
        "on_time": 0.6,
        "thanks": 0.7,
        "news": 0.25,
        "resource": 0.3,
        "fresh_eye": 0.2 + 0.2 * p.comfort,
        "intro": 0.12,
        "skill": 0.15 + 0.2 * p.comfort,
    }


def uneasy(p: Person) -> dict[str, float]:
    return {
        "talk_about_me": 0.5 + 0.3 * (1 - p.groups),
        "sum_up": 0.35,
        "no_title": 0.3,
        "selling": 0.6,
        "judged": 0.35 + 0.3 * (1 - p.comfort),
        "first": 0.15 + 0.3 * (1 - p.groups),
        "blank": 0.25,
        "language": 0.1,
    }


# ---------------------------------------------------------------- placement, time, ranking


def quadrant(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    def place(trait: float) -> int:
        return min(10, max(0, round(10 * trait + rng.gauss(0, 0.8))))

    return {"x": place(person.groups), "y": place(person.writing)}


def allocate(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    """Ten hours, mostly one to one; groups and public posting follow the person's traits."""
    leaning = {
        "group": 0.4 + 2.6 * person.groups,
        "one_to_one": 3.0 + 1.4 * (1 - person.groups),
        "messages": 1.2 + 1.2 * person.writing,
        "public": 0.1 + 1.8 * person.writing,
    }
    raw = {k: v * math.exp(rng.gauss(0, 0.35)) for k, v in leaning.items()}
    scale = exercise.total / sum(raw.values())
    shares = {k: v * scale for k, v in raw.items()}
    hours = {k: math.floor(v) for k, v in shares.items()}
    left = exercise.total - sum(hours.values())
    for key in sorted(shares, key=lambda k: hours[k] - shares[k])[:left]:
        hours[key] += 1  # largest remainders first
    return hours


def plackett_luce(strengths: dict[str, float]) -> Answer:
    """A ranking drawn item by item, stronger items earlier more often."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        left, order = dict(strengths), []
        while left:
            item = rng.choices(list(left), list(left.values()))[0]
            order.append(item)
            del left[item]
        return order

    return answer


# ---------------------------------------------------------------- texts: private, talk, wall


def reflection(plans: list[dict[str, texts.Pair]]) -> Answer:
    """One coherent plan, so its person, offer and time belong together."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, str]:
        plan = rng.choice(plans)
        return {f.id: lang_pick(plan[f.id], lang) for f in exercise.fields}

    return answer


def talk_note(share: float) -> Answer:
    """The optional private note of a talk step: most people write one, some do not."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict | None:
        notes = texts.TALK_NOTES.get(exercise.id)
        if exercise.note is None or not notes or rng.random() >= share:
            return None
        return {"note": lang_pick(rng.choice(notes), lang)}

    return answer


def wall(popular_first: float = 1.0) -> Answer:
    """One or two texts from the step's pool, the first ones more often (by ``popular_first``)."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, list]:
        pool = texts.WALL_TEXTS[exercise.id]
        weights = [popular_first**-i for i in range(len(pool))]
        count = min(exercise.max_texts, rng.choices([1, 2], [0.6, 0.4])[0])
        chosen: list[str] = []
        while len(chosen) < count:
            pick = lang_pick(pool[rng.choices(range(len(pool)), weights)[0]], lang)
            if pick not in chosen:
                chosen.append(pick)
        return {"texts": chosen}

    return answer


def cast_votes(room: list[dict], exercise_id: str, lang: str, rng: random.Random, top: list[str]):
    """Each person votes for two to five texts of other people, the ``top`` ones more often."""
    posted = {text for person in room for text in person.get(exercise_id, {}).get("texts", [])}
    for person in room:
        if exercise_id not in person and rng.random() < 0.5:
            continue  # some people who posted nothing vote anyway, others do not
        own = set(person.get(exercise_id, {}).get("texts", []))
        choices = sorted(posted - own)
        weights = [3.0 if text in top else 1.0 for text in choices]
        count = min(len(choices), rng.randint(2, 5))
        voted: list[str] = []
        while len(voted) < count:
            pick = rng.choices(choices, weights)[0]
            if pick not in voted:
                voted.append(pick)
        person.setdefault(VOTES, {})[exercise_id] = sorted(voted)


# Which texts a room votes up on each wall: the first entries of its pool, or, in a surprise
# room, the ones the notes do not expect.
WALL_FAVOURITES: dict[tuple[str, str], list[int]] = {
    ("students", "wall-values-students"): [0, 1, 2, 5],
    ("asking", "wall-good-questions"): [0, 1, 5, 4],
    ("wary", "wall-good-questions"): [9, 3],
    ("introducing", "wall-first-sentences"): [1, 2, 4, 8],
}


# ---------------------------------------------------------------- the rooms

GENERAL_OFFERS = offers(
    offer_weights={
        "listening": 6, "feedback": 5, "cv": 5, "sector": 4, "skill": 4,
        "interview": 0, "intro": 3, "tools": 3, "language": 0,
    },
    need_weights={
        "intro": 7, "sector": 6, "feedback": 3, "cv": 3, "interview": 2,
        "skill": 2, "tools": 1, "language": 1, "listening": 1,
    },
)  # fmt: skip

GENERAL: dict[str, Answer] = {
    "words-networking": words(texts.NETWORKING_WORDS),
    "words-relationships": words(texts.RELATIONSHIP_WORDS),
    "scale-before": scale_before(GENERAL),
    "scale-feelings-before": scale_before(GENERAL),
    "number-contacts": contacts(median=280, spread=1.25, advisers=6),
    "offers-give-first": GENERAL_OFFERS,
    "talk-offer-match": talk_note(0.7),
    "choice-your-way": pick_several(ways_general),
    "quadrant-energy-writing": quadrant,
    "quiz-gold-rush": quiz({"shovels": 11, "banks": 7, "nobody": 4, "diggers": 3}),
    "talk-first-sentence": talk_note(0.75),
    "quiz-clash-of-values": quiz({"false": 14, "true": 11}),
    "rank-what-lasts": plackett_luce(
        {"trust": 6, "values": 3.2, "reciprocity": 3.0, "frequency": 1.3, "usefulness": 0.6}
    ),
    "allocate-time": allocate,
    "scale-after": scale_after(GENERAL),
    "choice-first-action": pick_one(
        {"reconnect": 7, "thank": 5, "coffee": 4, "help": 4, "share": 3, "introduce": 2, "join": 2}
    ),
    "reflection-commitment": reflection(texts.PLANS),
}  # fmt: skip

STUDENT_ROOM = {
    "scale-before-students": scale_before(STUDENTS),
    "scale-after-students": scale_after(STUDENTS),
    "wall-values-students": wall(1.15),
    "number-contacts-students": contacts(median=60, spread=0.8, advisers=3.5),
    "offers-give-first-students": offers(
        offer_weights={
            "study": 6, "tools": 6, "listening": 5, "fresh_eye": 4, "language": 3,
            "cv": 2, "intro": 2, "sector": 2,
        },
        need_weights={
            "sector": 8, "intro": 6, "cv": 5, "study": 3, "fresh_eye": 2, "tools": 1,
            "language": 1,
        },
    ),
    "choice-your-way-students": pick_several(ways_students),
    "reflection-commitment-students": reflection(texts.STUDENT_PLANS),
    "choice-first-action-students": pick_one(
        {"informational": 6, "teacher": 5, "alumni": 4, "association": 3, "help": 3, "thank": 3}
    ),
}  # fmt: skip

SENIOR_ROOM = {
    "number-contacts": contacts(median=900, spread=0.9, advisers=7),
    "offers-give-first-seniors": offers(
        offer_weights={
            "craft": 6, "decision": 5, "mentoring": 5, "transition": 3, "intro": 3,
            "listening": 2, "board": 1, "sector_news": 0, "digital": 0, "generation": 0,
        },
        need_weights={
            "digital": 7, "generation": 5, "sector_news": 4, "intro": 4, "transition": 2,
            "board": 2, "decision": 1,
        },
    ),
    "choice-your-way-seniors": pick_several(ways_seniors),
    "choice-first-action-seniors": pick_one(
        {"reconnect": 7, "mentor": 6, "thank": 4, "learn": 3, "introduce": 2, "share": 2, "join": 1}
    ),
}  # fmt: skip

ASKING_ROOM: dict[str, Answer] = {
    "words-asking": words(texts.ASKING_WORDS),
    "scale-asking-before": scale_before(ASKING),
    "quiz-not-a-job-request": quiz({"false": 15, "true": 10}),
    "number-asked-refused": asked_refused(median=6, refusal=0.03),
    "wall-good-questions": wall(1.1),
    "quiz-first-message": quiz({"specific": 17, "urgent": 5, "job": 2, "cv": 1}),
    "talk-ask-20-minutes": talk_note(0.7),
    "choice-give-back": pick_several(give_back),
    "scale-asking-after": scale_after(ASKING),
    "reflection-informational": reflection(texts.ASKING_PLANS),
}  # fmt: skip

INTRODUCING_ROOM: dict[str, Answer] = {
    "words-introducing": words(texts.INTRODUCING_WORDS),
    "quiz-memorised-pitch": quiz({"false": 13, "true": 12}),
    "choice-uneasy-introducing": pick_several(uneasy, most=2),
    "talk-first-sentence": talk_note(0.75),
    "wall-first-sentences": wall(1.1),
    "quiz-introverts": quiz({"false": 15, "true": 10}),
    "talk-curious-trio": talk_note(0.0),
    "quiz-clash-of-values": quiz({"false": 13, "true": 12}),
    "reflection-introduction": reflection(texts.INTRODUCING_PLANS),
}  # fmt: skip

# Surprise rooms: the charts the speaker notes do not expect.
KEEN_ROOM: dict[str, Answer] = {
    "words-networking": words(texts.KEEN_NETWORKING_WORDS),
    "words-relationships": words(texts.KEEN_RELATIONSHIP_WORDS),
    "scale-before": scale_before(KEEN),
    "scale-after": scale_after(KEEN),
    "number-contacts": contacts(median=600, spread=1.0, advisers=0, coupled=0.12),
    "offers-give-first": offers(
        offer_weights={
            "listening": 6, "feedback": 5, "sector": 5, "skill": 4, "intro": 3, "cv": 2,
            "tools": 0, "language": 0, "interview": 0,
        },
        need_weights={
            "language": 6, "interview": 6, "tools": 5, "cv": 3, "intro": 2, "sector": 2,
            "skill": 1,
        },
    ),
    "choice-your-way": pick_several(ways_keen),
    "quiz-gold-rush": quiz({"shovels": 22, "banks": 2, "nobody": 1}),
    "quiz-clash-of-values": quiz({"false": 22, "true": 3}),
    "rank-what-lasts": plackett_luce(
        {"usefulness": 4.2, "trust": 3.8, "frequency": 3.4, "reciprocity": 3.0, "values": 2.4}
    ),
    "choice-first-action": pick_one(
        {"join": 10, "coffee": 5, "introduce": 4, "share": 3, "reconnect": 2, "thank": 1}
    ),
}  # fmt: skip

WARY_ROOM: dict[str, Answer] = {
    "words-asking": words(texts.KEEN_ASKING_WORDS),
    "number-asked-refused": asked_refused(median=8, refusal=0.45),
    "wall-good-questions": wall(1.1),
    "quiz-first-message": quiz({"urgent": 11, "specific": 9, "job": 3, "cv": 2}),
}  # fmt: skip

GENERATORS: dict[str, dict[str, Answer]] = {
    "general": GENERAL,
    "students": GENERAL | STUDENT_ROOM,
    "seniors": GENERAL | SENIOR_ROOM,
    "asking": ASKING_ROOM,
    "introducing": INTRODUCING_ROOM,
    "keen": GENERAL | KEEN_ROOM,
    "wary": ASKING_ROOM | WARY_ROOM,
}

# A few people leave one step unanswered (their phone slept, they were thinking).
SKIPS = {
    4: "number-contacts",
    9: "allocate-time",
    13: "rank-what-lasts",
    16: "number-contacts-students",
    20: "choice-your-way-seniors",
    7: "quiz-first-message",
    11: "choice-uneasy-introducing",
}
# What the two late arrivals missed: the first steps of every workshop.
LATE_SKIPS = {
    "words-networking",
    "words-relationships",
    "scale-before",
    "scale-feelings-before",
    "scale-before-students",
    "words-asking",
    "scale-asking-before",
    "words-introducing",
    "quiz-memorised-pitch",
}


def people(audience: str) -> list[Person]:
    profile = PROFILES.get(audience, Profile())
    rng = random.Random(f"{SEED}-{audience}-people")
    room = []
    for index in range(PARTICIPANTS):
        introvert = rng.random() < profile.introverts
        groups = rng.uniform(0.05, 0.45) if introvert else rng.uniform(0.55, 0.95)
        room.append(
            Person(
                groups=groups,
                writing=rng.uniform(0.05, 0.95),
                comfort=min(1.0, max(0.0, rng.gauss(profile.comfort, 0.2))),
                moved=rng.uniform(0.4, 1.4),
                late=index >= PARTICIPANTS - 2,  # two people arrive after the first steps
                index=index,
                audience=audience,
                seed=f"{SEED}-{audience}-{index}",
            )
        )
    return room


def room_answers(catalog: Catalog, audience: str, exercise_ids: list[str], lang: str) -> list[dict]:
    """One mapping per participant, exercise id → raw answer, plus their wall votes."""
    generators = GENERATORS[audience]
    answers = []
    for person in people(audience):
        mine: dict[str, Any] = {}
        for exercise_id in exercise_ids:
            # One generator per person and exercise: adding a step never changes the others.
            rng = random.Random(f"{person.seed}-{exercise_id}")
            skipped = SKIPS.get(person.index) == exercise_id
            if (person.late and exercise_id in LATE_SKIPS) or skipped:
                continue
            exercise = catalog.exercises[exercise_id]
            raw = generators[exercise_id](person, rng, lang, exercise)
            if raw is not None:
                mine[exercise_id] = raw
        answers.append(mine)
    for exercise_id in exercise_ids:
        if catalog.exercises[exercise_id].kind == "wall":
            pool = texts.WALL_TEXTS[exercise_id]
            top = [
                lang_pick(pool[i], lang) for i in WALL_FAVOURITES.get((audience, exercise_id), [])
            ]
            cast_votes(answers, exercise_id, lang, random.Random(f"{SEED}-{audience}-votes"), top)
    return answers


def build(catalog: Catalog) -> dict[str, dict[str, dict[str, list[dict]]]]:
    """Room kind → language → workshop → its 25 people."""
    data: dict[str, dict[str, dict[str, list[dict]]]] = {}
    for kind, audiences in ROOMS.items():
        data[kind] = {lang: {} for lang in LANGS}
        for workshop_id, audience in audiences.items():
            if workshop_id not in catalog.workshops:
                continue
            ids = [step.exercise for step in catalog.workshops[workshop_id].steps]
            for lang in LANGS:
                data[kind][lang][workshop_id] = room_answers(catalog, audience, ids, lang)
    return data


def check_valid(catalog: Catalog, data: dict) -> None:
    """Every raw answer must be one a phone could send, every vote for someone else's text."""
    for kind, languages in data.items():
        for lang, workshops in languages.items():
            for workshop_id, room in workshops.items():
                for number, person in enumerate(room, start=1):
                    where = f"{kind}/{lang}/{workshop_id} participant {number}"
                    for exercise_id, raw in person.items():
                        if exercise_id == VOTES:
                            continue
                        exercise = catalog.exercises[exercise_id]
                        try:
                            kind_of(exercise).validate(exercise, raw, MAX_CHARS)
                        except ValueError as exc:
                            raise SystemExit(
                                f"{where} {exercise_id}: rejected ({exc}): {raw!r}"
                            ) from exc
                    for exercise_id, voted in person.get(VOTES, {}).items():
                        own = set(person.get(exercise_id, {}).get("texts", []))
                        if own & set(voted):
                            raise SystemExit(f"{where} votes for their own text on {exercise_id}")


def render(data: dict) -> str:
    """One participant per line: small diffs when the content changes."""
    lines = ["{"]
    for ki, (kind, languages) in enumerate(data.items()):
        lines.append(f"  {json.dumps(kind)}: {{")
        for li, (lang, workshops) in enumerate(languages.items()):
            lines.append(f"    {json.dumps(lang)}: {{")
            for wi, (workshop_id, room) in enumerate(workshops.items()):
                lines.append(f"      {json.dumps(workshop_id)}: [")
                for pi, person in enumerate(room):
                    comma = "," if pi < len(room) - 1 else ""
                    lines.append(f"        {json.dumps(person, ensure_ascii=False)}{comma}")
                lines.append("      ]" + ("," if wi < len(workshops) - 1 else ""))
            lines.append("    }" + ("," if li < len(languages) - 1 else ""))
        lines.append("  }" + ("," if ki < len(data) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises", help="folder")
    parser.add_argument("--out", type=Path, default=OUT, help="file to write or check")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.exercises)
    if catalog.errors:
        raise SystemExit("\n".join(map(str, catalog.errors)))
    data = build(catalog)
    check_valid(catalog, data)
    text = render(data)
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
            print(f"{args.out} is out of date: run scripts/make_demo_data.py")
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = {k: sorted(ws) for k, ws in ((k, data[k]["en"]) for k in data)}
    print(f"wrote {args.out}: 25 people per workshop and language, rooms {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
