"""The console's keys press real console buttons, and the console says which keys do what."""

import json
import re

from modules.i18n import t
from modules.service import create_session, store_for
from modules.ui.keys import CONSOLE_KEYS, keys_script
from tests.ui.apptest import page, texts


def test_every_key_names_a_button_the_console_draws(app_env, catalog):
    links = create_session(store_for(app_env.database_url), catalog, app_env, "starter", "en")
    console = page("console", code=links.code, key=links.facilitator_key, lang="en")
    console.button(key="console-next").click().run()
    drawn = {button.key for button in console.button}
    for shortcut in CONSOLE_KEYS:
        assert shortcut.button in drawn, shortcut
    shown = texts(console)
    assert t("en", "keys_page_down") in shown and "R: reveal or hide the results" in shown
    assert "F: full screen" in shown


def test_the_script_maps_clicker_keys_and_leaves_typing_alone():
    mapping = {"PageDown": "console-next", " ": "console-next", "r": "console-reveal"}
    script = keys_script(mapping)
    found = re.search(r"var map=(\{.*?\}),w=window", script)
    assert found and json.loads(found.group(1)) == mapping
    # Keys typed into a box, or held with a modifier, are not shortcuts.
    for guard in ('tag==="INPUT"', 'tag==="TEXTAREA"', "isContentEditable", "e.ctrlKey"):
        assert guard in script
    assert "button.disabled" in script  # a disabled button stays disabled
    assert "e.stopPropagation()" in script  # Streamlit's own R (rerun) must not fire too
    hostile = keys_script({"</script><script>alert(1)</script>": "x"})
    assert "</script>" not in hostile  # a key name cannot close the script element
    # Streamlit's sanitiser drops a whole script where "<" is followed by a letter or digit.
    assert not re.search(r"<[/\w]", script)


def test_clicker_keys_are_there():
    keys = {key for shortcut in CONSOLE_KEYS for key in shortcut.keys}
    assert {"PageDown", "PageUp", "ArrowRight", "ArrowLeft", " ", "r", "q"} <= keys
