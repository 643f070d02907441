"""A classroom in a real browser: a facilitator, a projector and six phones run a workshop.

The journey drives only what people touch (links, buttons, form widgets) and checks only what
they see (texts from the i18n files, the projector's chart, the downloaded CSV). It records how
long each change takes to reach the projector and the phones, and can save a screenshot of the
projector, a phone and the console at each step (``scripts/make_readme_images.py`` uses them).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase, kind_of
from modules.results import related_answers, step_result, text_key
from tests.e2e.answering import FORMULA, driver_for
from tests.e2e.app import (
    act,
    button,
    click_button,
    loose,
    main,
    metric_value,
    open_app,
    starts_with,
    wait_for_app_run,
    wait_for_chart,
)

__all__ = ["Classroom", "Latencies", "Phone", "run_journey"]

WORKSHOP = "starter"
PEOPLE_BY_LINK = 5
CHART_WAIT_MS = 25_000
FIRST_CHART_WAIT_MS = 90_000  # also fetches and compiles Plotly.js: slow on a busy CI machine


@dataclass
class Latencies:
    """Seconds between an action and the moment another screen shows its effect."""

    figures: dict[str, list[float]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    # One-off costs that are not a live update, reported apart.
    unasserted: set[str] = field(default_factory=set)

    def measure(self, what: str, action: Callable[[], None], effect: Callable[[], None]) -> float:
        started = time.monotonic()
        action()
        self.log.append(f"   (action done after {time.monotonic() - started:.2f}s)")
        print(self.log[-1])
        effect()
        return self.record(what, started)

    def record(self, what: str, started: float) -> float:
        elapsed = time.monotonic() - started
        self.figures.setdefault(what, []).append(elapsed)
        self.log.append(f"{time.strftime('%H:%M:%S')} {what}: {elapsed:.2f}s")
        print(self.log[-1])
        return elapsed

    def report(self) -> str:
        return "\n".join(
            f"  {what:<44} n={len(v):>2}  median={sorted(v)[len(v) // 2]:.2f}s  max={max(v):.2f}s"
            + ("  (one-off)" if what in self.unasserted else "")
            for what, v in self.figures.items()
        )


@dataclass
class Phone:
    person: int
    page: Page

    @property
    def token(self) -> str:
        return parse_qs(urlparse(self.page.url).query)["p"][0]


@dataclass
class Classroom:
    """The pages of one session, and what every person answered (the CSV must hold exactly that)."""

    lang: Lang
    server_url: str
    catalog: Catalog
    new_context: Callable[..., Any]
    shots: Path | None = None
    latencies: Latencies = field(default_factory=Latencies)
    code: str = ""
    participant_url: str = ""
    console: Page | None = None
    projector: Page | None = None
    phones: list[Phone] = field(default_factory=list)
    given: dict[tuple[int, int], Any] = field(default_factory=dict)  # (person, step) → value
    hidden: dict[int, set[str]] = field(default_factory=dict)  # step → hidden text keys
    charts_shown: bool = False
    chart_wait: float = 0.0
    threshold: int = 0  # the session's smallest group shown, as set on the create page

    @property
    def workshop(self) -> Workshop:
        return self.catalog.workshops[WORKSHOP]

    def exercise(self, index: int) -> ExerciseBase:
        return self.catalog.exercise_for(self.workshop, index)

    def shoot(self, name: str, page: Page) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=self.shots / f"{name}.png")

    # the facilitator ---------------------------------------------------------------------------

    def create_session(self) -> None:
        """On /facilitate: pick the workshop and the language, create, keep the links."""
        lang = self.lang
        page = self.new_context("desktop", lang).new_page()
        open_app(page, f"{self.server_url}/facilitate")
        workshop_box = main(page).get_by_role("combobox", name=t(lang, "facilitate_workshop"))
        workshop_box.click()
        title = re.compile("^" + loose(self.workshop.title(lang)))
        page.get_by_role("option", name=title).click()
        language = {"fr": "Français", "en": "English"}[lang]
        main(page).get_by_role("radiogroup", name=t(lang, "facilitate_language")).get_by_text(
            language, exact=True
        ).click()
        smallest_group = main(page).get_by_role("spinbutton", name=t(lang, "facilitate_threshold"))
        self.threshold = int(smallest_group.input_value())
        click_button(page, lang, "facilitate_create")
        expect(page.get_by_text(t(lang, "facilitate_created"), exact=True)).to_be_visible()
        self.code = metric_value(page, t(lang, "join_code")).inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{6}", self.code), self.code
        codes = main(page).get_by_role("code")
        joining = codes.filter(has_text=f"?code={self.code}").first
        self.participant_url = joining.inner_text().strip()
        links = main(page)  # buttons, not text: a mirrored screen shows no key
        console_url = links.get_by_role("link", name=t(lang, "facilitate_open_console"))
        console_url = console_url.get_attribute("href")
        projector_url = links.get_by_role("link", name=t(lang, "room_open_projector"))
        projector_url = projector_url.get_attribute("href")
        self.shoot("00-facilitate", page)
        self.console = open_app(page, console_url)
        expect(self.console.get_by_role("heading", level=1)).to_contain_text(
            self.workshop.title(lang)
        )
        self.projector = open_app(self.new_context("projector", lang).new_page(), projector_url)
        expect(self.projector.get_by_text(self.code, exact=True)).to_be_visible()

    def console_click(self, key: str) -> None:
        click_button(self.console, self.lang, key)

    def first_chart_or(self, what: str) -> str:
        """The projector's first chart also downloads Plotly.js (4.7 MB): a one-off, not a
        live update, so it is reported apart and not held to the target."""
        if self.charts_shown:
            self.chart_wait = CHART_WAIT_MS
            return what
        self.charts_shown = True
        self.chart_wait = FIRST_CHART_WAIT_MS
        first = "first chart on the projector (loads Plotly.js)"
        self.latencies.unasserted.add(first)
        return first

    def expect_projector_count(self, answers: int) -> None:
        lang = self.lang
        counted = t(lang, "projector_answers", n=answers)
        expect(self.projector.get_by_text(starts_with(counted))).to_be_visible()

    def expect_joined(self, people: int) -> None:
        """The projector's join screen and the console count the phones connected now."""
        online = t(self.lang, "projector_online", n=people)
        self.projector.get_by_text(online, exact=True).wait_for()
        expect(metric_value(self.console, t(self.lang, "console_joined"))).to_have_text(str(people))
        expect(metric_value(self.console, t(self.lang, "console_came"))).to_have_text(str(people))

    # the participants --------------------------------------------------------------------------

    def join_by_link(self, people: range, *, scales: dict[int, float]) -> None:
        """People open the link at the same moment (their pages load side by side)."""
        pages = []
        for person in people:
            scale = scales.get(person, 1)
            page = self.new_context("phone", self.lang, device_scale_factor=scale).new_page()
            page.goto(self.participant_url, wait_until="commit")
            pages.append((person, page))
        for person, page in pages:
            wait_for_app_run(page)
            self._joined(person, page)
        self.expect_joined(len(self.phones))

    def join_by_typing(self, person: int) -> None:
        """Someone types the code shown on the screen; the projector counts them."""
        lang = self.lang
        page = open_app(self.new_context("phone", lang).new_page(), f"{self.server_url}/")
        expect(page.get_by_role("heading", name=t(lang, "join_heading"))).to_be_visible()
        main(page).get_by_role("textbox", name=t(lang, "join_code_label")).fill(
            self.code.lower()  # people type in lower case; the code still matches
        )

        def join() -> None:
            click_button(page, lang, "join_button")
            self._joined(person, page)

        self.latencies.measure(
            "typed code → projector count", join, lambda: self.expect_joined(len(self.phones))
        )

    def _joined(self, person: int, page: Page) -> None:
        expect(page.get_by_role("heading", name=t(self.lang, "waiting_title"))).to_be_visible()
        self.phones.append(Phone(person, page))

    def answer(self, phone: Phone, index: int, value: Any, *, first: bool) -> None:
        """Fill the step's widgets on the phone and send; the projector's count follows."""
        lang, exercise = self.lang, self.exercise(index)
        form = main(phone.page)
        driver_for(exercise).fill(form, exercise, value, lang)
        self.given[(phone.person, index)] = value
        answers = len({p for (p, i) in self.given if i == index})
        label = "submit_answer" if first else "update_answer"

        started = time.monotonic()
        click_button(phone.page, lang, label)
        expect(phone.page.get_by_text(t(lang, "answer_saved"), exact=True)).to_be_visible()
        self.expect_projector_count(answers)
        self.latencies.record("answer → projector count", started)
        if exercise.reveal == "live" and answers >= self.threshold:
            what = self.first_chart_or("answer → live projector chart")
            wait_for_chart(self.projector, self.expected_figure(index), timeout_ms=self.chart_wait)
            self.latencies.record(what, started)

    def step_values(self, index: int) -> list[Any]:
        return [value for (_, i), value in sorted(self.given.items()) if i == index]

    def keyed_values(self, index: int) -> dict[int, Any]:
        """What each person answered at ``index``, minus the texts the facilitator hid."""
        exercise, hidden = self.exercise(index), self.hidden.get(index, set())
        shown = {}
        for (person, i), value in sorted(self.given.items()):
            if i != index:
                continue
            if hidden:
                value = kind_of(exercise).redact(
                    exercise, value, lambda text: text_key(text) in hidden
                )
            if value is not None:
                shown[person] = value
        return shown

    def hide_text(self, index: int, text: str) -> None:
        """On the console, hide one participant's text: it leaves the projector's chart."""
        lang = self.lang
        # The text's own row: the nearest row of columns around it (the page has outer ones).
        row = self.console.get_by_text(text, exact=True).locator(
            "xpath=ancestor::div[@data-testid='stHorizontalBlock'][1]"
        )
        hide = row.get_by_role("button", name=t(lang, "moderation_hide"), exact=True)
        self.hidden.setdefault(index, set()).add(text_key(text))
        self.latencies.measure(
            "hide a text → projector chart",
            lambda: act(self.console, hide.click),
            lambda: wait_for_chart(self.projector, self.expected_figure(index)),
        )
        shown_again = row.get_by_role("button", name=t(lang, "moderation_show"), exact=True)
        expect(shown_again).to_be_visible()

    def expected_figure(self, index: int):
        """The chart the projector must draw: the domain's result of exactly what was sent."""
        exercise = self.exercise(index)
        related = related_answers(exercise, self.workshop, self.keyed_values, self.threshold)
        result = step_result(
            exercise,
            self.keyed_values(index),
            self.lang,
            threshold=self.threshold,
            related=related,
        )
        return result.figure(self.lang)

    def expect_step_on_phones(self, index: int) -> None:
        shown = t(self.lang, "step_of", n=index + 1, total=len(self.workshop.steps))
        for phone in self.phones:
            expect(phone.page.get_by_text(shown, exact=True)).to_be_visible()
            wait_for_app_run(phone.page)

    # the export --------------------------------------------------------------------------------

    def download_answers(self) -> list[dict[str, str]]:
        wait_for_app_run(self.console)
        target = button(self.console, self.lang, "console_export_answers")
        with self.console.expect_download() as download:
            target.click()
        name = download.value.suggested_filename
        assert name == f"{self.code}-answers.csv", (name, download.value.url)
        text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))


def run_journey(room: Classroom) -> Classroom:
    """Create, join, run every step of the starter workshop, export; assert along the way."""
    room.create_session()
    room.shoot("01-lobby-projector", room.projector)

    room.join_by_link(range(PEOPLE_BY_LINK), scales={0: 2})  # phone 0 is photographed
    room.join_by_typing(PEOPLE_BY_LINK)
    room.shoot("01-lobby-phone", room.phones[0].page)

    steps = len(room.workshop.steps)
    for index in range(steps):
        _run_step(room, index, last=index == steps - 1)

    _check_export(room, room.download_answers())
    return room


def _run_step(room: Classroom, index: int, *, last: bool) -> None:
    lang, exercise = room.lang, room.exercise(index)
    driver = driver_for(exercise)
    number = f"{index + 2:02d}"
    room.latencies.measure(
        "next step → every phone",
        lambda: room.console_click("console_next"),
        lambda: room.expect_step_on_phones(index),
    )
    expect(room.projector.get_by_text(exercise.title(lang), exact=True).first).to_be_visible()
    room.expect_projector_count(0)
    room.shoot(f"{number}-{exercise.kind}-question-phone", room.phones[0].page)

    for phone in room.phones:
        room.answer(phone, index, driver.answer_for(exercise, phone.person, lang), first=True)
    if index == 0:  # someone changes their mind while the step is open: the CSV keeps the last
        phone = room.phones[1]
        driver.expect_shown(main(phone.page), exercise, room.given[(1, index)], lang)
        changed = driver.answer_for(exercise, len(room.phones) + 2, lang)
        room.answer(phone, index, changed, first=False)
    room.shoot(f"{number}-{exercise.kind}-answered-phone", room.phones[0].page)

    if exercise.reveal != "live":
        expect(room.projector.get_by_text(t(lang, "projector_hidden"), exact=True)).to_be_visible()
        room.latencies.measure(
            room.first_chart_or("reveal → projector chart"),
            lambda: room.console_click("console_reveal"),
            lambda: wait_for_chart(
                room.projector, room.expected_figure(index), timeout_ms=room.chart_wait
            ),
        )
        expect(button(room.console, lang, "console_hide")).to_be_visible()
    formula = FORMULA[lang]
    if any(formula in value for (_, i), value in room.given.items() if i == index):
        room.hide_text(index, formula)  # the facilitator takes it off the screen
    room.shoot(f"{number}-{exercise.kind}-projector", room.projector)
    room.shoot(f"{number}-{exercise.kind}-console", room.console)

    room.latencies.measure(
        "close → every phone",
        lambda: room.console_click("console_close"),
        lambda: [
            expect(phone.page.get_by_text(t(lang, "step_closed_info"), exact=True)).to_be_visible()
            for phone in room.phones
        ],
    )
    status = f"{t(lang, 'projector_answers', n=len(room.phones))} · {t(lang, 'projector_closed')}"
    expect(room.projector.get_by_text(status, exact=True)).to_be_visible()
    expect(room.phones[0].page.get_by_text(t(lang, "your_answer"), exact=True)).to_be_visible()
    if not last:
        expect(button(room.console, lang, "console_open")).to_be_visible()


def _check_export(room: Classroom, rows: list[dict[str, str]]) -> None:
    """One row per word / statement / option, grouped by pseudonym exactly as people answered."""
    expected: Counter[frozenset] = Counter()
    for person in {p for (p, _) in room.given}:
        cells = set()
        for (who, index), value in room.given.items():
            if who != person:
                continue
            exercise = room.exercise(index)
            for item, cell in driver_for(exercise).export_cells(exercise, value):
                cells.add((index + 1, exercise.id, exercise.kind, item, _spreadsheet_safe(cell)))
        expected[frozenset(cells)] += 1

    by_person: dict[str, set] = {}
    for row in rows:
        assert row["session"] == room.code
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", row["time"]), row["time"]
        key = (int(row["step"]), row["exercise_id"], row["kind"], row["item"], row["value"])
        by_person.setdefault(row["participant"], set()).add(key)
    assert Counter(frozenset(cells) for cells in by_person.values()) == expected
    assert len(rows) == sum(len(cells) for cells in expected.elements())
    formulas = [row for row in rows if row["value"].lstrip("'").startswith("=")]
    assert formulas and all(row["value"].startswith("'=") for row in formulas), formulas
    if "hidden" in rows[0]:  # hidden texts stay in the export, flagged
        flagged = {(int(row["step"]) - 1, row["value"]) for row in rows if row["hidden"] == "True"}
        expected_flags = {
            (index, _spreadsheet_safe(cell))
            for (_, index), value in room.given.items()
            for _, cell in driver_for(room.exercise(index)).export_cells(
                room.exercise(index), value
            )
            if text_key(cell) in room.hidden.get(index, set())
        }
        assert flagged == expected_flags


def _spreadsheet_safe(cell: str) -> str:
    """What the export must write for a cell a spreadsheet would otherwise run as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell
