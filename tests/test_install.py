"""The install stays reproducible: every dependency pinned with hashes, nothing refetched.

`make run` and `make test` install from ``requirements.lock`` into ``.venv``; these checks keep
the lock complete and the second `make run` offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from modules import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def _locked() -> dict[str, str]:
    return {
        canonicalize_name(match[1]): match[2]
        for line in LOCK.read_text().splitlines()
        if (match := PINNED.match(line))
    }


def _direct() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    return {canonicalize_name(Requirement(spec).name) for spec in wanted}


def test_every_dependency_is_pinned_in_the_lock_with_hashes():
    locked = _locked()
    missing = _direct() - set(locked)
    assert not missing, f"in pyproject.toml but not in requirements.lock (run make lock): {missing}"
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text()):
        if PINNED.match(block):
            assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"
    assert "setuptools" in locked  # the editable install builds offline


def test_the_locked_versions_are_the_ones_installed():
    from importlib.metadata import PackageNotFoundError, version

    locked = _locked()
    wrong = {}
    for name in _direct():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong[name] = "not installed"
            continue
        if installed != locked[name]:
            wrong[name] = f"{installed} installed, {locked[name]} locked"
    assert not wrong, f"the environment is not the lock (run make install): {wrong}"


def test_a_second_make_run_installs_nothing():
    """With .venv filled from this lock, `make install` has nothing to do: no network needed."""
    if not (PROJECT_ROOT / ".venv" / ".installed").exists() or shutil.which("make") is None:
        if os.environ.get("CI"):
            pytest.fail("CI runs the suite through `make test`, from the Makefile's .venv")
        pytest.skip("the suite is not running from the Makefile's .venv")
    done = subprocess.run(
        ["make", "--question", "install"], cwd=PROJECT_ROOT, capture_output=True, timeout=60
    )
    assert done.returncode == 0, "make would reinstall: the lock or pyproject.toml changed"
