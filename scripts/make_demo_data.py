"""Write ``data/demo_answers.json``: 25 synthetic participants for every shipped workshop.

The answers are invented, seeded and deterministic (run it twice, get the same file). They are
shaped so that each chart tells its step's story the way a real room usually does: the
networking words are about chores and contacts while the relationship words are about trust and
listening; many contacts do not mean many advisers; the room offers what it needs; the final
scales move towards "I feel like myself" and "I know what I can bring".

Each synthetic person has a few traits (energy in groups, ease in writing, comfort) that keep
their answers coherent from one step to the next. French and English use the same draws, so both
languages show the same picture. Every answer goes through its kind's ``validate`` before the
file is written.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modules.catalog import Catalog, load_catalog  # noqa: E402
from modules.kinds import kind_of  # noqa: E402

OUT = ROOT / "data" / "demo_answers.json"
SEED = 2026
PARTICIPANTS = 25
LANGS = ("fr", "en")
MAX_CHARS = 280

# Which synthetic room answers each workshop. The general room answers the full workshop; the
# starter and the 45-minute cut reuse its answers for their own steps.
AUDIENCES = {
    "relations-90": "general",
    "relations-45": "general",
    "starter": "general",
    "students": "students",
    "seniors": "seniors",
}

Pair = tuple[str, str]  # (French, English)


@dataclass(frozen=True)
class Person:
    """The traits that keep one synthetic participant's answers consistent across steps."""

    groups: float  # 0 = groups drain me, 1 = groups recharge me
    writing: float  # 0 = writing costs me, 1 = writing comes easily
    comfort: float  # how at ease with networking they arrive
    moved: float  # how much the workshop shifts them
    late: bool  # arrived after the "before" scales
    index: int  # their place in the room
    audience: str  # which synthetic room they belong to
    seed: str  # their own draws, shared by the "before" and "after" scales


# ---------------------------------------------------------------- words

NETWORKING_WORDS: list[tuple[str, str, float]] = [
    ("corvée", "chore", 14),
    ("contacts", "contacts", 11),
    ("cartes professionnelles", "business cards", 7),
    ("bavardage", "small talk", 8),
    ("LinkedIn", "LinkedIn", 4),
    ("stress", "stress", 5),
    ("intérêt", "self-interest", 5),
    ("obligation", "obligation", 4),
    ("opportunités", "opportunities", 3),
    ("poignées de main", "handshakes", 3),
    ("calcul", "calculating", 3),
    ("malaise", "awkward", 3),
    ("événements", "events", 3),
    ("hypocrisie", "fake", 2),
    ("piston", "schmoozing", 2),
    ("cocktail", "cocktails", 2),
    ("carrière", "career", 2),
    ("échange", "exchange", 2),
    ("rencontre", "meeting", 1.5),
    ("vente", "selling", 1),
]

RELATIONSHIP_WORDS: list[tuple[str, str, float]] = [
    ("confiance", "trust", 14),
    ("écoute", "listening", 11),
    ("partage", "sharing", 9),
    ("réciprocité", "reciprocity", 6),
    ("sincérité", "honesty", 5),
    ("entraide", "mutual help", 5),
    ("échange", "exchange", 4),
    ("temps", "time", 4),
    ("authenticité", "authenticity", 4),
    ("rencontre", "meeting", 3),
    ("valeurs", "values", 3),
    ("amitié", "friendship", 3),
    ("curiosité", "curiosity", 3),
    ("respect", "respect", 2),
    ("durée", "lasting", 2),
    ("café", "coffee", 2),
    ("humain", "human", 2),
]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(vocabulary: list[tuple[str, str, float]]) -> Callable:
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
            word = vocabulary[index][0 if lang == "fr" else 1]
            capital, no_accent = rng.random() < 0.15, rng.random() < 0.08
            if no_accent and lang == "fr":
                word = _strip_accents(word)
            typed.append(word[:1].upper() + word[1:] if capital else word)
        return typed

    return answer


# ---------------------------------------------------------------- scales

BEFORE = {"chore": 3.9, "myself": 2.3, "bring": 2.5, "method": 3.5, "approach": 2.6}
SHIFT = {"chore": -1.1, "myself": 1.0, "bring": 1.2, "method": -1.4, "approach": 0.25}


def _point(value: float, points: int = 5) -> int:
    return min(points, max(1, round(value)))


def before_points(person: Person) -> dict[str, float]:
    """Unrounded starting points, the same for both scales, so the "after" moves from them."""
    rng = random.Random(f"{person.seed}-before")
    lean = {
        "chore": BEFORE["chore"] + (0.5 - person.comfort) * 1.4,
        "myself": BEFORE["myself"] + (person.comfort - 0.5) * 1.6,
        "bring": BEFORE["bring"] + (person.comfort - 0.5) * 1.2,
        "method": BEFORE["method"] + (0.5 - person.comfort) * 0.8,
        "approach": 1.2 + 3.2 * person.groups,
    }
    return {key: rng.gauss(centre, 0.7) for key, centre in lean.items()}


def scale_before(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    points = before_points(person)
    return {s.id: _point(points[s.id]) for s in exercise.statements}


def scale_after(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    points = before_points(person)
    return {
        key: _point(points[key] + SHIFT[key] * person.moved + rng.gauss(0, 0.45)) for key in points
    }


# ---------------------------------------------------------------- numbers


def _as_people_say(value: float) -> int:
    """Estimates come out round: 40, 150, 300, 1 500."""
    if value < 20:
        return max(1, round(value))
    for limit, unit in ((100, 5), (400, 10), (1000, 50), (5000, 100)):
        if value < limit:
            return int(round(value / unit) * unit)
    return int(round(value / 500) * 500)


def contacts(median: float, spread: float, advisers: float) -> Callable:
    """Breadth spread over decades; depth in single figures, barely linked to breadth."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
        drawn = math.exp(rng.gauss(math.log(median), spread))
        many = _as_people_say(min(20000, max(12, drawn)))
        depth = advisers + 3 * (person.comfort - 0.5) + 0.6 * math.log10(many / median)
        few = min(many, max(1, round(rng.gauss(depth, 2.0))))
        return {"contacts": many, "advice": few}

    return answer


# ---------------------------------------------------------------- offers & needs

OFFER_TEXTS: dict[str, list[Pair]] = {
    "cv": [
        ("Relire un CV ce week-end", "Read over a CV this weekend"),
        ("Un œil neuf sur une lettre de motivation", "A fresh eye on a cover letter"),
    ],
    "intro": [
        ("Je connais du monde en santé publique", "I know people in public health"),
        ("Présenter quelqu'un de mon ancienne équipe", "Introduce someone from my old team"),
    ],
    "sector": [
        ("Raconter le quotidien en logistique", "Describe a day in logistics"),
        ("Le milieu associatif vu de l'intérieur", "The non-profit world from the inside"),
    ],
    "skill": [
        ("Une initiation à Excel", "A beginner's session on Excel"),
        ("Prendre la parole en public", "Speaking in public"),
    ],
    "feedback": [
        ("Un avis honnête sur un projet", "An honest opinion on a project"),
        ("Relire un pitch ou une présentation", "Go over a pitch or a presentation"),
    ],
    "listening": [
        ("Un café pour parler de vos doutes", "A coffee to talk through your doubts"),
        ("Une heure d'écoute, sans conseils", "An hour of listening, no advice"),
    ],
    "interview": [
        ("Jouer le recruteur pour vous entraîner", "Play the recruiter so you can practise"),
    ],
    "tools": [
        ("Remettre un profil LinkedIn à jour", "Update a LinkedIn profile together"),
    ],
    "language": [
        ("Converser en espagnol", "Conversation in Spanish"),
    ],
    "study": [
        ("Aide en statistiques", "Help with statistics"),
        ("Réviser ensemble avant les examens", "Revise together before exams"),
    ],
    "fresh_eye": [
        ("Tester votre appli ou votre site", "Test your app or website"),
        ("Un regard d'étudiant sur votre projet", "A student's view of your project"),
    ],
}

NEED_TEXTS: dict[str, list[Pair]] = {
    "cv": [
        ("Un avis sur mon CV avant de postuler", "Feedback on my CV before I apply"),
    ],
    "intro": [
        ("Rencontrer quelqu'un dans l'économie sociale", "Meet someone in the social economy"),
        ("Un contact dans une PME de ma région", "A contact in a small firm near me"),
    ],
    "sector": [
        ("Comprendre le métier de chargé de projet", "Understand what a project officer does"),
        ("Savoir si la formation continue recrute", "Find out if adult education is hiring"),
    ],
    "skill": [
        ("Apprendre les bases de la gestion de projet", "Learn the basics of project management"),
    ],
    "feedback": [
        ("Un regard sur mon projet de reconversion", "Another view on my career change plan"),
    ],
    "listening": [
        ("Parler de ma transition avec quelqu'un", "Talk my transition through with someone"),
    ],
    "interview": [
        ("M'entraîner avant un entretien jeudi", "Practise before an interview on Thursday"),
    ],
    "tools": [
        ("Comprendre comment utiliser LinkedIn", "Understand how to use LinkedIn"),
    ],
    "language": [
        ("Pratiquer l'anglais des affaires", "Practise business English"),
    ],
    "study": [
        ("De l'aide pour mon travail de session", "Help with my term paper"),
    ],
    "fresh_eye": [
        ("Un avis sur mon portfolio", "Feedback on my portfolio"),
    ],
}


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


def offers(offer_weights: dict[str, float], need_weights: dict[str, float]) -> Callable:
    """Everyone offers something (some two things); most people post one need, a few two.

    Each person's first offer and first need are dealt from the room's decks; a category with no
    offer weight is a need nobody in the room can meet, so the board is never rigged to 100 %.
    """

    def entry(side: dict[str, list[Pair]], category: str, rng: random.Random, lang: str) -> dict:
        texts = side.get(category, [])
        pick = rng.choice(texts) if texts else ("", "")
        written = rng.random() < 0.75
        return {"category": category, "text": pick[0 if lang == "fr" else 1] if written else ""}

    def another(weights: dict[str, float], taken: str, rng: random.Random) -> str:
        ids = [key for key, weight in weights.items() if weight and key != taken]
        return rng.choices(ids, [weights[i] for i in ids])[0]

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict:
        room = random.Random(f"{SEED}-{person.audience}-{exercise.id}-decks")
        first_offer = deck(offer_weights, PARTICIPANTS, room)[person.index]
        first_need = deck(need_weights, PARTICIPANTS, room)[person.index]
        offered = [first_offer]
        if rng.random() < 0.4:
            offered.append(another(offer_weights, first_offer, rng))
        needed = [] if rng.random() < 0.08 and offer_weights.get(first_need) else [first_need]
        if needed and rng.random() < 0.15:
            needed.append(another(need_weights, first_need, rng))
        return {
            "offers": [entry(OFFER_TEXTS, c, rng, lang) for c in offered],
            "needs": [entry(NEED_TEXTS, c, rng, lang) for c in needed],
        }

    return answer


# ---------------------------------------------------------------- choices


def pick_several(weights: Callable[[Person], dict[str, float]], most: int = 3) -> Callable:
    """Two or three options, the likelier ones for this person's traits more often."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        chances = weights(person)
        count = rng.choices([2, most], [0.3, 0.7])[0]
        chosen: list[str] = []
        while len(chosen) < count:
            ids = [i for i in chances if i not in chosen]
            chosen.append(rng.choices(ids, [chances[i] for i in ids])[0])
        return chosen

    return answer


def pick_one(weights: dict[str, float]) -> Callable:
    """A single choice dealt from the room's deck: the usual order shows even in 25 answers."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        room = random.Random(f"{SEED}-{person.audience}-{exercise.id}-deck")
        return [deck(weights, PARTICIPANTS, room)[person.index]]

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


# ---------------------------------------------------------------- placement, time, ranking


def quadrant(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    def place(trait: float) -> int:
        return min(10, max(0, round(10 * trait + rng.gauss(0, 0.8))))

    return {"x": place(person.groups), "y": place(person.writing)}


def allocate(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, int]:
    """Ten hours, mostly one-to-one; events and posting follow the person's traits."""
    leaning = {
        "events": 0.3 + 2.4 * person.groups,
        "one_to_one": 2.6 + 1.2 * (1 - person.groups),
        "helping": 1.8,
        "posting": 0.1 + 2.0 * person.writing,
        "follow_up": 1.9,
    }
    raw = {k: v * math.exp(rng.gauss(0, 0.35)) for k, v in leaning.items()}
    scale = exercise.total / sum(raw.values())
    shares = {k: v * scale for k, v in raw.items()}
    hours = {k: math.floor(v) for k, v in shares.items()}
    left = exercise.total - sum(hours.values())
    for key in sorted(shares, key=lambda k: hours[k] - shares[k])[:left]:
        hours[key] += 1  # largest remainders first
    return hours


def plackett_luce(strengths: dict[str, float]) -> Callable:
    """A ranking drawn item by item, stronger items earlier more often."""

    def answer(person: Person, rng: random.Random, lang: str, exercise: Any) -> list[str]:
        left, order = dict(strengths), []
        while left:
            item = rng.choices(list(left), list(left.values()))[0]
            order.append(item)
            del left[item]
        return order

    return answer


# ---------------------------------------------------------------- private commitment

PLAN_TEXTS: dict[str, list[Pair]] = {
    "person": [
        ("Karine, mon ancienne collègue", "Karen, my former colleague"),
        ("M., rencontré à une formation", "M., whom I met on a course"),
        ("Mon ancien voisin de bureau", "The person who sat next to me at work"),
        ("J.-F., mon premier patron", "J., my first boss"),
    ],
    "offer": [
        ("Lui envoyer un article qui l'intéressera", "Send an article they will like"),
        ("La féliciter pour son nouveau poste", "Congratulate her on her new job"),
        ("Le présenter à Nadia, qui cherche un associé", "Introduce him to Nadia, who needs one"),
        ("Un coup de main pour son déménagement", "A hand with the move"),
    ],
    "how": [
        ("Un message jeudi midi", "A message on Thursday at lunch"),
        ("Un appel vendredi en fin de journée", "A call on Friday afternoon"),
        ("Un courriel ce soir", "An email tonight"),
    ],
    "question": [
        ("À quoi ressemble une semaine type ?", "What does a typical week look like?"),
        ("Qu'est-ce qui vous a surpris en commençant ?", "What surprised you when you started?"),
        ("Quel cours vous sert le plus aujourd'hui ?", "Which course helps you most today?"),
    ],
}

STUDENT_PEOPLE: list[Pair] = [
    ("Une ergothérapeute, amie de ma tante", "An occupational therapist, my aunt's friend"),
    ("L'ingénieur qui a présenté son métier en classe", "The engineer who spoke to our class"),
    ("Une ancienne de mon programme", "A graduate of my programme"),
]


def reflection(person: Person, rng: random.Random, lang: str, exercise: Any) -> dict[str, str]:
    texts = dict(PLAN_TEXTS)
    if "question" in {f.id for f in exercise.fields}:
        texts["person"] = STUDENT_PEOPLE
    plan = {}
    for field in exercise.fields:
        pick = rng.choice(texts[field.id])
        plan[field.id] = pick[0 if lang == "fr" else 1]
    return plan


# ---------------------------------------------------------------- the room

GENERATORS: dict[str, Callable] = {
    "words-networking": words(NETWORKING_WORDS),
    "words-relationships": words(RELATIONSHIP_WORDS),
    "scale-before": scale_before,
    "scale-feelings-before": scale_before,
    "number-contacts": contacts(median=280, spread=1.25, advisers=6),
    "offers-give-first": offers(
        offer_weights={
            "listening": 6, "feedback": 5, "cv": 5, "sector": 4, "skill": 3,
            "interview": 2, "intro": 3, "tools": 2, "language": 0,
        },
        need_weights={
            "intro": 7, "sector": 6, "feedback": 3, "cv": 3, "interview": 2,
            "skill": 2, "tools": 1, "language": 1, "listening": 1,
        },
    ),
    "choice-your-way": pick_several(ways_general),
    "quadrant-energy-writing": quadrant,
    "allocate-time": allocate,
    "rank-what-lasts": plackett_luce(
        {"trust": 6, "values": 3.2, "reciprocity": 3.0, "frequency": 1.3, "usefulness": 0.6}
    ),
    "reflection-commitment": reflection,
    "choice-first-action": pick_one(
        {"reconnect": 7, "thank": 5, "coffee": 4, "help": 4, "share": 3, "introduce": 2, "join": 2}
    ),
    "scale-after": scale_after,
}  # fmt: skip

STUDENTS = {
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
    "reflection-commitment-students": reflection,
    "choice-first-action-students": pick_one(
        {"informational": 6, "teacher": 5, "alumni": 4, "association": 3, "help": 3, "thank": 3}
    ),
}  # fmt: skip

SENIORS = {
    "number-contacts": contacts(median=900, spread=0.9, advisers=7),
    "choice-your-way-seniors": pick_several(ways_seniors),
    "choice-first-action-seniors": pick_one(
        {"reconnect": 7, "mentor": 6, "thank": 4, "introduce": 3, "share": 2, "join": 2}
    ),
}

ROOMS = {"general": GENERATORS, "students": GENERATORS | STUDENTS, "seniors": GENERATORS | SENIORS}
# A few people leave one step unanswered (their phone slept, they were thinking).
SKIPS = {
    4: "number-contacts",
    9: "allocate-time",
    13: "rank-what-lasts",
    16: "number-contacts-students",
    20: "choice-your-way-seniors",
}
LATE_SKIPS = {"words-networking", "words-relationships", "scale-before", "scale-feelings-before"}


def people(audience: str) -> list[Person]:
    rng = random.Random(f"{SEED}-{audience}-people")
    room = []
    for index in range(PARTICIPANTS):
        introvert = rng.random() < 0.6
        groups = rng.uniform(0.05, 0.45) if introvert else rng.uniform(0.55, 0.95)
        room.append(
            Person(
                groups=groups,
                writing=rng.uniform(0.05, 0.95),
                comfort=min(1.0, max(0.0, rng.gauss(0.4, 0.2))),
                moved=rng.uniform(0.4, 1.4),
                late=index >= PARTICIPANTS - 2,  # two people arrive after the first steps
                index=index,
                audience=audience,
                seed=f"{SEED}-{audience}-{index}",
            )
        )
    return room


def room_answers(catalog: Catalog, audience: str, exercise_ids: list[str], lang: str) -> list[dict]:
    """One mapping per participant, exercise id → raw answer, for the given exercises."""
    generators = ROOMS[audience]
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
            mine[exercise_id] = generators[exercise_id](person, rng, lang, exercise)
        answers.append(mine)
    return answers


def build(catalog: Catalog) -> dict[str, dict[str, list[dict]]]:
    data: dict[str, dict[str, list[dict]]] = {lang: {} for lang in LANGS}
    for workshop_id, audience in AUDIENCES.items():
        if workshop_id not in catalog.workshops:
            continue
        workshop = catalog.workshops[workshop_id]
        ids = [step.exercise for step in workshop.steps]
        for lang in LANGS:
            data[lang][workshop_id] = room_answers(catalog, audience, ids, lang)
    return data


def check_valid(catalog: Catalog, data: dict[str, dict[str, list[dict]]]) -> None:
    """Every raw answer must be one a phone could send."""
    for lang, workshops in data.items():
        for workshop_id, room in workshops.items():
            for number, person in enumerate(room, start=1):
                for exercise_id, raw in person.items():
                    exercise = catalog.exercises[exercise_id]
                    try:
                        kind_of(exercise).validate(exercise, raw, MAX_CHARS)
                    except ValueError as exc:
                        raise SystemExit(
                            f"{lang}/{workshop_id} participant {number} {exercise_id}: "
                            f"rejected ({exc}): {raw!r}"
                        ) from exc


def render(data: dict) -> str:
    """One participant per line: small diffs when the content changes."""
    lines = ["{"]
    for li, (lang, workshops) in enumerate(data.items()):
        lines.append(f"  {json.dumps(lang)}: {{")
        for wi, (workshop_id, room) in enumerate(workshops.items()):
            lines.append(f"    {json.dumps(workshop_id)}: [")
            for pi, person in enumerate(room):
                comma = "," if pi < len(room) - 1 else ""
                lines.append(f"      {json.dumps(person, ensure_ascii=False)}{comma}")
            lines.append("    ]" + ("," if wi < len(workshops) - 1 else ""))
        lines.append("  }" + ("," if li < len(data) - 1 else ""))
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
    counts = {lang: {w: len(r) for w, r in ws.items()} for lang, ws in data.items()}
    print(f"wrote {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
