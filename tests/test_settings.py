"""One source for settings: the environment, then the project's secrets, then the user's, then
the defaults, key by key, and the pages see exactly what the ``workshop`` command sees."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules import cli, paths
from modules.settings import Settings, get_settings, load_settings


def write_secrets(file: Path, **values: object) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[workshop]", *(f"{name} = {json.dumps(value)}" for name, value in values.items())]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


@pytest.fixture
def two_files(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A user's file and a project's file that disagree on one value and each add their own."""
    for name in list(os.environ):
        if name.startswith("WORKSHOP_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    user = write_secrets(
        home / ".streamlit" / "secrets.toml", privacy_threshold=5, max_answer_chars=100
    )
    project = write_secrets(
        tmp_path / "project" / ".streamlit" / "secrets.toml",
        privacy_threshold=4,
        public_base_url="https://project.example.org",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(paths, "project_secrets", lambda: project)
    return user, project


def test_each_setting_comes_from_the_environment_then_the_project_then_the_user(two_files):
    seen = load_settings({"WORKSHOP_PUBLIC_BASE_URL": "https://env.example.org"})
    assert seen.public_base_url == "https://env.example.org"  # environment over both files
    assert seen.privacy_threshold == 4  # the project's file over the user's
    assert seen.max_answer_chars == 100  # only in the user's file: kept, not dropped
    assert seen.retention_days == Settings.model_fields["retention_days"].default


def _page_settings() -> None:
    import streamlit as st

    from modules.ui import state

    st.code(state.settings().model_dump_json(), language="json")


def test_the_pages_see_what_the_command_sees(two_files, monkeypatch, capsys):
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "7")
    page = AppTest.from_function(_page_settings, default_timeout=30).run()
    assert not page.exception, page.exception
    on_page = json.loads(page.code[0].value)

    get_settings.cache_clear()
    assert cli.main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    get_settings.cache_clear()

    assert on_page["privacy_threshold"] == 4 and on_page["max_answer_chars"] == 100
    assert on_page["retention_days"] == 7
    for name, entry in shown.items():
        if name not in cli.HIDDEN_SETTINGS | {"database_url"}:
            expected = "unset" if on_page[name] is None else str(on_page[name])
            assert entry["value"] == expected, name
    user, project = two_files
    assert shown["privacy_threshold"]["from"] == str(project)
    assert shown["max_answer_chars"]["from"] == str(user)
    assert shown["retention_days"]["from"] == "environment"
    assert shown["max_sessions"]["from"] == "default"


def test_an_edited_secrets_file_is_read_again(two_files):
    _user, project = two_files
    assert load_settings({}).privacy_threshold == 4
    write_secrets(project, privacy_threshold=16)
    assert load_settings({}).privacy_threshold == 16


def test_a_broken_secrets_file_is_one_line_naming_it(two_files, capsys):
    _user, project = two_files
    project.write_text("[workshop]\nprivacy_threshold = \n", encoding="utf-8")
    get_settings.cache_clear()
    assert cli.main(["settings"]) == 2
    get_settings.cache_clear()
    error = capsys.readouterr().err
    assert error.startswith(f"workshop: {project}: not valid TOML") and error.count("\n") == 1


def test_the_command_hides_the_admin_key_and_the_database_password(two_files, monkeypatch, capsys):
    monkeypatch.setenv("WORKSHOP_ADMIN_KEY", "a-very-long-admin-key")
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "postgresql+psycopg://app:s3cret@db/workshop")
    get_settings.cache_clear()
    assert cli.main(["settings"]) == 0
    get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "a-very-long-admin-key" not in out and "s3cret" not in out
    assert "postgresql+psycopg://app:***@db/workshop" in out
