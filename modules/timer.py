"""The step countdown: started from the console, shown large on the projector and on phones.

The end time is stored (``sessions.timer_ends_at``), so a reloaded tab or another replica
draws the same countdown; pages tick it in the browser from that timestamp. The start is kept
too (``timer_started_at``): a talk step counts its turns forward from it.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules.catalog import Workshop
from modules.store import LOBBY, SessionInfo, Store
from modules.store.tables import utcnow

__all__ = [
    "Countdown",
    "add_minutes",
    "countdown",
    "countdown_html",
    "default_minutes",
    "start",
    "stop",
]

MAX_MINUTES = 180

# Ticks four times a second from the end timestamp; one interval per countdown element.
_SCRIPT = (
    "(function(){var id=__ID__,end=__END__,done=__DONE__;"
    "window.__wsTimers=window.__wsTimers||{};clearInterval(window.__wsTimers[id]);"
    "function tick(){var el=document.getElementById(id);"
    "if(!el){clearInterval(window.__wsTimers[id]);return;}"
    "var s=Math.ceil((end-Date.now())/1000);"
    "if(s<=0){el.textContent=done;el.parentNode.classList.add('ws-timer-done');"
    "clearInterval(window.__wsTimers[id]);return;}"
    "el.textContent=Math.floor(s/60)+':'+String(s%60).padStart(2,'0');}"
    "tick();window.__wsTimers[id]=setInterval(tick,250);})();"
)


@dataclass(frozen=True)
class Countdown:
    ends_at: datetime
    seconds_left: int

    @property
    def finished(self) -> bool:
        return self.seconds_left <= 0

    @property
    def clock(self) -> str:
        """``M:SS`` (or ``0:00`` once over)."""
        left = max(0, self.seconds_left)
        return f"{left // 60}:{left % 60:02d}"


def default_minutes(workshop: Workshop, index: int) -> float:
    """The step's planned length from the workshop file."""
    if index == LOBBY or not 0 <= index < len(workshop.steps):
        return 5.0
    return workshop.steps[index].minutes


def start(store: Store, session: SessionInfo, minutes: float, now: datetime | None = None) -> None:
    minutes = min(max(minutes, 0.25), MAX_MINUTES)
    now = now or utcnow()
    ends = now + timedelta(seconds=round(minutes * 60))
    store.update_session(session.id, timer_ends_at=ends, timer_started_at=now)


def add_minutes(
    store: Store, session: SessionInfo, minutes: float, now: datetime | None = None
) -> None:
    """Extend a running countdown (or restart a finished one from now)."""
    now = now or utcnow()
    running = session.timer_ends_at is not None and session.timer_ends_at > now
    base = session.timer_ends_at if running else now
    ends = min(base + timedelta(minutes=minutes), now + timedelta(minutes=MAX_MINUTES))
    started = session.timer_started_at if running and session.timer_started_at else now
    store.update_session(session.id, timer_ends_at=ends, timer_started_at=started)


def stop(store: Store, session: SessionInfo) -> None:
    store.update_session(session.id, timer_ends_at=None, timer_started_at=None)


def countdown(session: SessionInfo, now: datetime | None = None) -> Countdown | None:
    if session.timer_ends_at is None:
        return None
    left = (session.timer_ends_at - (now or utcnow())).total_seconds()
    return Countdown(session.timer_ends_at, math.ceil(left))


def countdown_html(timer: Countdown, done_text: str, *, size: str = "large") -> str:
    """A self-contained countdown: drawn right by the server, ticked by a tiny inline script.

    Nothing in it comes from a participant; the texts are escaped anyway. No external resource.
    """
    ends_ms = int(timer.ends_at.timestamp() * 1000)
    element = f"ws-timer-{ends_ms}"
    state = "ws-timer-done" if timer.finished else ""
    shown = done_text if timer.finished else timer.clock
    script = (
        _SCRIPT.replace("__ID__", _js_string(element))
        .replace("__END__", str(ends_ms))
        .replace("__DONE__", _js_string(done_text))
    )
    return (
        "<style>"
        ".ws-timer{display:inline-block;font-variant-numeric:tabular-nums;font-weight:800;"
        "border-radius:.4em;padding:.05em .45em;color:#111;background:#F0F0F0;}"
        ".ws-timer-large{font-size:4rem;}.ws-timer-small{font-size:1.6rem;}"
        ".ws-timer-done{background:#D55E00;color:#fff;animation:ws-pulse 1s ease-in-out 3;}"
        "@keyframes ws-pulse{50%{opacity:.45}}"
        "</style>"
        f'<div class="ws-timer ws-timer-{html.escape(size)} {state}" role="timer"'
        f' data-ends="{ends_ms}"><span id="{element}">{html.escape(shown)}</span></div>'
        f"<script>{script}</script>"
    )


def _js_string(text: str) -> str:
    """A JavaScript string literal that cannot close the ``<script>`` element it sits in."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
