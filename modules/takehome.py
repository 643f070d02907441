"""Take-home: one participant's answers, the group results shown to the room, and their plan.

One self-contained HTML file that prints well, in the participant's language. Every text a
participant wrote is escaped; the file holds no script and loads nothing from anywhere.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from modules.catalog import Catalog, Workshop
from modules.highlight import SummaryRow, group_summary, summary_html
from modules.i18n import Lang, t
from modules.kinds import kind_of
from modules.live import results_visible
from modules.results import result_for_step
from modules.store import SessionInfo, Store
from modules.store.tables import utcnow

__all__ = ["TakeHomeStep", "takehome_html", "takehome_steps"]


@dataclass(frozen=True)
class TakeHomeStep:
    number: int
    title: str
    prompt: str
    own: str
    private: bool
    answers: int = 0
    group: list[SummaryRow] = field(default_factory=list)


def takehome_steps(
    store: Store,
    catalog: Catalog,
    workshop: Workshop,
    session: SessionInfo,
    participant_id: int,
    lang: Lang,
) -> list[TakeHomeStep]:
    """The steps this person answered, with the group result where the room saw one."""
    own_answers = store.participant_answers(session.id, participant_id)
    states = store.step_states(session.id)
    steps = []
    for index in sorted(own_answers):
        if index >= len(workshop.steps):
            continue
        exercise = catalog.exercise_for(workshop, index)
        kind = kind_of(exercise)
        value = own_answers[index]
        private = kind.private(exercise)
        group: list[SummaryRow] = []
        answers = 0
        state = states.get(index)
        if not private and state is not None and results_visible(exercise, state):
            result = result_for_step(store, catalog, workshop, session, index, lang)
            if result.table is not None:
                answers = result.answers
                group = group_summary(exercise, result.table, value, lang)
        steps.append(
            TakeHomeStep(
                number=index + 1,
                title=exercise.title(lang),
                prompt=exercise.prompt(lang),
                own=kind.describe(exercise, value, lang),
                private=private,
                answers=answers,
                group=group,
            )
        )
    return steps


_STYLE = """
body{font-family:Verdana,"DejaVu Sans",sans-serif;color:#111;max-width:46rem;margin:2rem auto;
padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin:1.6rem 0 .3rem}
.meta{color:#444}.prompt{color:#333;margin:.2rem 0 .5rem}
.own{border-left:.3rem solid #E69F00;padding:.3rem .7rem;background:#FFF7E6;white-space:pre-wrap}
.plan{border:2px solid #0072B2;border-radius:.4rem;padding:.4rem 1rem;margin-top:1rem}
section{break-inside:avoid;page-break-inside:avoid}.note{color:#444;font-size:.9rem}
@media print{body{margin:0;max-width:none}a{color:#111}}
"""


def takehome_html(
    steps: list[TakeHomeStep],
    workshop: Workshop,
    session: SessionInfo,
    lang: Lang,
    now: datetime | None = None,
) -> str:
    """The whole file; ``steps`` from ``takehome_steps``."""
    e = html.escape
    date = (now or utcnow()).date().isoformat()
    shared = [step for step in steps if not step.private]
    plan = [step for step in steps if step.private]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t(lang, 'takehome_title'))} — {e(workshop.title(lang))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(workshop.title(lang))}</h1>",
        f'<p class="meta">{e(t(lang, "takehome_meta", date=date, code=session.code))}</p>',
        f'<p class="note">{e(t(lang, "takehome_intro"))}</p>',
    ]
    if plan:
        parts.append(f'<div class="plan"><h2>{e(t(lang, "takehome_plan"))}</h2>')
        for step in plan:
            parts.append(f"<h3>{e(step.title)}</h3>")
            parts.append(f'<p class="prompt">{e(step.prompt)}</p>')
            parts.append(f'<div class="own">{e(step.own)}</div>')
        parts.append("</div>")
    for step in shared:
        parts.append("<section>")
        parts.append(f"<h2>{e(t(lang, 'step_of', n=step.number, total=len(workshop.steps)))}")
        parts.append(f" — {e(step.title)}</h2>")
        parts.append(f'<p class="prompt">{e(step.prompt)}</p>')
        parts.append(f"<p><strong>{e(t(lang, 'your_answer'))}</strong></p>")
        parts.append(f'<div class="own">{e(step.own)}</div>')
        if step.group:
            parts.append(f"<p><strong>{e(t(lang, 'takehome_group', n=step.answers))}</strong></p>")
            parts.append(summary_html(step.group, t(lang, "me_you")))
        else:
            parts.append(f'<p class="note">{e(t(lang, "takehome_no_group"))}</p>')
        parts.append("</section>")
    parts.append(f'<p class="note">{e(t(lang, "takehome_footer"))}</p></body></html>')
    return "\n".join(parts)
