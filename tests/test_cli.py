"""The ``workshop`` command, run as a facilitator would run it."""

import csv
import io
import json
import subprocess
import sys

from modules import PROJECT_ROOT


def workshop(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "modules.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def cli_env(tmp_path, monkeypatch):
    import os

    return {
        **os.environ,
        "WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "WORKSHOP_PUBLIC_BASE_URL": "https://workshop.example.org",
    }


def test_check_accepts_the_shipped_files_and_names_a_broken_one(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch)
    ok = workshop("check", env=env)
    assert ok.returncode == 0 and "0 error(s)" in ok.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises:\n  - id: x\n    kind: scale\n    title: {fr: a, en: b}\n")
    bad = workshop("check", str(broken), env=env)
    assert bad.returncode == 1
    assert "exercise 'x': field 'prompt': Field required" in bad.stderr


def test_session_create_prints_links_as_json(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch)
    made = workshop("session", "create", "--workshop", "starter", "--lang", "en", "--json", env=env)
    assert made.returncode == 0, made.stderr
    links = json.loads(made.stdout)
    assert links["participant_url"] == f"https://workshop.example.org/?code={links['code']}"
    assert links["facilitator_key"] in links["console_url"]
    unknown = workshop("session", "create", "--workshop", "nope", env=env)
    assert unknown.returncode == 2 and "unknown workshop" in unknown.stderr


def test_demo_then_export_holds_every_demo_answer(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch)
    demo = workshop("demo", "--json", "--workshop", "starter", env=env)
    assert demo.returncode == 0, demo.stderr
    code = json.loads(demo.stdout)["code"]
    out = tmp_path / "answers.csv"
    exported = workshop("export", code, "--out", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {row["step"] for row in rows} == {"1", "2", "3", "4"}
    assert len({row["participant"] for row in rows}) == 25
    aggregate = tmp_path / "results.csv"
    assert workshop("export", code, "--out", str(aggregate), "--aggregate", env=env).returncode == 0
    assert "withheld" in aggregate.read_text(encoding="utf-8-sig").splitlines()[0]


def test_the_command_reads_the_apps_secrets_and_the_environment_wins(tmp_path):
    """A deployment keeping its database URL in secrets.toml exports from that same database."""
    import os

    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    database = tmp_path / "from-secrets.db"
    (home / ".streamlit" / "secrets.toml").write_text(
        "[workshop]\n"
        f'database_url = "sqlite:///{database}"\n'
        'public_base_url = "https://secrets.example.org"\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env["HOME"] = str(home)

    create = ("session", "create", "--workshop", "starter", "--lang", "fr", "--json")
    made = workshop(*create, env=env)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["participant_url"].startswith("https://secrets.example.org/")
    assert database.exists()

    env["WORKSHOP_PUBLIC_BASE_URL"] = "https://env.example.org"
    again = workshop(*create, env=env)
    assert json.loads(again.stdout)["participant_url"].startswith("https://env.example.org/")
