"""docs/deploy.md's server recipe, run as written in a sandbox (tests/deploy/sandbox.py).

What the test adds to the recipe, and only this: the checkout stands in for ``git clone`` (the
repository's address is the reader's own), and the machine is offline, so apt is told not to
upgrade what is already installed (``APT::Get::Upgrade "false"``), and just before the
``pip install`` lines the new virtual environment borrows the test environment's packages (the
same versions, from the same ``requirements.lock``) through a ``.pth`` line, its own older
setuptools stepping aside for the locked one. pip then finds every locked requirement satisfied
and builds and installs the app itself from ``/opt/workshop/src`` as the recipe says.
"""

from __future__ import annotations

import shutil
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from modules import PROJECT_ROOT
from tests.deploy.sandbox import Sandbox
from tests.docs import blocks_named

__all__ = ["DEPLOY_DOC", "Deployment", "deploy", "install_checkout"]

DEPLOY_DOC = PROJECT_ROOT / "docs" / "deploy.md"
SOURCE = "/opt/workshop/src"
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "test-artifacts", "*.db", "*.db-*", "secrets.toml",
)  # fmt: skip
OFFLINE = f"""
# -- test only: offline, the venv borrows this environment's locked packages --
site=$(/opt/workshop/venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
echo '{sysconfig.get_path("purelib")}' > "$site/zz-borrowed-packages.pth"
rm -rf "$site"/setuptools "$site"/setuptools-*.dist-info "$site"/pkg_resources \\
    "$site"/_distutils_hack "$site"/distutils-precedence.pth
# -- end of test only --
"""
OFFLINE_ENV = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@dataclass(frozen=True)
class Deployment:
    box: Sandbox
    name: str  # the server's name ($NAME)
    url: str  # https://name
    env: dict[str, str]  # /etc/workshop/env
    log: Path  # what every recipe command printed

    def admin(self, *args: str) -> str:
        """``workshop ARGS`` as root on the server, through the recipe's wrapper."""
        import shlex

        return self.box.run("workshop " + shlex.join(args), env=OFFLINE_ENV, log=self.log).stdout


def install_checkout(box: Sandbox) -> None:
    """The test's stand-in for ``git clone …/workshop-relations.git /opt/workshop/src``."""
    target = box.path(SOURCE)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PROJECT_ROOT, target, ignore=NOT_SHIPPED)


def recipe_script() -> str:
    parts = ["set -euo pipefail\n"]
    for block in blocks_named(DEPLOY_DOC, "recipe"):
        if "pip install --require-hashes" in block.text:
            parts.append(OFFLINE)
        parts.append(f"# -- {block.where} --\n{block.text}")
    return "".join(parts)


def deploy(box: Sandbox, log: Path) -> Deployment:
    install_checkout(box)
    box.path("/etc/apt/apt.conf.d/99test-offline").write_text('APT::Get::Upgrade "false";\n')
    box.run(recipe_script(), env=OFFLINE_ENV, log=log, timeout=900)
    env = {}
    for line in box.path("/etc/workshop/env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    url = env["WORKSHOP_PUBLIC_BASE_URL"]
    return Deployment(box, url.removeprefix("https://"), url, env, log)
