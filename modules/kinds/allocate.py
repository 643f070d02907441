"""Share a fixed budget (e.g. 10 hours a month) across items: where does the group put its time?

The answer must use the whole budget, in multiples of ``step``. Inside a form the number boxes do
not rerun the page as they change, so the phone states the rule up front and a few lines of
script in the page count what is left as the person types (no round trip to the server); a
refused answer still says how far off the total was.
"""

from __future__ import annotations

import html
import json
import math
import random
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from modules.comparing import Cohort, grouped_bars, measure_of
from modules.i18n import Lang, messages, plural, t
from modules.i18n.formatting import NBSP, integer, number
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    Option,
)
from modules.text import plotly_safe
from modules.theme import INK, OKABE_ITO, category_axis, projector_figure, wrap_label

COLUMNS = ["item", "label", "n", "mean", "sd", "q1", "median", "q3", "min", "max", "share"]


class Config(ExerciseBase):
    kind: Literal["allocate"]
    step: int = Field(default=1, ge=1, description="Amounts are multiples of this.")
    total: int = Field(ge=1, le=1000, description="What each person shares, exactly.")
    unit: LocalText | None = Field(default=None, description="The unit, plural: hours.")
    unit_one: LocalText | None = Field(
        default=None, description="The unit for one (hour); the plural is used when missing."
    )
    items: list[Option] = Field(min_length=2, max_length=8)

    @field_validator("total")
    @classmethod
    def _total_reachable(cls, total: int, info: ValidationInfo) -> int:
        step = info.data.get("step")
        if step and total % step:
            raise ValueError(
                f"a total of {total} cannot be reached in steps of {step}; use a multiple of {step}"
            )
        return total

    @field_validator("items")
    @classmethod
    def _items_unique(cls, items: list[Option]) -> list[Option]:
        return cls._unique_ids(items, "item")

    def unit_forms(self, lang: Lang) -> dict[str, str]:
        """The unit's plural forms in ``lang`` (CLDR categories): "heure" / "heures"."""
        if self.unit is None:
            return messages_forms("allocate_points", lang)
        other = self.unit(lang)
        return {"one": self.unit_one(lang) if self.unit_one else other, "other": other}

    def amount(self, count: int, lang: Lang) -> str:
        """``count`` with its unit, agreeing: "1 heure", "10 heures", "1 point"."""
        unit = plural(self.unit_forms(lang), count, lang)
        return f"{integer(count, lang)}{NBSP}{unit}"

    def amounts(self, count: int) -> LocalText:
        """``amount`` in both languages, for a refusal drawn later in the phone's language."""
        return LocalText(fr=self.amount(count, "fr"), en=self.amount(count, "en"))


class AllocateKind(Kind[Config]):
    name = "allocate"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        rule = "allocate_rule" if exercise.step == 1 else "allocate_rule_step"
        amount = exercise.amount(exercise.total, ctx.lang)
        st.caption(t(ctx.lang, rule, amount=amount, step=exercise.step))
        current = ctx.current if isinstance(ctx.current, dict) else {}
        amounts = {}
        keys = []
        for item in exercise.items:
            previous = current.get(item.id)
            keys.append(f"{ctx.key}-{item.id}")
            amounts[item.id] = st.number_input(
                item.label(ctx.lang),
                min_value=0,
                max_value=exercise.total,
                value=previous if isinstance(previous, int) else 0,
                step=exercise.step,
                key=keys[-1],
            )
        # A value a hand-made client sends (NaN, infinity) is refused at the send with the
        # kind's message; the line drawn now counts only the numbers that are numbers.
        shared = sum(a for a in amounts.values() if isinstance(a, int | float) and math.isfinite(a))
        left = exercise.total - int(shared)
        st.html(
            what_is_left_html(exercise, left, ctx.lang, keys, element=f"{ctx.key}-left"),
            unsafe_allow_javascript=True,
        )
        return amounts

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        known = {item.id for item in exercise.items}
        if set(raw) - known:
            raise AnswerRejected("choice_unknown")
        answer: dict[str, int] = {}
        for item in exercise.items:
            amount = raw.get(item.id) or 0
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                raise AnswerRejected("allocate_not_whole")
            if not math.isfinite(amount) or not float(amount).is_integer():
                raise AnswerRejected("allocate_not_whole")
            if amount < 0:
                raise AnswerRejected("allocate_negative")
            if amount % exercise.step:
                raise AnswerRejected("allocate_step", step=exercise.step)
            answer[item.id] = int(amount)
        shared = sum(answer.values())
        if shared < exercise.total:
            raise AnswerRejected(
                "allocate_under",
                shared=exercise.amounts(shared),
                total=exercise.total,
                left=exercise.total - shared,
            )
        if shared > exercise.total:
            raise AnswerRejected(
                "allocate_over",
                shared=exercise.amounts(shared),
                total=exercise.total,
                over=shared - exercise.total,
            )
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Per item: the mean amount and its spread (sd, quartiles) over the people who answered."""
        rows = []
        for item in exercise.items:
            given = pd.Series([v.get(item.id, 0) for v in values], dtype="float64")
            rows.append(
                {
                    "item": item.id,
                    "label": item.label(lang),
                    "n": len(given),
                    "mean": given.mean(),
                    "sd": given.std(),  # sample sd: undefined (NaN) for one person
                    "q1": given.quantile(0.25),
                    "median": given.median(),
                    "q3": given.quantile(0.75),
                    "min": given.min(),
                    "max": given.max(),
                    "share": given.mean() / exercise.total,
                }
            )
        return pd.DataFrame(rows, columns=COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        """Bars of the mean; over each, a dot at the median with a whisker over the middle half.

        The interquartile range (not mean ± sd) is drawn: amounts are bounded by 0 and skewed,
        and ± sd would run below zero.
        """
        import plotly.graph_objects as go

        ordered = table.sort_values("mean", ascending=True, kind="stable", na_position="first")
        names = [wrap_label(label, 28) for label in ordered["label"]]
        # The mean is written by each label: inside the bar it would collide with the whisker.
        labels = [
            f"{name}  <b>{_fmt(mean, lang)}</b>"
            for name, mean in zip(names, ordered["mean"], strict=True)
        ]
        bars = go.Bar(
            x=ordered["mean"].fillna(0),
            y=labels,
            orientation="h",
            name=t(lang, "allocate_mean"),
            marker_color=OKABE_ITO[4],
            hovertext=[
                f"{label}<br>"
                + t(
                    lang,
                    "allocate_hover",
                    mean=_fmt(row["mean"], lang),
                    median=_fmt(row["median"], lang),
                    q1=_fmt(row["q1"], lang),
                    q3=_fmt(row["q3"], lang),
                )
                for label, (_, row) in zip(names, ordered.iterrows(), strict=True)
            ],
            hoverinfo="text",
        )
        spread = go.Scatter(
            x=ordered["median"],
            y=labels,
            mode="markers",
            name=t(lang, "allocate_spread"),
            marker={"color": INK, "size": 12, "symbol": "diamond"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": list(ordered["q3"] - ordered["median"]),
                "arrayminus": list(ordered["median"] - ordered["q1"]),
                "color": INK,
                "thickness": 3,
                "width": 10,
            },
            hoverinfo="skip",
        )
        unit = exercise.unit_forms(lang)["other"]
        title = t(lang, "allocate_axis", unit=unit, total=exercise.total)
        layout = {
            "barmode": "overlay",
            "xaxis": {"title": {"text": plotly_safe(title)}, "rangemode": "tozero"},
            "yaxis": category_axis(len(table)),
        }
        return projector_figure(
            [bars, spread], layout, height=max(400, 80 * len(table) + 170), lang=lang
        )

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """The average each session gave each item, sessions side by side."""
        items = [i.id for i in exercise.items]

        def means(cohort: Cohort) -> list[float | None]:
            found = measure_of(cohort, "item", "mean")
            return [found.get(item) for item in items]

        unit = exercise.unit_forms(lang)["other"]
        return grouped_bars(
            cohorts,
            [i.label(lang) for i in exercise.items],
            means,
            lang,
            axis_title=t(lang, "allocate_axis", unit=unit, total=exercise.total),
            text=lambda value: _fmt(value, lang),
        )

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=i.id, value=value[i.id]) for i in exercise.items if i.id in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        """A random split around item-specific leanings, rounded to steps without losing any."""
        count = len(exercise.items)
        weights = [
            rng.gammavariate(1.5 + 2.0 * ((position * 7919) % count) / count, 1.0)
            for position in range(count)
        ]
        units = exercise.total // exercise.step
        exact = [units * w / sum(weights) for w in weights]
        whole = [math.floor(e) for e in exact]
        by_remainder = sorted(range(count), key=lambda i: exact[i] - whole[i], reverse=True)
        for i in by_remainder[: units - sum(whole)]:
            whole[i] += 1
        return {item.id: n * exercise.step for item, n in zip(exercise.items, whole, strict=True)}

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        labels = {i.id: i.label(lang) for i in exercise.items}
        return labels.get(item.item, ""), exercise.unit_forms(lang)["other"]

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return ", ".join(
            t(
                lang,
                "allocate_describe",
                label=item.label(lang),
                amount=exercise.amount(value[item.id], lang),
            )
            for item in exercise.items
            if value.get(item.id)
        )


def _fmt(value: float, lang: Lang) -> str:
    return number(value, lang, decimals=1)


def messages_forms(key: str, lang: Lang) -> dict[str, str]:
    """A plural message's forms, as the i18n file holds them."""
    forms = messages(lang)[key]
    return dict(forms) if isinstance(forms, dict) else {"other": forms}


# Recounts every 300 ms from the boxes' current values (their +/- buttons change a value
# without an input event); stops when the phone moved to another step and the line is gone.
# No "<" anywhere: Streamlit's sanitiser drops a script in which "<" is followed by a letter
# or digit (it reads like a tag).
_LEFT_SCRIPT = """(function(){var c=__CONFIG__;var rules=new Intl.PluralRules(c.lang);
var fmt=new Intl.NumberFormat(c.lang);window.__wsLeft=window.__wsLeft||{};
clearInterval(window.__wsLeft[c.id]);
function amount(n){var f=c.units[rules.select(n)]||c.units.other;return fmt.format(n)+"\u00a0"+f;}
function tick(){var line=document.getElementById(c.id);
if(!line){clearInterval(window.__wsLeft[c.id]);return;}var sum=0;
for(var i=0;c.keys.length>i;i++){var box=document.querySelector(".st-key-"+c.keys[i]+" input");
if(!box)return;var v=parseFloat(String(box.value).replace(",","."));if(!isNaN(v))sum+=v;}
var left=c.total-sum;var text=left===0?c.done:(left>0?c.left:c.over);
line.textContent=text.replace("{amount}",amount(left===0?c.total:Math.abs(left)));
line.className="ws-left"+(left===0?" ws-left-done":(0>left?" ws-left-over":""));}
tick();window.__wsLeft[c.id]=setInterval(tick,300);})();"""


def what_is_left_html(
    exercise: Config, left: int, lang: Lang, keys: list[str], *, element: str
) -> str:
    """The line "10 hours left to share", right as drawn and kept right as the person types.

    Drawn by the server from the values it knows, then recounted in the browser from the
    number boxes (``keys`` are their widget keys). Every text comes from the i18n files; the
    script only picks the plural form (the browser's CLDR rules) and fills in the number.
    """
    templates = {
        "done": t(lang, "allocate_all_shared", amount="{amount}"),
        "left": t(lang, "allocate_left", amount="{amount}"),
        "over": t(lang, "allocate_too_many", amount="{amount}"),
    }
    state = "done" if left == 0 else "left" if left > 0 else "over"
    counted = exercise.total if left == 0 else abs(left)
    shown = templates[state].replace("{amount}", exercise.amount(counted, lang))
    config = {
        "id": element,
        "lang": lang,
        "total": exercise.total,
        "keys": keys,
        "units": exercise.unit_forms(lang),
        **templates,
    }
    script = _LEFT_SCRIPT.replace("__CONFIG__", _js_value(config))
    css_class = {"done": "ws-left ws-left-done", "left": "ws-left", "over": "ws-left ws-left-over"}
    return (
        "<style>.ws-left{font-size:1.05rem;font-weight:700;margin:0;color:#111;}"
        ".ws-left-done{color:#006B4F;}.ws-left-over{color:#B03A00;}</style>"
        f'<p id="{html.escape(element)}" class="{css_class[state]}" aria-live="polite">'
        f"{html.escape(shown)}</p><script>{script}</script>"
    )


def _js_value(value: Any) -> str:
    """JSON that cannot close the ``<script>`` element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


KIND = AllocateKind()
