"""Values a hand-made client sends never crash a page (Streamlit internals, in this one place).

A browser only sends a widget values of its own type: a finite number within bounds for a number
input, text for a text box, an option for a radio. A script speaking Streamlit's websocket can
send anything as any widget's value: NaN, ±inf, 1e308, a string or a boolean for a number input,
a number for a text box. Streamlit 1.67 converts the value before the page sees it and raises
(``int(nan)``: ``ValueError``; ``int(inf)``: ``OverflowError``; ``"x"[:n]`` on a float:
``TypeError``): the phone shows an exception and the server log a traceback, before any app
code runs.

``install()`` wraps two things, once per process:

- ``NumberInputSerde.deserialize``: a number input receiving anything but a finite number within
  its bounds returns NaN, which every kind refuses with its own message ("please type a
  number") and pages check with ``is_bad``;
- ``WStates.__getitem__``, where every value a client sent is converted: if the conversion
  fails, the widget gets its default (as Streamlit already does for out-of-range values), and
  the kind's own check answers (an empty text box: "answer before sending").

Values a browser sends are converted exactly as before. If a Streamlit release renames these,
``install()`` returns ``False`` and logs it, ``tests/security/test_attack_bad_numbers.py`` fails
so the change is noticed, and ``refusing_bad_numbers`` keeps the answer form answering with a
message instead of a traceback meanwhile.
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


_PLAIN = {
    "string_value",
    "bool_value",
    "double_value",
    "int_value",
    "string_array_value",
    "double_array_value",
}
_NUMBERS = {"double_value", "int_value"}


def _same_type(sent: str | None, expected: str | None) -> bool:
    """Whether a client sent a widget the type of value it takes (a browser always does)."""
    if sent is None or expected not in _PLAIN or expected in _NUMBERS:
        return True  # a number input's own guard turns anything odd into NaN
    return sent == expected or {sent, expected} <= _NUMBERS


def _guard_client_values(states_class: type, serialized: type, value: type) -> None:
    original = states_class.__getitem__

    def dropped(self: Any, key: str, metadata: Any) -> Any:
        default = metadata.deserializer(None)
        self.states[key] = value(default)  # the client's value is dropped, kept converted
        return default

    def __getitem__(self: Any, key: str) -> Any:
        wstate = self.states.get(key)
        metadata = self.widget_metadata.get(key)
        if not isinstance(wstate, serialized) or metadata is None:
            return original(self, key)  # not a client's value waiting to be converted
        if not _same_type(wstate.value.WhichOneof("value"), metadata.value_type):
            return dropped(self, key, metadata)  # a number for a text box, text for a radio…
        try:
            return original(self, key)
        except (TypeError, ValueError, OverflowError, AttributeError, IndexError):
            return dropped(self, key, metadata)

    __getitem__.__wrapped__ = original  # type: ignore[attr-defined]
    states_class.__getitem__ = __getitem__


def install() -> bool:
    """Wrap what converts a client's widget values (idempotent); ``False`` if it moved."""
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        try:
            from streamlit.elements.widgets.number_input import NumberInputSerde
            from streamlit.runtime.state.session_state import Serialized, Value, WStates

            for owner, name in ((NumberInputSerde, "deserialize"), (WStates, "__getitem__")):
                if not callable(getattr(owner, name, None)):
                    raise AttributeError(f"{owner.__name__}.{name}")
            if "states" not in getattr(WStates, "__dataclass_fields__", {}):
                raise AttributeError("WStates.states")
        except (ImportError, AttributeError) as missing:
            log.warning("widget values unguarded on this Streamlit (%s)", missing)
            _installed = False
            return False
        _guard_number_input(NumberInputSerde)
        _guard_client_values(WStates, Serialized, Value)
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
