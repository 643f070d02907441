import pytest

from modules.catalog import load_catalog
from modules.export import aggregate_table, tidy_table, to_csv
from modules.identity import digest
from modules.kinds import AnswerRejected, kind_of
from modules.kinds.base import AskContext
from modules.results import step_result
from tests.kinds.helpers import make, samples

FIELDS = [
    {"id": "person", "label": {"fr": "Qui ?", "en": "Who?"}},
    {
        "id": "step",
        "label": {"fr": "Quel premier pas ?", "en": "What first step?"},
        "placeholder": {"fr": "Un café…", "en": "A coffee…"},
    },
]


@pytest.fixture
def reflection():
    return make("reflection", fields=FIELDS, max_chars=40)


def test_texts_are_cleaned_like_every_answer(reflection):
    kind = kind_of(reflection)
    raw = {"person": "  Ana\u200b ", "step": "1. write\r\n\n2.  call  "}
    assert kind.validate(reflection, raw, 280) == {"person": "Ana", "step": "1. write 2. call"}
    assert kind.validate(reflection, {"person": "Ana", "step": ""}, 280) == {"person": "Ana"}


def test_refusals_name_the_field(reflection):
    kind = kind_of(reflection)
    with pytest.raises(AnswerRejected, match="answer_empty"):
        kind.validate(reflection, {"person": " ", "step": ""}, 280)
    with pytest.raises(AnswerRejected) as refused:
        kind.validate(reflection, {"step": "x" * 41}, 280)
    from modules.i18n import t

    assert t("en", refused.value.key, **refused.value.values) == (
        "“What first step?” is too long: 40 characters at most."
    )
    shown = t("fr", refused.value.key, **refused.value.values)
    assert "«\u00a0Quel premier pas\u202f?\u00a0»" in shown  # typed with ordinary spaces


def test_the_lower_of_the_exercise_and_server_limits_applies():
    long_plan = make("reflection", fields=FIELDS[:1])  # 500 characters by default
    kind = kind_of(long_plan)
    assert kind.validate(long_plan, {"person": "y" * 450}, 1000)
    with pytest.raises(AnswerRejected) as refused:
        kind.validate(long_plan, {"person": "y" * 450}, 280)
    assert refused.value.values["n"] == 280


@pytest.mark.parametrize("count", [0, 1, 500])
def test_never_charted_whatever_the_group_size(reflection, count):
    result = step_result(reflection, samples(reflection, count), "en", threshold=1)
    assert result.table is None and result.figure("en") is None
    assert result.answers == count


def test_describe_is_the_participants_own_plan(reflection):
    value = {"person": "Ana", "step": "Coffee on Friday"}
    assert kind_of(reflection).describe(reflection, value, "en") == (
        "Who?\nAna\n\nWhat first step?\nCoffee on Friday"
    )


def test_the_widget_says_it_is_private_and_round_trips(reflection):
    class FakeStreamlit:
        def __init__(self):
            self.shown = []

        def caption(self, text):
            self.shown.append(text)

        def text_area(self, label, value, max_chars, placeholder, key):
            self.shown.append((label, placeholder, max_chars))
            return {"Who?": "Ana", "What first step?": ""}[label]

    st = FakeStreamlit()
    raw = kind_of(reflection).ask(st, reflection, AskContext(lang="en"))
    assert kind_of(reflection).validate(reflection, raw, 280) == {"person": "Ana"}
    assert st.shown[0].startswith("Only you see this")
    assert st.shown[2] == ("What first step?", "A coffee…", 40)


WORKSHOP = """
exercises:
  - id: words-first
    kind: words
    title: {fr: Mots, en: Words}
    prompt: {fr: "Trois mots ?", en: "Three words?"}
  - id: my-plan
    kind: reflection
    title: {fr: Mon plan, en: My plan}
    prompt: {fr: "Et maintenant ?", en: "What now?"}
    fields:
      - {id: person, label: {fr: "Qui ?", en: "Who?"}}
workshop:
  id: plan
  title: {fr: Plan, en: Plan}
  summary: {fr: Résumé, en: Summary}
  steps:
    - exercise: words-first
    - exercise: my-plan
"""


def test_reflections_never_reach_the_group_exports(tmp_path, store):
    (tmp_path / "w.yaml").write_text(WORKSHOP, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert not catalog.errors
    workshop = catalog.workshops["plan"]
    session = store.create_session(
        workshop_id="plan",
        lang="en",
        key_digest=digest("key"),
        step_count=2,
        privacy_threshold=1,
        retention_days=1,
    )
    for n in range(3):
        person = store.join(session.id, digest(f"p{n}"), max_participants=10)
        store.save_answer(session.id, 0, "words-first", person, ["trust"])
        store.save_answer(session.id, 1, "my-plan", person, {"person": f"SECRET-{n}"})
    answers = store.session_answers(session.id)
    assert len(answers) == 6
    tidy = tidy_table(session, workshop, catalog, answers)
    aggregate = aggregate_table(session, workshop, catalog, answers, "en")
    assert set(tidy["exercise_id"]) == {"words-first"} and len(tidy) == 3
    assert set(aggregate["step"]) == {1}  # the reflection (step 2) is not there at all
    for table in (tidy, aggregate):
        assert b"SECRET" not in to_csv(table)
