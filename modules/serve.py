"""What ``workshop serve`` becomes: the process's purge schedule first, then Streamlit.

Streamlit runs the app's script only when a browser connects, so a schedule started there would
wait for the first visitor. Started here, the retention purge runs from the moment the server
does, whether or not anyone opens a page (``modules.lifecycle.PurgeSchedule``). The pages start
the same schedule when the app runs under a plain ``streamlit run`` (once per process either
way).
"""

from __future__ import annotations

import logging
import sys

__all__ = ["main"]

_log = logging.getLogger("modules.serve")


def start_schedule() -> None:
    """Start the purge thread; a database not reachable yet is tried again by the first page."""
    from modules.lifecycle import start_purge_schedule
    from modules.service import store_for
    from modules.settings import load_settings

    try:
        settings = load_settings()
        start_purge_schedule(store_for(settings.database_url), settings)
    except Exception:
        _log.exception("purge schedule not started yet")


def main(argv: list[str]) -> None:
    """``argv``: what follows ``streamlit`` on its command line (``run app.py --flags``)."""
    start_schedule()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *argv]
    streamlit_main(prog_name="streamlit")  # as `python -m streamlit` calls it


if __name__ == "__main__":
    main(sys.argv[1:])
