"""Career-workshop facilitation toolkit: domain logic, storage, charts and the Streamlit UI.

Everything outside ``modules.ui`` is plain Python and imports without Streamlit.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout that holds ``exercises/``, ``data/`` and ``workshop_app.py``."""

__all__ = ["PROJECT_ROOT"]
