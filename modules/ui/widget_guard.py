"""Bad numbers sent by a hand-made client never crash a page (Streamlit internals, one place).

A browser only ever sends a number input a finite number within its bounds. A script speaking
Streamlit's websocket can send NaN, ±inf, 1e308, a string or a boolean as the value of any
number input or slider. Streamlit 1.67 converts that value before the page sees it
(``NumberInputSerde.deserialize``: ``int(nan)`` raises ``ValueError``, ``int(inf)``
``OverflowError``; ``SliderSerde.deserialize``: ``math.isfinite("a")`` raises ``TypeError``):
the phone shows an exception and the server log a traceback, before any app code runs.

``install()`` wraps those two deserialisers, once per process:

- a number input receiving anything but a finite number within its bounds returns NaN, which
  every kind refuses with its own message ("please type a number"), and pages check with
  ``is_bad``;
- a slider receiving anything but finite numbers falls back to its default, as Streamlit already
  does for non-finite and out-of-range values.

Streamlit's own behaviour for good values is untouched. If a Streamlit release renames these,
``install()`` returns ``False``, logs it, and ``tests/security/test_attack_bad_numbers.py`` fails,
so the change is noticed; meanwhile ``refusing_bad_numbers`` keeps the answer form answering
with a message instead of a traceback.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["install", "installed", "is_bad", "refusing_bad_numbers"]

log = logging.getLogger("workshop.widgets")
_lock = threading.Lock()
_installed: bool | None = None


def _plain_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_bad(value: Any) -> bool:
    """What a guarded number input returns for a value it refused (NaN)."""
    return isinstance(value, float) and math.isnan(value)


def _guard_number_input(serde_class: type) -> None:
    original = serde_class.deserialize

    def deserialize(self: Any, ui_value: Any) -> Any:
        if ui_value is not None:
            low = getattr(self, "min_value", -math.inf)
            high = getattr(self, "max_value", math.inf)
            if not _plain_number(ui_value) or not low <= ui_value <= high:
                return math.nan
        return original(self, ui_value)

    deserialize.__wrapped__ = original  # type: ignore[attr-defined]
    serde_class.deserialize = deserialize


def _guard_slider(serde_class: type) -> None:
    original = serde_class.deserialize

    def deserialize(self: Any, ui_value: Any) -> Any:
        if ui_value is not None:
            try:
                values = list(ui_value)
            except TypeError:
                values = [ui_value]
            if isinstance(ui_value, str | bytes) or not all(_plain_number(v) for v in values):
                ui_value = None  # the widget's default, as for any value it cannot take
        return original(self, ui_value)

    deserialize.__wrapped__ = original  # type: ignore[attr-defined]
    serde_class.deserialize = deserialize


def install() -> bool:
    """Wrap Streamlit's number deserialisers (idempotent); ``False`` if they moved."""
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        try:
            from streamlit.elements.widgets.number_input import NumberInputSerde
            from streamlit.elements.widgets.slider import SliderSerde

            for serde in (NumberInputSerde, SliderSerde):
                if not callable(getattr(serde, "deserialize", None)):
                    raise AttributeError(f"{serde.__name__}.deserialize")
        except (ImportError, AttributeError) as missing:
            log.warning("number widgets unguarded on this Streamlit (%s)", missing)
            _installed = False
            return False
        _guard_number_input(NumberInputSerde)
        _guard_slider(SliderSerde)
        _installed = True
        return True


def installed() -> bool:
    return bool(_installed)


@contextmanager
def refusing_bad_numbers(refuse: Callable[[], None]) -> Iterator[None]:
    """Around number widgets, the fallback: where ``install`` could not guard Streamlit, the
    conversion error a bad value raises is answered by ``refuse()`` (a message on the page)
    instead of a traceback. Once installed, nothing is caught: a real bug still shows."""
    try:
        yield
    except (ValueError, TypeError, OverflowError):
        if installed():
            raise
        refuse()
