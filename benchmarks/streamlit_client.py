"""A headless Streamlit browser: speaks ``/_stcore/stream`` the way Streamlit's frontend does.

It sends ``BackMsg.rerun_script`` with the page name, query string and widget states, keeps the
query string the server rewrites (``page_info_changed``), follows ``auto_rerun`` timers of
fragments (``run_every``) exactly like the web app (one timer per fragment id, cleared on a full
run and by ``stop_auto_rerun``), and keeps the widgets of the last run so a caller can fill a
form and press its submit button with the same ``WidgetStates`` a browser sends. Checked against
Streamlit 1.67's frontend bundle (``handleAutoRerun``, ``sendRerunBackMsg``) and its Starlette
websocket handler (first subprotocol entry selected; no XSRF token needed without auth).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["PageClient", "Widget"]

WIDGET_KINDS = {
    "text_input",
    "text_area",
    "radio",
    "checkbox",
    "button",
    "button_group",
    "slider",
    "selectbox",
    "multiselect",
    "number_input",
}


@dataclass
class Widget:
    kind: str
    proto: Any

    @property
    def id(self) -> str:
        return self.proto.id

    @property
    def form_id(self) -> str:
        return getattr(self.proto, "form_id", "")


@dataclass
class PageClient:
    """One browser tab on one page of the app."""

    ws_url: str
    page_name: str
    query_string: str
    on_element: Callable[[PageClient, str, Any, float], None] = lambda *_: None
    on_finished: Callable[[PageClient, float], None] = lambda *_: None
    locale: str = "en-US"
    cookies: str = ""  # what a browser would send with the websocket (``name=value; …``)
    page_script_hash: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    values: dict[str, tuple[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    runs_finished: int = 0
    bytes_received: int = 0
    _ws: Any = None
    _reader: asyncio.Task | None = None
    _timers: dict[str, tuple[float, asyncio.Task]] = field(default_factory=dict)
    _full_run: bool = True
    _closing: bool = False
    last_kinds: list[str] = field(default_factory=list)

    async def open(self, timeout: float = 30.0) -> None:
        self._ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                ssl=_unverified() if self.ws_url.startswith("wss:") else None,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,
                compression=None,
                additional_headers={"Cookie": self.cookies} if self.cookies else None,
            ),
            timeout,
        )
        self._reader = asyncio.create_task(self._read())
        await self.rerun()

    async def close(self) -> None:
        self._closing = True
        for _interval, task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    # -- what a user does ------------------------------------------------------------------

    async def rerun(
        self,
        *,
        fragment_id: str = "",
        auto: bool = False,
        triggers: dict[str, str] | None = None,
    ) -> None:
        """Send ``rerun_script`` with the committed widget values (and one-shot triggers)."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = "" if self.page_script_hash else self.page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = self.ws_url.replace("ws", "http", 1).split("/_stcore")[0]
        active = set(self.widgets)
        for widget_id, (kind, value) in self.values.items():
            if widget_id in active:
                _set_value(state.widget_states.widgets.add(), widget_id, kind, value)
        for widget_id, kind in (triggers or {}).items():
            _set_value(state.widget_states.widgets.add(), widget_id, kind, True)
        await self._ws.send(message.SerializeToString())

    async def submit_form(self, form_id: str, values: dict[str, tuple[str, Any]]) -> None:
        """Commit the form's values and press its submit button, in one message."""
        submit = next(
            w
            for w in self.widgets.values()
            if w.kind == "button" and w.proto.is_form_submitter and w.form_id == form_id
        )
        self.values.update(values)
        await self.rerun(triggers={submit.id: "trigger_value"})

    async def click(self, widget: Widget) -> None:
        await self.rerun(triggers={widget.id: "trigger_value"})

    def describe(self) -> str:
        """The client's state in one line, for error reports."""
        timers = {f[:6]: every for f, (every, task) in self._timers.items() if not task.done()}
        return (
            f"runs finished {self.runs_finished}, timers {timers}, last {self.last_kinds[-12:]}, "
            f"widgets {len(self.widgets)}"
        )

    # -- what the browser does by itself ---------------------------------------------------

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self.bytes_received += len(data)
                message = ForwardMsg()
                message.ParseFromString(data)
                self._handle(message, time.monotonic())
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass
        except Exception as error:  # a bug here must show, not hang the run
            self.errors.append(f"reader: {error!r}")
        if not self._closing:
            self.errors.append("connection closed by server")

    def _handle(self, message: ForwardMsg, now: float) -> None:
        kind = message.WhichOneof("type")
        label = kind
        if kind == "new_session":
            label = f"new_session{list(message.metadata.run.fragment_ids)}"[:20]
        elif kind == "auto_rerun":
            label = f"auto_rerun:{message.auto_rerun.fragment_id[:6]}"
        elif kind == "script_finished":
            label = f"finished:{message.script_finished}"
        self.last_kinds = [*self.last_kinds[-39:], label]
        if kind == "new_session":
            self._full_run = not message.metadata.run.fragment_ids
            if self._full_run:
                self.page_script_hash = message.new_session.page_script_hash
                for _interval, task in self._timers.values():
                    task.cancel()
                self._timers.clear()
                self.widgets = {}
        elif kind == "navigation" and message.navigation.page_script_hash:
            self.page_script_hash = message.navigation.page_script_hash  # the page being shown
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "auto_rerun":
            self._start_timer(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                entry = self._timers.pop(fragment_id, None)
                if entry:
                    entry[1].cancel()
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_kind = element.WhichOneof("type")
            proto = getattr(element, element_kind)
            if element_kind in WIDGET_KINDS:
                self.widgets[proto.id] = Widget(element_kind, proto)
            self.on_element(self, element_kind, proto, now)
        elif kind == "script_finished":
            self.runs_finished += 1
            self.on_finished(self, now)

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        current = self._timers.get(fragment_id)
        if current and current[0] == interval:
            return  # the frontend keeps a running timer with the same interval
        if current:
            current[1].cancel()
        self._timers[fragment_id] = (
            interval,
            asyncio.create_task(self._tick(fragment_id, interval)),
        )

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while not self._closing:
            await asyncio.sleep(interval)
            try:
                await self.rerun(fragment_id=fragment_id, auto=True)
            except websockets.ConnectionClosed:
                return


def _unverified() -> ssl.SSLContext:
    """The deployment test's trial certificate is self-signed (docs/deploy.md)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _set_value(state: Any, widget_id: str, kind: str, value: Any) -> None:
    state.id = widget_id
    if kind == "string_array_value":
        state.string_array_value.data.extend(value)
    elif kind == "double_array_value":
        state.double_array_value.data.extend(value)
    else:
        setattr(state, kind, value)
