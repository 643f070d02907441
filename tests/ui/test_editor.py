"""The editor page in AppTest: who may author, a shipped workshop copied, saved as a version and
offered on the create page to the same author only."""

from __future__ import annotations

from modules.i18n import t
from tests.ui.apptest import page, texts


def test_an_open_server_lets_anyone_author_under_a_private_link(app_env):
    editor = page("editor", lang="en")
    assert not editor.exception
    assert t("en", "editor_as_browser") in texts(editor)
    token = editor.query_params["author"]
    assert len(token if isinstance(token, str) else token[0]) >= 16  # the link to bookmark


def test_a_copied_workshop_saved_is_offered_to_its_author_only(app_env):
    editor = page("editor", lang="en")
    token = editor.query_params["author"]
    token = token if isinstance(token, str) else token[0]
    editor.button(key="editor-copy").click().run()
    assert t("en", "editor_ok") in texts(editor)
    editor.text_input(key=next(k for k in _keys(editor) if k.endswith("workshop/id"))).input(
        "my-copy"
    ).run()
    editor.button(key="editor-save").click().run()
    assert t("en", "editor_saved", n=1) in texts(editor)

    mine = page("facilitate", lang="en", author=token)
    options = mine.selectbox[0].options
    assert any("(mine · version 1)" in option for option in options)
    stranger = page("facilitate", lang="en")
    assert not any("(mine" in option for option in stranger.selectbox[0].options)


def _keys(app) -> list[str]:
    return [w.key for w in app.text_input if w.key]
