"""Where the app finds its own files: the checkout it runs from, or the copy a wheel installed.

From a checkout (``make run``, an editable install, ``streamlit run workshop_app.py``) the files
are the checkout's own: ``exercises/``, ``data/``, ``workshop_app.py``, ``.streamlit/``. A wheel
(``pip install .``) carries copies of the same files as package data under ``modules/bundle/``
(``pyproject.toml`` maps the checkout's top level there), and keeps its SQLite database in the
user's data folder, since an installed package must not write inside site-packages.
"""

from __future__ import annotations

import os
from pathlib import Path

from modules import PROJECT_ROOT

__all__ = [
    "APP_FILE",
    "CHECKOUT",
    "DATA_DIR",
    "DEMO_ANSWERS",
    "EXERCISES_DIR",
    "STREAMLIT_CONFIG",
    "project_secrets",
    "user_secrets",
]


def _checkout() -> Path | None:
    """The source tree around ``modules/``, or ``None`` when ``modules`` sits in site-packages."""
    markers = ("pyproject.toml", "workshop_app.py", "exercises")
    return PROJECT_ROOT if all((PROJECT_ROOT / name).exists() for name in markers) else None


def _user_data_dir() -> Path:
    """``$XDG_DATA_HOME/workshop-relations``, by default ``~/.local/share/workshop-relations``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "workshop-relations"


CHECKOUT = _checkout()
_SHIPPED = CHECKOUT or Path(__file__).resolve().parent / "bundle"

APP_FILE = _SHIPPED / "workshop_app.py"
"""The Streamlit entry that ``workshop serve`` runs."""
EXERCISES_DIR = _SHIPPED / "exercises"
"""The shipped exercise library and workshops (``WORKSHOP_EXERCISES_DIR`` overrides it)."""
DEMO_ANSWERS = _SHIPPED / "data" / "demo_answers.json"
STREAMLIT_CONFIG = _SHIPPED / ".streamlit" / "config.toml"
"""Streamlit's runtime settings, measured for many phones; ``workshop serve`` passes each one."""
DATA_DIR = CHECKOUT / "data" if CHECKOUT else _user_data_dir()
"""Where the default SQLite database lives; made on first use."""


def user_secrets() -> Path:
    """Streamlit's per-user secrets file, ``~/.streamlit/secrets.toml``."""
    return Path.home() / ".streamlit" / "secrets.toml"


def project_secrets() -> Path:
    """The project's secrets file: the checkout's, or the working folder's for an installed app
    (where Streamlit looks too: ``workshop serve`` runs it from the checkout, else from here)."""
    if CHECKOUT is not None:
        return CHECKOUT / ".streamlit" / "secrets.toml"
    try:
        return Path.cwd() / ".streamlit" / "secrets.toml"
    except OSError:  # started from a folder that is gone or unreadable: there is no such file
        return user_secrets()
