"""Offers & needs ("give first"): each person posts what they can offer and what they need.

The chart is a reciprocity board: per category, needs grow left and offers right, and a headline
says what share of the room's needs someone else in the room offers. A need counts as one the
room could meet when another person offers in its category (offering to yourself does not count).
Texts are optional; they are listed after the reveal, and moderation hides one text at a time
without changing any count.
"""

from __future__ import annotations

import html
import random
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator

from modules.comparing import COMPARE_FONT, TOP_LEGEND, Cohort, session_colour, shown
from modules.i18n import Lang, t
from modules.i18n.formatting import integer, percent
from modules.kinds.base import AnswerRejected, AskContext, ExerciseBase, ExportItem, Kind, Option
from modules.text import clean_text, plotly_safe
from modules.theme import OKABE_ITO, category_axis, count_axis, projector_figure, wrap_label

SIDES = ("offers", "needs")
TABLE_COLUMNS = ["category", "label", "offers", "needs", "needs_met"]
TEXT_COLUMNS = ["category", "label", "side", "text"]
SIDE_NAMES = {"offers": "offers_offers", "needs": "offers_needs"}
# The board's own style: it travels with the HTML (projector and results page alike).
BOARD_STYLE = (
    "<style>.ws-board{font-size:17px;line-height:1.25;color:#111}"
    ".ws-board-compact{font-size:clamp(14px,2.3vh,22px);line-height:1.2}"  # a beamer's
    ".ws-board-heading{font-weight:800;font-size:1.15em;margin-bottom:.3em}"
    ".ws-board-cards{columns:15em auto;column-gap:1.2em}"
    ".ws-board-card{break-inside:avoid;margin:0 0 .35em;padding:.15em .5em;"
    "border-left:.3em solid #0072B2;background:#F3F6FA}"
    ".ws-board-label{font-weight:700}"
    ".ws-board-side{display:flex;gap:.4em;align-items:baseline}"
    ".ws-board-side>span{font-weight:700;min-width:4.5em;color:#0072B2}"
    ".ws-board-needs>span{color:#A04000}"
    ".ws-board-side ul{margin:0;padding:0;list-style:none;overflow-wrap:anywhere;"
    "font-size:inherit}"
    ".ws-board-side li{margin:0;padding:0;font-size:inherit;line-height:inherit}"
    ".ws-board-compact .ws-board-side li{display:inline}"
    ".ws-board-compact .ws-board-side li+li::before{content:' · ';color:#555}"
    ".ws-board-more{font-style:italic;color:#333;margin-top:.2em}</style>"
)


class Config(ExerciseBase):
    kind: Literal["offers"]
    categories: list[Option] = Field(min_length=2, max_length=12)
    max_offers: int = Field(default=2, ge=1, le=5)
    max_needs: int = Field(default=2, ge=1, le=5)
    text_max_chars: int = Field(default=120, ge=10, le=280)

    @field_validator("categories")
    @classmethod
    def _categories_unique(cls, categories: list[Option]) -> list[Option]:
        return cls._unique_ids(categories, "category")

    def limit(self, side: str) -> int:
        return self.max_offers if side == "offers" else self.max_needs


class OffersKind(Kind[Config]):
    name = "offers"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        labels = {o.id: o.label(ctx.lang) for o in exercise.categories}
        choices: list[str | None] = [None, *labels]
        current = ctx.current or {}
        answer: dict[str, list[dict[str, Any]]] = {}
        for side, heading, entry in (
            ("offers", "offers_offer_heading", "offers_offer_n"),
            ("needs", "offers_need_heading", "offers_need_n"),
        ):
            st.markdown(f"**{t(ctx.lang, heading)}**")
            given = list(current.get(side) or [])
            answer[side] = []
            for n in range(exercise.limit(side)):
                previous = given[n] if n < len(given) else {}
                category = previous.get("category")
                picked = st.selectbox(
                    t(ctx.lang, entry, n=n + 1),
                    choices,
                    index=choices.index(category) if category in labels else 0,
                    format_func=lambda c: labels[c] if c else t(ctx.lang, "offers_none"),
                    key=f"{ctx.key}-{side}-{n}-category",
                )
                text = st.text_input(
                    t(ctx.lang, "offers_text"),
                    value=previous.get("text", ""),
                    max_chars=min(exercise.text_max_chars, ctx.max_chars),
                    key=f"{ctx.key}-{side}-{n}-text",
                )
                answer[side].append({"category": picked, "text": text})
        return answer

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, list[dict]]:
        if not isinstance(raw, dict):
            raise AnswerRejected("offers_empty")
        known = {o.id for o in exercise.categories}
        limit = min(exercise.text_max_chars, max_chars)
        answer: dict[str, list[dict[str, str]]] = {}
        for side in SIDES:
            entries = raw.get(side) or []
            if not isinstance(entries, list | tuple):
                raise AnswerRejected("offers_empty")
            kept: list[dict[str, str]] = []
            for entry in entries:
                cleaned = _entry(entry, known, limit)
                if cleaned is not None and cleaned not in kept:
                    kept.append(cleaned)
            if len(kept) > exercise.limit(side):
                raise AnswerRejected(f"offers_too_many_{side}", n=exercise.limit(side))
            answer[side] = kept
        if not any(answer.values()):
            raise AnswerRejected("offers_empty")
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        # Only categories count here, and rooms repeat a handful of combinations: each distinct
        # (offered, needed) pair of category lists is worked out once, weighted by its people.
        category_of = itemgetter("category")
        combinations = Counter(
            (
                tuple(map(category_of, value.get("offers", ()))),
                tuple(map(category_of, value.get("needs", ()))),
            )
            for value in values
        )
        offers: Counter[str] = Counter()
        needs: Counter[str] = Counter()
        met: Counter[str] = Counter()
        offerers: Counter[str] = Counter()  # people offering in a category (once per person)
        for (offered, _), people in combinations.items():
            for category in offered:
                offers[category] += people
            for category in set(offered):
                offerers[category] += people
        for (offered, needed), people in combinations.items():
            for category in needed:
                needs[category] += people
                # Someone else offers it: more offerers than this person alone.
                if offerers[category] > (category in offered):
                    met[category] += people
        rows = [
            {
                "category": o.id,
                "label": o.label(lang),
                "offers": offers[o.id],
                "needs": needs[o.id],
                "needs_met": met[o.id],
            }
            for o in exercise.categories
        ]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        return reciprocity_board(table, lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Per category, each session's needs: filled, those someone else in its room offers
        (the needs the room could meet); hatched, those nobody there offers yet. Categories
        nobody needed are left out; each session's share of needs met is in its name."""
        import plotly.graph_objects as go

        drawn = [(n, c, c.table.set_index("category")) for n, c in shown(cohorts)]  # type: ignore[union-attr]
        kept = [o for o in exercise.categories if any(t_.at[o.id, "needs"] for *_, t_ in drawn)]
        if not kept:
            return None
        labels = [wrap_label(o.label(lang), 40) for o in kept]
        traces, widest = [], 1
        for number_, cohort, table in drawn:
            needs = [int(table.at[o.id, "needs"]) for o in kept]
            met = [int(table.at[o.id, "needs_met"]) for o in kept]
            widest = max(widest, *needs)
            colour, group = session_colour(number_), str(number_)
            traces.append(
                go.Bar(
                    x=met,
                    y=labels,
                    orientation="h",
                    name=plotly_safe(_with_share(cohort, lang)),
                    offsetgroup=group,
                    legendgroup=group,
                    marker_color=colour,
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
                )
            )
            traces.append(
                go.Bar(
                    x=[n - m for n, m in zip(needs, met, strict=True)],
                    y=labels,
                    base=met,
                    orientation="h",
                    name=plotly_safe(t(lang, "offers_needs_unmet")),
                    offsetgroup=group,
                    legendgroup=group,
                    showlegend=False,
                    marker={"color": "#FFFFFF", "line": {"color": colour, "width": 2}},
                    marker_pattern={"shape": "/", "fgcolor": colour},
                    text=[
                        t(lang, "compare_offers_met", met=m, needs=n) if n else ""
                        for n, m in zip(needs, met, strict=True)
                    ],
                    textposition="outside",
                    cliponaxis=False,
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
                )
            )
        layout = {
            "barmode": "group",
            "bargap": 0.25,
            "xaxis": {
                "title": {"text": wrap_label(t(lang, "compare_offers_axis"), width=60)},
                **count_axis(widest * 1.3),
            },
            "yaxis": {
                "autorange": "reversed",
                "tickfont": {"size": COMPARE_FONT},
                "ticklabelstandoff": 8,
            },
            "font": {"size": COMPARE_FONT},
            "legend": TOP_LEGEND,
            "margin": {"l": 20, "r": 70, "t": 70, "b": 70},
        }
        height = max(320, len(kept) * (24 * len(drawn) + 26) + 190)
        return projector_figure(traces, layout, height=height, lang=lang)

    def texts_html(
        self, exercise: Config, texts: pd.DataFrame, lang: Lang, *, most: int | None = None
    ) -> str | None:
        return texts_board(texts, lang, most=most)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        items = []
        for side in SIDES:
            for n, entry in enumerate(value.get(side, []), start=1):
                items.append(ExportItem(item=f"{side[:-1]}_{n}_category", value=entry["category"]))
                if entry.get("text"):
                    items.append(ExportItem(item=f"{side[:-1]}_{n}_text", value=entry["text"]))
        return items

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, list[dict]]:
        ids = [o.id for o in exercise.categories]
        offer_weights = [1 / (rank + 1) for rank in range(len(ids))]
        need_weights = list(reversed(offer_weights))  # rooms often offer what others lack
        answer: dict[str, list[dict[str, str]]] = {}
        for side, weights in (("offers", offer_weights), ("needs", need_weights)):
            count = rng.randint(0, exercise.limit(side))
            picked = dict.fromkeys(rng.choices(ids, weights, k=count))
            answer[side] = [{"category": c, "text": ""} for c in picked]
        if not answer["offers"] and not answer["needs"]:
            answer["offers"] = [{"category": rng.choice(ids), "text": ""}]
        return answer

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        if not item.item.endswith("_category"):
            return "", ""
        labels = {o.id: o.label(lang) for o in exercise.categories}
        return "", labels.get(str(item.value), "")

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        labels = {o.id: o.label(lang) for o in exercise.categories}
        parts = []
        for side, key in (("offers", "offers_i_offer"), ("needs", "offers_i_need")):
            entries = [
                labels.get(e["category"], e["category"]) + (f" ({e['text']})" if e["text"] else "")
                for e in value.get(side, [])
            ]
            if entries:
                parts.append(t(lang, key, items=", ".join(entries)))
        return "; ".join(parts)

    def free_texts(self, exercise: Config, value: Any) -> list[str]:
        return [e["text"] for side in SIDES for e in value.get(side, []) if e.get("text")]

    def redact(self, exercise: Config, value: Any, hidden: Callable[[str], bool]) -> Any:
        """A hidden text disappears; its offer or need still counts."""
        return {
            side: [
                {**e, "text": ""} if e.get("text") and hidden(e["text"]) else e
                for e in value.get(side, [])
            ]
            for side in SIDES
        }

    def texts_table(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        return texts_by_category(exercise, values, lang)


def _entry(entry: Any, known: set[str], limit: int) -> dict[str, str] | None:
    """One cleaned offer or need; None for a blank row (no category, no text)."""
    if not isinstance(entry, dict):
        raise AnswerRejected("offers_unknown_category")
    category, raw_text = entry.get("category"), entry.get("text") or ""
    if not isinstance(raw_text, str) or len(raw_text) > limit * 4:
        raise AnswerRejected("offers_text_too_long", n=limit)
    text = clean_text(raw_text)
    if len(text) > limit:
        raise AnswerRejected("offers_text_too_long", n=limit)
    if category in (None, ""):
        if text:
            raise AnswerRejected("offers_pick_category")
        return None
    if not isinstance(category, str) or category not in known:
        raise AnswerRejected("offers_unknown_category")
    return {"category": category, "text": text}


def met_share(table: pd.DataFrame) -> float | None:
    """Share of all needs that someone else in the room offers; None when nobody needs anything."""
    needs = int(table["needs"].sum()) if len(table) else 0
    return float(table["needs_met"].sum()) / needs if needs else None


def texts_by_category(exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
    """The texts to list once revealed: one row per non-empty text, category by category.

    ``values`` should be moderated answers (``StepResult.values``): hidden texts are already gone.
    ``side`` is "offers" or "needs"; ``label`` is the category in ``lang``.
    """
    rows = []
    for option in exercise.categories:
        for side in SIDES:
            for value in values:
                for entry in value.get(side, []):
                    if entry["category"] == option.id and entry.get("text"):
                        rows.append(
                            {
                                "category": option.id,
                                "label": option.label(lang),
                                "side": side,
                                "text": entry["text"],
                            }
                        )
    return pd.DataFrame(rows, columns=TEXT_COLUMNS)


def reciprocity_board(table: pd.DataFrame, lang: Lang):
    """Needs left (met / not yet met), offers right, per category, under the share headline."""
    import plotly.graph_objects as go

    ordered = table.assign(total=table["offers"] + table["needs"]).sort_values(
        "total", ascending=True, kind="stable"
    )
    y = [wrap_label(label) for label in ordered["label"]]
    offers, needs = list(ordered["offers"]), list(ordered["needs"])
    met = list(ordered["needs_met"])
    unmet = [need - m for need, m in zip(needs, met, strict=True)]
    traces = [
        go.Bar(
            x=[-v for v in shown] if negative else shown,
            y=y,
            orientation="h",
            name=name,
            marker_color=colour,
            # Met and unmet needs differ by texture too, not by hue alone.
            marker_pattern_shape="/" if colour == OKABE_ITO[5] else "",
            customdata=shown,
            hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        )
        for name, shown, colour, negative in (
            (t(lang, "offers_needs_met"), met, OKABE_ITO[1], True),
            (t(lang, "offers_needs_unmet"), unmet, OKABE_ITO[5], True),  # hatched
            (t(lang, "offers_offers"), offers, OKABE_ITO[0], False),
        )
    ]
    widest = int(max([1, *offers, *needs]))
    step = max(1, round(widest / 4))
    ticks = sorted(set(range(0, widest + 1, step)) | {-v for v in range(0, widest + 1, step)})
    # Which side is which, under the axis: above the plot it ran into the legend.
    sides = f"← {t(lang, 'offers_needs')}          {t(lang, 'offers_offers')} →"
    share = met_share(table)
    headline = (
        t(lang, "offers_headline", share=percent(share, lang))
        if share is not None
        else t(lang, "offers_headline_none")
    )
    layout = {
        "barmode": "relative",
        "yaxis": category_axis(len(table)),
        "xaxis": {
            "range": [-widest * 1.1, widest * 1.1],
            "tickvals": ticks,
            "ticktext": [integer(abs(v), lang) for v in ticks],
            "title": {"text": plotly_safe(sides)},
        },
        # The headline at the very top, the legend just above the plot (three lines at most on
        # a narrow screen): room for both, so they never overlap.
        "margin": {"t": 150},
        "title": {"y": 0.99, "yref": "container", "yanchor": "top"},
    }
    return projector_figure(
        traces, layout, title=headline, height=max(400, 60 * len(table) + 220), lang=lang
    )


KIND = OffersKind()


def _with_share(cohort: Cohort, lang: Lang) -> str:
    """A session's name with the share of all its needs someone else offers."""
    share = met_share(cohort.table) if cohort.table is not None else None
    if share is None:
        return cohort.label
    return t(lang, "compare_offers_session", session=cohort.label, share=percent(share, lang))


def texts_board(texts: pd.DataFrame, lang: Lang, *, most: int | None = None) -> str | None:
    """Category by category, what people offer and what they look for, in their words, so the
    room can find whom to talk to. Every text is escaped. Past ``most`` texts, each category
    keeps its fair share (its first text, then its second…) and the rest are counted
    ("+ 4 more texts on the results page")."""
    if texts.empty:
        return None
    groups = {
        (str(category), str(side)): list(rows["text"])
        for (category, side), rows in texts.groupby(["category", "side"], sort=False)
    }
    kept = _fair_share(groups, len(texts) if most is None else most)
    labels = dict(zip(texts["category"].astype(str), texts["label"].astype(str), strict=True))
    cards = []
    for category in dict.fromkeys(texts["category"].astype(str)):
        lines = []
        for side in SIDES:
            said = groups.get((category, side), [])[: kept.get((category, side), 0)]
            if said:
                items = "".join(f"<li>{html.escape(text)}</li>" for text in said)
                lines.append(
                    f'<div class="ws-board-side ws-board-{side}">'
                    f"<span>{html.escape(t(lang, SIDE_NAMES[side]))}</span><ul>{items}</ul></div>"
                )
        if lines:
            cards.append(
                f'<div class="ws-board-card" data-category="{html.escape(category)}">'
                f'<div class="ws-board-label">{html.escape(labels[category])}</div>'
                f"{''.join(lines)}</div>"
            )
    more = len(texts) - sum(kept.values())
    tail = (
        f'<div class="ws-board-more">{html.escape(t(lang, "offers_board_more", n=more))}</div>'
        if more
        else ""
    )
    heading = html.escape(t(lang, "offers_board_heading"))
    return (
        f'{BOARD_STYLE}<div class="ws-board{" ws-board-compact" if most is not None else ""}">'
        f'<div class="ws-board-heading">{heading}</div>'
        f'<div class="ws-board-cards">{"".join(cards)}</div>{tail}</div>'
    )


def _fair_share(groups: dict[tuple[str, str], list[str]], most: int) -> dict[tuple[str, str], int]:
    """How many texts of each (category, side) to list: one each in turn until ``most``."""
    kept = dict.fromkeys(groups, 0)
    left = most
    while left > 0 and any(kept[g] < len(said) for g, said in groups.items()):
        for group, said in groups.items():
            if left and kept[group] < len(said):
                kept[group] += 1
                left -= 1
    return kept
