"""An attacker's (or a phone's) tab on the real server, over Streamlit's own websocket protocol.

``Tab`` wraps ``benchmarks.streamlit_client.PageClient``: it records what each run drew (texts,
alerts, code blocks, link buttons, exceptions) and waits for the run an action started, so a
test reads like what a person does: open a page, type, press, read what it says. Waits only
catch hangs (generous timeouts); nothing here measures time.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import urllib.request
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.streamlit_client import PageClient, Widget

__all__ = ["Drawn", "Tab", "gather_limited", "open_tab", "run", "ws_url"]

WAIT = 60.0  # seconds: only a hang takes this long
T = TypeVar("T")

_TEXT_FIELDS = {
    "markdown": "body",
    "heading": "body",
    "alert": "body",
    "text": "body",
    "html": "body",
    "exception": "message",
    "metric": "body",
    "code": "code_text",
}


_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def ws_url(base_url: str) -> str:
    return base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"


def run(coroutine: Awaitable[T], timeout: float = 600) -> T:
    """Run one attack from a plain (synchronous) test, bounded against hangs.

    In a thread of its own: in a full run, Playwright's sync API (the browser tests) keeps an
    event loop running in the main thread for the whole session.
    """

    def attack() -> T:
        return asyncio.run(asyncio.wait_for(coroutine, timeout))  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(attack).result()


@dataclass
class Drawn:
    """What the last full run (and the fragment runs after it) put on the screen."""

    texts: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # link buttons: (label, url)
    exceptions: list[str] = field(default_factory=list)

    def joined(self) -> str:
        """What a person reads: a link button shows its label, its address stays in the page."""
        return "\n".join(self.texts + self.codes + [label for label, _ in self.links])


class Tab:
    """One browser tab on one page; ``await tab.open()`` then act and read."""

    def __init__(
        self, base_url: str, path: str, query: dict[str, str] | str = "", cookies: str = ""
    ) -> None:
        if isinstance(query, dict):
            query = urlencode(query)
        self.drawn = Drawn()
        self._changed = asyncio.Event()
        self.client = PageClient(
            ws_url(base_url),
            path,
            query,
            on_element=self._element,
            on_finished=self._finished,
            cookies=cookies,
        )
        self._full_runs = 0
        self._running = False
        self.downloads: dict[str, Any] = {}
        self.session_id = ""
        self._replies: dict[str, Any] = {}

    # -- reading -----------------------------------------------------------------------------

    def _element(self, client: PageClient, kind: str, proto: Any, now: float) -> None:
        if kind in _TEXT_FIELDS:
            value = getattr(proto, _TEXT_FIELDS[kind], "")
            if kind == "metric":
                value = f"{proto.label}: {proto.body}"
            elif kind == "markdown":  # a link shows its words, its address stays in the page
                value = _LINK_TARGET.sub("]", value)
            target = self.drawn.codes if kind == "code" else self.drawn.texts
            target.append(str(value))
            if kind == "exception":
                self.drawn.exceptions.append(f"{proto.type}: {proto.message}")
        elif kind == "link_button":
            self.drawn.links.append((proto.label, proto.url))
        if kind == "download_button":
            self.downloads[proto.label] = proto
        elif kind == "button" or kind == "download_button":
            self.drawn.texts.append(proto.label)
        self._changed.set()

    def _finished(self, client: PageClient, now: float) -> None:
        self._changed.set()

    def text(self) -> str:
        return self.drawn.joined()

    @property
    def full_runs(self) -> int:
        """Full redraws so far: take it before an action elsewhere that redraws this tab."""
        return self._full_runs

    async def redrawn_since(self, mark: int) -> None:
        """Until the server pushed (and finished) a redraw after ``mark`` (``full_runs``)."""
        await self.wait_for(
            lambda: self._full_runs > mark and not self._running, what="a pushed redraw"
        )

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.client.query_string))

    def widgets(self, kind: str | None = None) -> list[Widget]:
        return [w for w in self.client.widgets.values() if kind is None or w.kind == kind]

    def button(self, label: str) -> Widget | None:
        for widget in self.client.widgets.values():
            if widget.kind in ("button", "checkbox") and widget.proto.label == label:
                return widget
        return None

    # -- acting ------------------------------------------------------------------------------

    async def open(self) -> Tab:
        self._watch_full_runs()
        await self._act(self.client.open)
        return self

    def _watch_full_runs(self) -> None:
        handle = self.client._handle

        def counting(message: Any, now: float) -> None:
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self._running = True
                self.session_id = message.new_session.initialize.session_id or self.session_id
                if not message.metadata.run.fragment_ids:
                    self._full_runs += 1
                    self.drawn = Drawn()
            elif kind == "script_finished":  # a run cut short by st.rerun() is followed by another
                self._running = message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN
            elif kind == "backend_operation_response":
                reply = message.backend_operation_response
                self._replies[reply.request_id] = reply
                self._changed.set()
            handle(message, now)

        self.client._handle = counting  # type: ignore[method-assign]

    async def _act(self, action: Callable[[], Awaitable[None]]) -> None:
        """Do ``action`` and wait until the full run it started has finished."""
        before = self._full_runs
        finished = self.client.runs_finished
        await action()
        await self.wait_for(
            lambda: self._full_runs > before and self._idle(finished),
            what="the page to redraw",
        )

    def _idle(self, finished_before: int) -> bool:
        return self.client.runs_finished > finished_before and not self._running

    async def wait_for(self, condition: Callable[[], bool], *, what: str, timeout=WAIT) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            if self.client.errors:
                raise AssertionError(f"waiting for {what}: {self.client.errors}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"never saw {what}: {self.client.describe()}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))

    async def wait_text(self, text: str, *, timeout: float = WAIT) -> None:
        await self.wait_for(lambda: text in self.text(), what=repr(text), timeout=timeout)

    async def rerun(self) -> None:
        await self._act(self.client.rerun)

    async def click(self, label: str) -> None:
        widget = self.button(label)
        if widget is None:
            raise AssertionError(f"no button {label!r} on the page: {self.text()[:500]}")
        if widget.kind == "checkbox":  # toggles and checkboxes: flip the value
            current = self.client.values.get(widget.id, ("bool_value", widget.proto.default))
            self.client.values[widget.id] = ("bool_value", not current[1])
            await self._act(self.client.rerun)
        else:
            await self._act(lambda: self.client.click(widget))

    async def submit(self, values: dict[str, tuple[str, Any]], form: str | None = None) -> None:
        """Fill form widgets (by id) and press the form's submit button, as one message."""
        form_id = form or self.only_form()
        await self._act(lambda: self.client.submit_form(form_id, values))

    async def type_into(self, label: str, value: str) -> None:
        """Type ``value`` into the text input labelled ``label`` and press its form's button."""
        widget = self.field(label)
        await self.submit({widget.id: ("string_value", value)}, form=widget.form_id)

    def field(self, label: str) -> Widget:
        for widget in self.client.widgets.values():
            if widget.kind != "button" and getattr(widget.proto, "label", None) == label:
                return widget
        raise AssertionError(f"no field {label!r}: {[w.proto.label for w in self.widgets()]}")

    def only_form(self) -> str:
        forms = {w.form_id for w in self.widgets("button") if w.proto.is_form_submitter}
        if len(forms) != 1:
            raise AssertionError(f"expected one form, found {forms}")
        return forms.pop()

    async def download(self, label: str) -> bytes:
        """Press a download button whose file is made on click, as the browser does: ask the
        server to run it (a backend operation), then fetch the file it names."""
        button = self.downloads.get(label)
        if button is None:
            raise AssertionError(f"no download button {label!r}: {sorted(self.downloads)}")
        request_id = f"download-{len(self._replies)}-{button.deferred_file_id[:8]}"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = button.deferred_file_id
        await self.client._ws.send(message.SerializeToString())
        await self.wait_for(lambda: request_id in self._replies, what=f"the file of {label!r}")
        reply = self._replies.pop(request_id)
        if reply.error_msg:
            raise AssertionError(f"download {label!r}: {reply.error_msg}")
        base = self.client.ws_url.replace("ws", "http", 1).split("/_stcore")[0]
        url = reply.deferred_file.url
        with urllib.request.urlopen(url if "://" in url else base + url, timeout=WAIT) as got:
            return got.read()

    async def goto(self, path: str, query: dict[str, str] | str = "") -> None:
        """Another page in the same tab (same Streamlit session: what it remembers, it keeps)."""
        self.client.page_script_hash = ""
        self.client.page_name = path
        self.client.query_string = query if isinstance(query, str) else urlencode(query)
        await self._act(self.client.rerun)

    async def set_query(self, **changes: str) -> None:
        """Change the address bar's query (as someone editing it) and reload the page."""
        query = {**self.query, **changes}
        self.client.query_string = urlencode(query)
        await self._act(self.client.rerun)

    async def close(self) -> None:
        await self.client.close()


async def open_tab(
    base_url: str, url_or_path: str, query: dict[str, str] | None = None, *, cookies: str = ""
) -> Tab:
    """A tab on a full URL (``http://…/console?code=…``) or on a path with a query; with
    ``cookies``, the browser's cookies sent along (``name=value; …``)."""
    if "://" in url_or_path:
        parts = urlsplit(url_or_path)
        return await Tab(base_url, parts.path.strip("/"), parts.query, cookies).open()
    return await Tab(base_url, url_or_path, query or {}, cookies).open()


async def gather_limited(jobs: Iterable[Callable[[], Awaitable[T]]], parallel: int) -> list[T]:
    """Run the jobs, at most ``parallel`` at a time (many connections, one client)."""
    gate = asyncio.Semaphore(parallel)

    async def one(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in jobs))
