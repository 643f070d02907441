"""The house style of every text people read (exercises/README.md, "House style"): typographic
apostrophes in both languages, French written épicène without abbreviated forms, and none of
the mistakes a bilingual counsellor once found in the workshop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modules import PROJECT_ROOT
from modules.catalog import Catalog
from modules.i18n import messages

GUIDES = {
    "en": PROJECT_ROOT / "facilitator_guide.md",
    "fr": PROJECT_ROOT / "facilitator_guide.fr.md",
}
DEMO_FILE = PROJECT_ROOT / "data" / "demo_answers.json"

# A straight apostrophe between two letters, or closing an English plural possessive.
STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])|(?<=s)'(?=\s)")

# Abbreviated inclusive forms: seul·e, étudiant(e)s, ami/e, ami-e-s, étudiant.e.s.
ABBREVIATED = re.compile(
    r"[^\W\d_]·[^\W\d_]|[^\W\d_]\((e|es|ne|nes|se|ses|rice|rices)\)|[^\W\d_]/(e|es)\b"
    r"|[^\W\d_]-(e|es)-s?\b|[^\W\d_]\.(e|es)\.s?\b",
)

# A masculine form used for people, and the feminine form that must stand beside it (a full
# doublet, feminine first). Rephrasing with an epicene word is the preferred way out.
DOUBLETS: dict[str, str] = {
    r"\banimateurs?\b": "animatrice",
    r"\bparticipants?\b": "participante",
    r"\bétudiants?\b": "étudiante",
    r"\bconseillers?\b": "conseillère",
    r"\bintrovertis?\b": "introvertie",
    r"\bextravertis?\b": "extravertie",
    r"\brecruteurs?\b": "recruteuse",
    r"\bvoisins?\b": "voisine",
    r"\bamis?\b": "amie",
    r"\banciens?\b": "ancienne",
    r"\bdiplômés?\b": "diplômée",
    r"\binterlocuteurs?\b": "interlocutrice",
    r"\brépondants?\b": "répondante",
    r"\bconnectés\b": "connectées",
    r"\bmaîtres? de stage\b": "maîtresse",
    r"\b(un|des|les|aux|ces|vos|nos|de)\s+professionnels?\b": "professionnelle",
    r"\bchacun\b": "chacune",
    r"\btous\b(?!\s+(les|ces|mes|tes|vos|nos|ses|leurs|deux|trois)\b)": "toutes",
}
# Masculine pronouns and agreements with an unknown "je" or "vous": always rephrased.
NEVER = [
    r"\bcelui qui\b",
    r"\bceux qui\b",
    r"\bm’a aidé\b",
    r"\bvous êtes (prêt|seul|sûr|invité|connecté)s?\b",
    r"\bvous seuls?\b",
]
DOUBLET_REACH = 60  # characters either side where the feminine form must appear

# Point 5 of issue 15: mistakes that must not come back.
KNOWN_MISTAKES = [
    "deuxième nuage",
    "perdu de vue",
    "pas de « avant »",
    "advised you a method",
    "ever brought you",
    "Introduce him to Nadia",
    "bonne méthode, et je devrais",
]


def strings_in(value: Any, lang: str) -> Iterator[str]:
    """Every string under a ``lang`` key of a dumped model ({fr: …, en: …} texts, examples)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == lang:
                yield from _flat(inner)
            else:
                yield from strings_in(inner, lang)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item, lang)


def _flat(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flat(item)


def guide_prose(path: Path) -> Iterator[tuple[str, str]]:
    """The guide's lines outside fenced code blocks, with inline code and link targets removed."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            prose = re.sub(r"`[^`]*`", "", line)
            yield f"{path.name}:{number}", re.sub(r"\]\([^)]*\)", "]", prose)


def texts(catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """(where, text) for everything people read in ``lang``: exercises, workshops, i18n, guide."""
    found = [
        (f"{model.id}", text)
        for model in [*catalog.exercises.values(), *catalog.workshops.values()]
        for text in strings_in(model.model_dump(), lang)
    ]
    for key, message in messages(lang).items():  # a count-dependent message: every form
        forms = message.items() if isinstance(message, dict) else [("", message)]
        found += [(f"i18n/{lang}.yaml {key} {form}".rstrip(), text) for form, text in forms]
    found += list(guide_prose(GUIDES[lang]))
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_apostrophes_are_typographic(catalog: Catalog, lang: str):
    straight = [
        f"{where}: {text}"
        for where, text in texts(catalog, lang)
        if STRAIGHT_APOSTROPHE.search(text)
    ]
    assert not straight, "run scripts/typography.py --fix:\n" + "\n".join(straight[:20])


def test_the_apostrophe_check_notices_a_straight_one():
    assert STRAIGHT_APOSTROPHE.search("l'atelier") and STRAIGHT_APOSTROPHE.search("people's")
    assert STRAIGHT_APOSTROPHE.search("the parents' friends")
    assert not STRAIGHT_APOSTROPHE.search("l’atelier, people’s, parents’ friends, 'quoted'")


def test_french_has_no_abbreviated_inclusive_forms(catalog: Catalog):
    found = [f"{where}: {text}" for where, text in texts(catalog, "fr") if ABBREVIATED.search(text)]
    assert not found, "\n".join(found)


def masculine_generics(text: str) -> list[str]:
    """The masculine forms in ``text`` that stand without their feminine twin, and the phrases
    that must always be rephrased."""
    problems = []
    for pattern, feminine in DOUBLETS.items():
        for match in re.finditer(pattern, text, re.IGNORECASE):
            around = text[max(0, match.start() - DOUBLET_REACH) : match.end() + DOUBLET_REACH]
            if feminine not in around.lower():
                problems.append(match.group(0))
    problems += [m.group(0) for p in NEVER for m in re.finditer(p, text, re.IGNORECASE)]
    return problems


def test_the_epicene_check_tells_a_doublet_from_a_masculine_generic():
    assert masculine_generics("Demandez à l’animateur.") == ["animateur"]
    assert masculine_generics("les étudiantes et étudiants du programme") == []
    assert masculine_generics("Chacun répond, celui qui veut parle.") == ["Chacun", "celui qui"]
    assert masculine_generics("tous les jours, toute la salle, chaque personne") == []
    assert masculine_generics("Remercier quelqu’un qui m’a aidé") == ["m’a aidé"]


def test_french_is_written_epicene(catalog: Catalog):
    found = [
        f"{where}: {', '.join(problems)} in {text!r}"
        for where, text in texts(catalog, "fr")
        if (problems := masculine_generics(text))
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_known_mistakes_do_not_come_back(catalog: Catalog, lang: str):
    everything = [text for _, text in texts(catalog, lang)]
    everything.append(DEMO_FILE.read_text(encoding="utf-8"))
    for mistake in KNOWN_MISTAKES:
        assert not any(mistake.lower() in text.lower() for text in everything), mistake


def test_english_uses_the_singular_they(catalog: Catalog):
    found = [
        f"{where}: {text}"
        for where, text in texts(catalog, "en")
        if re.search(r"\b(he or she|him or her|his or her|s/he)\b", text, re.IGNORECASE)
    ]
    assert not found, "\n".join(found)
