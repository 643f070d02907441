"""Order every item of a short list: "what makes a professional relationship last?".

The group's order is the Borda count (Borda, 1781): with n items, a 1st place earns n − 1 points
and a last place none, so every place counts, not only who came first. Next to the scores the
chart shows how the room placed each item, which tells a consensus from a split.

On a phone, dragging is fiddly: the widget is one drop-down per place ("1st", "2nd", …), and
an answer that puts the same item in two places is refused.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import chain
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator

from modules.comparing import Cohort, grouped_bars, measure_of
from modules.i18n import Lang, t
from modules.i18n.formatting import number, percent, percent_suffix
from modules.kinds.base import AnswerRejected, AskContext, ExerciseBase, ExportItem, Kind, Option
from modules.theme import INK, OKABE_ITO, category_axis, count_axis, projector_figure, wrap_label

MAX_ITEMS = 8


class Config(ExerciseBase):
    kind: Literal["rank"]
    items: list[Option] = Field(min_length=3, max_length=MAX_ITEMS)

    @field_validator("items")
    @classmethod
    def _items_unique(cls, items: list[Option]) -> list[Option]:
        return cls._unique_ids(items, "item")


def place_name(lang: Lang, place: int) -> str:
    """'1st', '2nd'… in English, '1er', '2e'… in French."""
    return t(lang, f"rank_place_{place}")


class RankKind(Kind[Config]):
    name = "rank"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        labels = {item.id: item.label(ctx.lang) for item in exercise.items}
        ids = list(labels)
        current = ctx.current if isinstance(ctx.current, list) else []
        st.caption(t(ctx.lang, "rank_rule"))
        order = []
        for place in range(1, len(ids) + 1):
            previous = current[place - 1] if place <= len(current) else None
            order.append(
                st.selectbox(
                    place_name(ctx.lang, place),
                    ids,
                    index=ids.index(previous) if previous in ids else None,
                    format_func=labels.__getitem__,
                    placeholder=t(ctx.lang, "rank_choose"),
                    key=f"{ctx.key}-{place}",
                )
            )
        return order

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> list[str]:
        if not isinstance(raw, list | tuple) or not any(raw):
            raise AnswerRejected("answer_empty")
        known = [item.id for item in exercise.items]
        if len(raw) != len(known) or any(not entry for entry in raw):
            raise AnswerRejected("rank_incomplete")
        if any(not isinstance(entry, str) or entry not in known for entry in raw):
            raise AnswerRejected("choice_unknown")
        first_place: dict[str, int] = {}
        for place, entry in enumerate(raw, start=1):
            if entry in first_place:
                raise AnswerRejected("rank_twice", first=first_place[entry], second=place)
            first_place[entry] = place
        return list(raw)

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Per item: Borda points (total and per person), mean place, and people per place."""
        count = len(exercise.items)
        # (index, item) for every place of every answer, counted in C; an answer holds an item
        # once (validate refuses repeats), so its index is the item's place.
        seen = Counter(chain.from_iterable(map(enumerate, values)))
        rows = []
        for item in exercise.items:
            places = {index + 1: n for (index, given), n in seen.items() if given == item.id}
            people = sum(places.values())
            borda = sum((count - place) * n for place, n in places.items())
            row: dict[str, Any] = {
                "item": item.id,
                "label": item.label(lang),
                "borda": borda,
                "borda_mean": borda / people if people else 0.0,
                "mean_place": sum(p * n for p, n in places.items()) / people
                if people
                else float("nan"),
            }
            for place in range(1, count + 1):
                row[f"place_{place}"] = places.get(place, 0)
            rows.append(row)
        table = pd.DataFrame(rows)
        return table.sort_values("borda", ascending=False, kind="stable", ignore_index=True)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        """Left: Borda scores, best on top. Right: for each item, the share of each place."""
        import plotly.graph_objects as go

        count = len(exercise.items)
        ordered = table.iloc[::-1]  # Plotly draws the first category at the bottom
        labels = [wrap_label(label) for label in ordered["label"]]
        people = ordered[[f"place_{p}" for p in range(1, count + 1)]].sum(axis=1)
        traces = [
            go.Bar(
                x=ordered["borda"],
                y=labels,
                orientation="h",
                marker_color=OKABE_ITO[1],
                text=ordered["borda"],
                textposition="outside",
                cliponaxis=False,
                showlegend=False,
                hovertext=[
                    t(lang, "rank_hover", score=int(score), mean=number(mean, lang))
                    for score, mean in zip(ordered["borda"], ordered["borda_mean"], strict=True)
                ],
                hoverinfo="y+text",
                xaxis="x",
                yaxis="y",
            )
        ]
        for place in range(1, count + 1):
            colour, text_colour = _place_colours(place, count)
            counts = ordered[f"place_{place}"]
            shares = [c / n * 100 if n else 0.0 for c, n in zip(counts, people, strict=True)]
            traces.append(
                go.Bar(
                    x=shares,
                    y=labels,
                    orientation="h",
                    name=place_name(lang, place),
                    marker={"color": colour, "line": {"color": "#FFFFFF", "width": 1}},
                    text=[percent(s / 100, lang) if s else "" for s in shares],
                    textposition="inside",
                    insidetextanchor="middle",
                    textangle=0,
                    textfont={"color": text_colour},
                    customdata=list(counts),
                    hovertemplate=f"%{{y}}: %{{customdata}} (%{{x:.0f}}{percent_suffix(lang)})"
                    "<extra>%{fullData.name}</extra>",
                    xaxis="x2",
                    yaxis="y2",
                )
            )
        panels = _panels()
        layout = {
            **panels,
            "barmode": "stack",
            "uniformtext": {"minsize": 14, "mode": "hide"},
            "xaxis": {
                **panels["xaxis"],
                "title": {
                    "text": f"{t(lang, 'rank_borda_axis')}<br><span style='font-size:16px'>"
                    f"{t(lang, 'rank_borda_rule', top=count - 1)}</span>"
                },
                **count_axis(int(ordered["borda"].max()) if len(ordered) else 1),
            },
            "yaxis": {**panels["yaxis"], **category_axis(count)},
            "xaxis2": {
                **panels["xaxis2"],
                "title": {"text": t(lang, "rank_places_axis")},
                "range": [0, 100],
                "ticksuffix": percent_suffix(lang),
                "dtick": 25,
            },
            # The places' legend sits over their panel, clear of the two-line axis title below.
            "legend": {"x": 0.47, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
            "margin": {"t": 60},
        }
        return projector_figure(traces, layout, height=max(420, 80 * count + 200), lang=lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Each item's points per person (Borda, 1st place highest) in each session: the
        average, so rooms of different sizes compare."""
        items = [i.id for i in exercise.items]

        def means(cohort: Cohort) -> list[float | None]:
            found = measure_of(cohort, "item", "borda_mean")
            return [found.get(item) for item in items]

        top = len(items) - 1
        return grouped_bars(
            cohorts,
            [i.label(lang) for i in exercise.items],
            means,
            lang,
            axis_title=t(lang, "compare_rank_axis", top=top),
            text=lambda value: number(value, lang),
            axis_range=(0.0, top * 1.15),
        )

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=item, value=place) for place, item in enumerate(value, start=1)]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> list[str]:
        count = len(exercise.items)
        leaning = {
            item.id: (position * 7919) % count for position, item in enumerate(exercise.items)
        }
        return sorted(leaning, key=lambda i: leaning[i] + rng.gauss(0, 1.6))

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        labels = {i.id: i.label(lang) for i in exercise.items}
        place = item.value
        named = place_name(lang, place) if isinstance(place, int) and 1 <= place <= 8 else ""
        return labels.get(item.item, ""), named

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        labels = {item.id: item.label(lang) for item in exercise.items}
        return ", ".join(
            f"{place}. {labels.get(item, item)}" for place, item in enumerate(value, start=1)
        )


@cache
def _panels() -> dict[str, Any]:
    """Scores left, places right, one shared list of items: the axes ``make_subplots`` lays out
    (worked out once; it is slow)."""
    from plotly.subplots import make_subplots

    figure = make_subplots(
        rows=1, cols=2, shared_yaxes=True, column_widths=[0.45, 0.55], horizontal_spacing=0.07
    )
    layout = figure.layout.to_plotly_json()
    return {key: value for key, value in layout.items() if key != "template"}


def _place_colours(place: int, count: int) -> tuple[str, str]:
    """1st place in the palette's blue, later places fading towards white."""
    fade = 0.8 * (place - 1) / max(1, count - 1)
    base = OKABE_ITO[0].lstrip("#")
    channels = [int(base[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * fade) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed), "#FFFFFF" if fade < 0.4 else INK


KIND = RankKind()
