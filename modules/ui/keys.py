"""Keyboard and presentation clicker: the console's keys, and full screen on the projector.

Streamlit has no key-handling API, so a few lines of script are put in the page (``st.html``
with its JavaScript allowed). The console's script clicks the console's own buttons, found by
their widget key (Streamlit gives each keyed widget the class ``st-key-<key>``): a key does
exactly what the button does, through the same server code, and a disabled button stays
disabled. Presentation clickers send PageDown and PageUp (some send arrows or Space).

Keys typed into a text box are left alone, and so are keys held with Ctrl, Alt or Cmd. A key
the console uses goes no further: Streamlit's own "R" (rerun) must not also fire.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import streamlit as st

from modules.i18n import Lang, t
from modules.ui.page import script

__all__ = ["CONSOLE_KEYS", "ConsoleKey", "console_keys", "keys_script", "projector_keys"]


@dataclass(frozen=True)
class ConsoleKey:
    keys: tuple[str, ...]  # KeyboardEvent.key values, single letters in lower case
    button: str  # the widget key of the console button it presses
    label: str  # i18n key of what it does, for the help line


CONSOLE_KEYS: tuple[ConsoleKey, ...] = (
    ConsoleKey(("PageDown", "ArrowRight", " "), "console-next", "keys_next"),
    ConsoleKey(("PageUp", "ArrowLeft"), "console-previous", "keys_previous"),
    ConsoleKey(("r",), "console-reveal", "keys_reveal"),
    ConsoleKey(("q",), "console-join", "keys_join"),
)

# Installed again on every rerun (the newest map wins): one listener per page, never two.
_SCRIPT = """(function(){var map=__MAP__,w=window,d=document;
w.__wsFullscreen=function(){if(d.fullscreenElement){d.exitFullscreen();}
else if(d.documentElement.requestFullscreen){d.documentElement.requestFullscreen()
.catch(function(){});}};
if(w.__wsKeys){d.removeEventListener("keydown",w.__wsKeys,true);}
w.__wsKeys=function(e){if(e.ctrlKey||e.metaKey||e.altKey||e.isComposing)return;
var el=e.target,tag=el&&el.tagName;
if(el&&(el.isContentEditable||tag==="INPUT"||tag==="TEXTAREA"||tag==="SELECT"))return;
var key=e.key.length===1?e.key.toLowerCase():e.key;var action=map[key];if(!action)return;
e.preventDefault();e.stopPropagation();if(tag==="BUTTON"&&el.blur)el.blur();
if(action==="fullscreen"){w.__wsFullscreen();return;}
var button=d.querySelector(".st-key-"+action+" button");
if(button&&!button.disabled)button.click();};
d.addEventListener("keydown",w.__wsKeys,true);
if(!w.__wsFullClick){w.__wsFullClick=true;d.addEventListener("click",function(e){
if(e.target&&e.target.closest&&e.target.closest(".ws-fullscreen"))w.__wsFullscreen();});}
if(!w.__wsPointer){w.__wsPointer=true;var hide,root=d.documentElement;
var show=function(){root.classList.add("ws-pointer");clearTimeout(hide);
hide=setTimeout(function(){root.classList.remove("ws-pointer");},3000);};
d.addEventListener("mousemove",show);show();}
})();"""


def keys_script(mapping: dict[str, str]) -> str:
    """The script that presses ``mapping[key]`` (a button's widget key, or "fullscreen")."""
    return _SCRIPT.replace("__MAP__", _js_value(mapping))


def console_keys(lang: Lang) -> None:
    """Install the console's keys and draw the one line that says what they do."""
    mapping = {key: shortcut.button for shortcut in CONSOLE_KEYS for key in shortcut.keys}
    script(keys_script(mapping))
    parts = [
        t(
            lang,
            "keys_one",
            keys=" / ".join(_key_name(key, lang) for key in shortcut.keys),
            action=t(lang, shortcut.label),
        )
        for shortcut in CONSOLE_KEYS
    ]
    parts.append(t(lang, "keys_one", keys="F", action=t(lang, "keys_fullscreen")))
    st.caption(t(lang, "keys_help", keys=" · ".join(parts)))


def projector_keys(lang: Lang) -> None:
    """F (or the small button in the corner) puts the projector page in full screen."""
    label = html.escape(t(lang, "projector_fullscreen"))
    st.html(f'<button class="ws-fullscreen" type="button">{label}</button>')
    script(keys_script({"f": "fullscreen"}))


def _key_name(key: str, lang: Lang) -> str:
    names = {
        " ": t(lang, "keys_space"),
        "ArrowRight": "→",
        "ArrowLeft": "←",
        "PageDown": t(lang, "keys_page_down"),
        "PageUp": t(lang, "keys_page_up"),
    }
    return names.get(key, key.upper())


def _js_value(value: object) -> str:
    """JSON that cannot close the ``<script>`` element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
