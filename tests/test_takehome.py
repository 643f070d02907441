import re
from html.parser import HTMLParser

from modules import live, takehome
from modules.highlight import group_summary
from modules.identity import digest
from modules.service import create_session, submit_answer


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def _workshop_with_answers(store, catalog, settings, mine):
    links = create_session(store, catalog, settings, "starter", "fr")
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    people = [store.join(session.id, digest(f"p{i}"), max_participants=10) for i in range(4)]
    live.go_to_step(store, session, 0)
    words = catalog.exercise_for(workshop, 0)
    given_by = [mine, ["confiance"], ["café", "confiance"], ["écoute"]]
    for person, given in zip(people, given_by, strict=True):
        submit_answer(store, settings, session, words, 0, person, given)
    live.set_revealed(store, store.session(session.id), True)
    live.go_to_step(store, store.session(session.id), 1)
    other = catalog.exercise_for(workshop, 1)
    submit_answer(store, settings, session, other, 1, people[0], ["partage"])  # never revealed
    return store.session(session.id), workshop, people[0]


def test_the_take_home_holds_own_answers_and_the_group_results_shown(store, catalog, settings):
    mine = ["<script>alert(1)</script>", "confiance"]
    session, workshop, me = _workshop_with_answers(store, catalog, settings, mine)
    steps = takehome.takehome_steps(store, catalog, workshop, session, me, "fr")
    assert [s.number for s in steps] == [1, 2]
    first, second = steps
    assert first.answers == 4 and first.group
    assert sorted(row.label for row in first.group if row.mine) == [mine[0], "confiance"]
    assert second.group == []  # step 2 was never revealed: no group result to take home
    page = takehome.takehome_html(steps, workshop, session, "fr")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Votre réponse" in page and "Le groupe (4 réponses)" in page
    assert '<html lang="fr">' in page and "@media print" in page
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert not [value for name, value in parser.attributes if name in {"src", "href"}]
    assert not re.search(r"https?://", page)  # nothing loaded from anywhere


def test_private_answers_go_to_the_plan_and_nobody_elses_answer_is_in(
    store, catalog, settings, monkeypatch
):
    from modules.kinds import kind_of

    session, workshop, me = _workshop_with_answers(store, catalog, settings, ["réseau"])
    words_kind = kind_of(catalog.exercise_for(workshop, 1))
    monkeypatch.setattr(
        type(words_kind), "private", lambda self, exercise: exercise.id == "words-relationships"
    )
    steps = takehome.takehome_steps(store, catalog, workshop, session, me, "en")
    page = takehome.takehome_html(steps, workshop, session, "en")
    plan = page.index("My action plan")
    assert plan < page.index("partage")  # the private answer sits in the plan
    assert page.count("partage") == 1
    [theirs] = takehome.takehome_steps(store, catalog, workshop, session, me + 1, "en")
    assert theirs.own == "confiance"  # another person's file holds only their own answers


def test_every_kind_of_the_full_workshop_gives_a_printable_summary(catalog):
    import random

    from modules.kinds import kind_of
    from modules.results import step_result

    summarised = set()
    workshops = [catalog.workshops[w] for w in ("relations-90", "seniors")]  # seniors: allocate
    for workshop, index in ((w, i) for w in workshops for i in range(len(w.steps))):
        exercise = catalog.exercise_for(workshop, index)
        kind = kind_of(exercise)
        if kind.private(exercise):
            continue
        values = [
            kind.validate(exercise, kind.sample(exercise, random.Random(n), "en"), 280)
            for n in range(6)
        ]
        result = step_result(exercise, values, "en", threshold=3)
        rows = group_summary(exercise, result.table, values[0], "en")
        assert all(0 <= row.fraction <= 1.0001 for row in rows), exercise.id
        if rows:
            summarised.add(exercise.kind)
    assert {"choice", "words", "scale", "allocate", "rank", "offers"} <= summarised
