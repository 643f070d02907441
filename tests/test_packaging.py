"""``pip install .`` gives a ``workshop`` command that works from any folder, offline.

The wheel is built from a copy of the checkout, installed into a fresh virtual environment that
borrows its dependencies from the test's own environment (a ``.pth`` line: no network, no other
copy of the checkout on the path), and run from an empty folder with no ``WORKSHOP_*`` variable:
``check`` finds the shipped library, ``demo`` fills a session, ``serve`` answers its health check
and draws the demo's chart on the projector page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from modules import PROJECT_ROOT
from tests.server import free_port, healthy, page_elements, stop

pytestmark = pytest.mark.server

NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "test-artifacts", "*.db", "*.db-*",
)  # fmt: skip


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **options)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The checkout as it is now, plus what must never travel: a database and a secrets file."""
    copy = tmp_path_factory.mktemp("source") / "workshop-relations"
    shutil.copytree(PROJECT_ROOT, copy, ignore=NOT_SHIPPED)
    (copy / "data" / "workshop.db").write_bytes(b"a facilitator's sessions")
    (copy / ".streamlit" / "secrets.toml").write_text('[workshop]\nadmin_key = "not-for-wheels"\n')
    return copy


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check"]
    _run([sys.executable, "-m", "pip", "wheel", *offline, "--wheel-dir", str(dist), str(source)])
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict[str, str]:
    """A fresh venv holding only the wheel; dependencies come from this environment's packages."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys._base_executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    (Path(purelib.stdout.strip()) / "zz_test_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n"
    )
    _run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", str(wheel)])
    home = tmp_path_factory.mktemp("home")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "PYTHON"))}
    env.update(HOME=str(home), XDG_DATA_HOME="", PATH=f"{venv / 'bin'}:{env['PATH']}")
    return {"venv": str(venv), "home": str(home), "cwd": str(elsewhere), "env": env}


def workshop(installed, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(installed["venv"]) / "bin" / "workshop"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=installed["cwd"],
        env=installed["env"],
    )


def test_the_wheel_carries_every_package_and_the_apps_files_but_no_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {
        path.parent.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "modules").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    missing = sorted(p for p in packages if not any(n.startswith(p + "/") for n in names))
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"
    shipped = {
        "workshop_app.py",
        ".streamlit/config.toml",
        "data/demo_answers.json",
        "exercises/README.md",
        *(
            p.relative_to(PROJECT_ROOT).as_posix()
            for p in (PROJECT_ROOT / "exercises").rglob("*.y*ml")
        ),
    }
    assert {f"modules/bundle/{name}" for name in shipped} <= names
    leaked = [n for n in names if n.endswith((".db", "secrets.toml")) or "/tests/" in n]
    assert not leaked, leaked


def test_an_installed_app_checks_and_fills_a_demo_from_another_folder(installed):
    checked = workshop(installed, "check")
    assert checked.returncode == 0, checked.stderr
    library = sorted((PROJECT_ROOT / "exercises").rglob("*.yaml"))
    assert checked.stdout.startswith(f"{len(library)} file(s): ")
    assert "0 error(s)" in checked.stdout

    shown = json.loads(workshop(installed, "settings", "--json").stdout)
    venv, home = installed["venv"], installed["home"]
    assert shown["exercises_dir"]["value"].startswith(venv)  # the wheel's copy, not the checkout
    assert shown["database_url"]["value"] == (
        f"sqlite:///{home}/.local/share/workshop-relations/workshop.db"
    )

    demo = workshop(installed, "demo", "--lang", "en", "--json")
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["code"]
    assert (Path(home) / ".local/share/workshop-relations/workshop.db").is_file()
    assert not list(Path(installed["cwd"]).iterdir()), "nothing is written where it was started"


def test_an_installed_app_serves_the_demo_from_another_folder(installed, tmp_path):
    links = json.loads(workshop(installed, "demo", "--lang", "en", "--json").stdout)
    port = free_port()
    workshop_command = str(Path(installed["venv"]) / "bin" / "workshop")
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [workshop_command, "serve", "--port", str(port), "--address", "127.0.0.1"],
            cwd=installed["cwd"],
            env=installed["env"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not healthy(url):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"not healthy in 90 s:\n{log.read_text()}"
            time.sleep(0.2)
        projector = urlsplit(links["projector_url"])
        drawn = [
            kind
            for kind, _proto in page_elements(
                f"ws://127.0.0.1:{port}/_stcore/stream",
                projector.path.strip("/"),
                projector.query,
                until=lambda elements: any(kind == "plotly_chart" for kind, _ in elements),
            )
        ]
        assert "plotly_chart" in drawn, f"{drawn}\n{log.read_text()}"
        assert "Traceback" not in log.read_text()
        command = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
        assert b"--browser.gatherUsageStats=false" in command  # `workshop serve` became Streamlit
        assert b"--theme.primaryColor=#0072B2" in command
        assert "plotly_chart" in drawn, f"{drawn}\n{log.read_text()}"
        assert "Traceback" not in log.read_text()
    finally:
        stop(server)


def test_serve_passes_every_option_of_the_shipped_config():
    """An installed app runs from any folder, where Streamlit finds no config.toml: every option
    (usage statistics off, the theme, the measured runtime options) travels as a flag."""
    from modules.cli import serve_flags

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    flags = serve_flags()
    assert "--browser.gatherUsageStats=false" in flags
    assert "--runner.postScriptGC=false" in flags
    assert len(flags) == sum(len(options) for options in config.values())
