"""Talking to the Streamlit app in a real page: wait for it, find things by role and i18n text.

Waiting follows streamlit/streamlit's own e2e suite (``wait_for_app_run``): the root element
carries ``data-test-connection-state`` and ``data-test-script-state``; a rerun is finished when
the socket is connected, the script is ``notRunning`` and no loading skeleton is left. Every
visible string comes from ``modules.i18n.t`` so rewording a message does not break a journey.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, WebSocket, expect

from modules.i18n import Lang, t

__all__ = [
    "Timer",
    "act",
    "click_button",
    "metric_value",
    "open_app",
    "starts_with",
    "wait_for_app_run",
    "watch_page",
]

APP_TIMEOUT_MS = 25_000

_SOCKETS: weakref.WeakKeyDictionary[Page, WebSocket] = weakref.WeakKeyDictionary()


def watch_page(page: Page) -> None:
    """Keep the page's current Streamlit websocket, so ``act`` can hear when a run finished.

    Called for every page of every test context (``tests/e2e/conftest.py``); a reload opens a
    new socket, which replaces the old one here.
    """

    def opened(socket: WebSocket) -> None:
        if "/_stcore/stream" in socket.url:
            _SOCKETS[page] = socket

    page.on("websocket", opened)


def _run_finished(payload: str | bytes) -> bool:
    """A ForwardMsg saying a script run (whole page or fragment) finished.

    Streamlit's wire format is its protobuf ``ForwardMsg``; it is read here and nowhere else. If
    a Streamlit release stops parsing this way, every message counts and ``act`` still waits for
    the page to go idle after the server spoke.
    """
    if isinstance(payload, str):
        return False
    try:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg.FromString(payload)
    except Exception:  # another Streamlit: any message from the server will do
        return True
    return message.WhichOneof("type") == "script_finished" and (
        message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
    )


def wait_for_app_run(page: Page) -> None:
    """Until the page's script is idle, connected and fully drawn.

    To wait for the run an action starts, use ``act`` (or ``click_button``): only it knows
    whether that run has begun.
    """
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=APP_TIMEOUT_MS)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=APP_TIMEOUT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=APP_TIMEOUT_MS)


def act(page: Page, action: Callable[[], object]) -> None:
    """Do ``action`` (a click, a key press) and wait until the run it started has finished.

    A click reaches the server after the widget's own debounce, and a fast run can start and
    end between two looks at the page: waiting for "idle" alone could see the old page, and a
    fixed delay only guesses. The server's own "script finished" message after the action is
    what says the new page is drawn.
    """
    socket = _SOCKETS.get(page)
    if socket is None:
        raise AssertionError("page opened outside the new_context fixture: act() cannot hear it")
    with socket.expect_event("framereceived", predicate=_run_finished, timeout=APP_TIMEOUT_MS):
        action()
    wait_for_app_run(page)


def open_app(page: Page, url: str) -> Page:
    page.goto(url)
    wait_for_app_run(page)
    return page


def main(page: Page) -> Locator:
    """The app's own content, without Streamlit's header and toolbar."""
    return page.get_by_role("main")


def button(page: Page, lang: Lang, key: str, **values: object) -> Locator:
    return main(page).get_by_role("button", name=t(lang, key, **values), exact=True)


def click_button(page: Page, lang: Lang, key: str, **values: object) -> None:
    """Click the button labelled by i18n ``key`` and wait for the rerun it starts."""
    target = button(page, lang, key, **values)
    expect(target).to_be_enabled()
    act(page, target.click)


def metric_value(page: Page, label: str) -> Locator:
    """The value shown by ``st.metric(label, …)`` (metrics have no ARIA role of their own)."""
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return metric.get_by_test_id("stMetricValue")


def loose(text: str) -> str:
    """A regex source for ``text`` where any space may be any whitespace: accessible names read
    French typography's no-break spaces as plain ones."""
    return r"\s".join(re.escape(part) for part in re.split(r"[ \u00a0\u202f]", text))


def starts_with(text: str) -> re.Pattern[str]:
    """Text that begins with ``text`` as a whole word: "1 answer" must not match "1 answers"."""
    return re.compile("^" + re.escape(text) + r"(?![\w])")


@dataclass
class Timer:
    """Seconds from ``start`` to each ``lap``: the latencies the journey reports and asserts."""

    label: str
    started: float = 0.0

    def start(self) -> Timer:
        self.started = time.monotonic()
        return self

    def elapsed(self) -> float:
        return time.monotonic() - self.started


_CHART_MATCHES = """
([expected, tolerance]) => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!plot || !plot._fullData) return false;
  const shown = plot._fullData;
  if (shown.length !== expected.length) return false;
  return shown.every((trace, i) => {
    const want = expected[i];
    const ys = Array.from(trace.y ?? [], String);
    const xs = Array.from(trace.x ?? [], Number);
    return (want.name === null || trace.name === want.name)
      && JSON.stringify(ys) === JSON.stringify(want.y)
      && xs.length === want.x.length
      && xs.every((x, j) => Math.abs(x - want.x[j]) <= tolerance);
  });
}
"""

_CHART_READ = """
() => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!plot || !plot._fullData) return null;
  return plot._fullData.map((trace) => ({
    name: trace.name ?? null,
    y: Array.from(trace.y ?? [], String),
    x: Array.from(trace.x ?? [], Number),
  }));
}
"""


def chart_summary(figure) -> list[dict]:
    """A Plotly figure's traces as the projector should draw them: name, labels, lengths."""
    return [
        {
            "name": trace.name,
            "y": [str(y) for y in trace.y],
            "x": [float(x) for x in trace.x],
        }
        for trace in figure.data
    ]


def wait_for_chart(page: Page, figure, *, timeout_ms: float = APP_TIMEOUT_MS) -> None:
    """Until the page's Plotly chart draws the same bars as ``figure`` (the expected result)."""
    expected = chart_summary(figure)
    try:
        page.wait_for_function(
            _CHART_MATCHES, arg=[expected, 0.01], polling="raf", timeout=timeout_ms
        )
    except Exception as error:  # a readable diff instead of a bare timeout
        shown = page.evaluate(_CHART_READ)
        message = f"chart never matched:\nexpected {expected}\nshown    {shown}"
        raise AssertionError(message) from error
