"""The ``workshop`` command, run as a facilitator would run it."""

import csv
import io
import json
import signal
import socket
import subprocess
import sys
import time

import pytest

from modules import PROJECT_ROOT
from tests.server import free_port, healthy


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


def test_surprise_demo_is_another_room_of_25(tmp_path, monkeypatch):
    """``--surprise`` fills the session with the room whose charts contradict the notes."""
    env = cli_env(tmp_path, monkeypatch)
    exports = []
    for extra in ((), ("--surprise",)):
        demo = workshop("demo", "--json", "--workshop", "relations-45", *extra, env=env)
        assert demo.returncode == 0, demo.stderr
        out = tmp_path / f"answers{len(extra)}.csv"
        code = json.loads(demo.stdout)["code"]
        assert workshop("export", code, "--out", str(out), env=env).returncode == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert len({row["participant"] for row in rows}) == 25
        exports.append({row["value"] for row in rows if row["step"] == "1"})
    assert exports[0] != exports[1]  # other people, other words


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
    results = list(csv.DictReader(io.StringIO(aggregate.read_text(encoding="utf-8-sig"))))
    assert list(results[0]) == [
        "session",
        "step",
        "step_title",
        "measure",
        "measure_label",
        "category",
        "category_label",
        "value",
    ]
    assert {row["step"] for row in results} == {"1", "2", "3", "4"}
    workbook = tmp_path / "results.xlsx"
    done = workshop("export", code, "--out", str(workbook), "--aggregate", env=env)
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    assert len(load_workbook(workbook).sheetnames) == 4  # one sheet per step
    refused = workshop("export", code, "--out", str(tmp_path / "answers.xlsx"), env=env)
    assert refused.returncode == 2 and "--aggregate" in refused.stderr


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


MISTAKES = [
    (("demo", "--workshop", "nope"), {}, "unknown workshop 'nope' (known: "),
    (
        ("demo", "--surprise", "--workshop", "starter"),
        {},
        "no surprising demo room for workshop 'starter' (recorded for: informational-interview, ",
    ),
    (("export", "ABCDEF", "--out", "/nonexistent-dir/x.csv"), {}, "does not exist"),
    (("export", "ABCDEF", "--out", "{tmp}"), {}, "is a folder"),
    (("db", "upgrade", "nosuchrev"), {}, "Can't locate revision identified by 'nosuchrev'"),
    (("purge",), {"WORKSHOP_DATABASE_URL": "nonsense"}, "not a usable database URL"),
    (
        ("purge",),
        {"WORKSHOP_DATABASE_URL": "postgresql+psycopg://u:secret@127.0.0.1:1/x"},
        "cannot reach the database at postgresql+psycopg://u:***@127.0.0.1:1/x",
    ),
    (
        ("purge",),
        {"WORKSHOP_DATABASE_URL": "sqlite:////nonexistent-dir/x.db"},
        "points into /nonexistent-dir, which does not exist",
    ),
    (("purge",), {"WORKSHOP_PRIVACY_THRESHOLD": "abc"}, "WORKSHOP_PRIVACY_THRESHOLD='abc'"),
    (("check", "{tmp}"), {}, "no exercise file (.yaml or .yml) in this folder"),
    (("check", "nope.yaml"), {}, "nope.yaml: no such file or folder"),
    (("export", "ZZZZZZ", "--out", "{tmp}/x.csv"), {}, "no session with code 'ZZZZZZ'"),
]


@pytest.mark.parametrize(("args", "extra_env", "said"), MISTAKES)
def test_a_mistake_is_one_line_and_exit_code_2(tmp_path, monkeypatch, args, extra_env, said):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**cli_env(tmp_path, monkeypatch), **extra_env}
    done = workshop(*(a.replace("{tmp}", str(empty)) for a in args), env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("workshop: ") and said in done.stderr, done.stderr
    assert "secret" not in done.stderr  # a password in the URL is never printed


def test_a_mistyped_sqlite_folder_creates_nothing(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch)
    env["WORKSHOP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'typo' / 'workshop.db'}"
    assert workshop("purge", env=env).returncode == 2
    assert not (tmp_path / "typo").exists()


def test_checking_one_workshop_file_loads_the_library_beside_it(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch)
    done = workshop("check", "exercises/workshops/starter.yaml", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 file(s): 0 exercise(s), 1 workshop(s), 0 error(s)"
    own = tmp_path / "mine.yml"  # .yml is read like .yaml, and a missing id still fails
    own.write_text(
        "workshop:\n  id: mine\n  title: {fr: Le mien, en: Mine}\n"
        "  summary: {fr: Court, en: Short}\n  steps:\n    - exercise: no-such-exercise\n"
    )
    bad = workshop("check", str(own), env=env)
    assert bad.returncode == 1
    assert "no exercise with id 'no-such-exercise'" in bad.stderr
    folder = tmp_path / "yml"
    folder.mkdir()
    (folder / "one.yml").write_text(
        "exercises:\n  - id: one\n    kind: scale\n    title: {fr: a, en: b}\n"
    )
    found = workshop("check", str(folder), env=env)
    assert found.returncode == 1 and "exercise 'one': field 'prompt'" in found.stderr


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_stopping_workshop_serve_stops_the_app(tmp_path, monkeypatch, signal_number):
    """A SIGTERM (systemd, a container) or Ctrl-C leaves nothing listening on the port."""
    env = cli_env(tmp_path, monkeypatch)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "modules.cli",
            "serve",
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not healthy(url):
            assert serve.poll() is None and time.monotonic() < deadline, "server never started"
            time.sleep(0.2)
        serve.send_signal(signal_number)
        serve.wait(timeout=30)
        assert not healthy(url)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0  # nobody listens any more
    finally:
        if serve.poll() is None:
            serve.kill()
