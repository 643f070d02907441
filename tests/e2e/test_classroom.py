"""A whole workshop in a real browser, once in French and once in English (issue 6, journey 1).

Every effect on another screen is waited for and asserted (a generous timeout only catches a
hang); how long each took is printed at the end of the run, not judged: ``benchmarks/``
measures speed on a machine that is not also running the suite.
"""

from __future__ import annotations

import pytest

from tests.e2e.journey import Classroom, run_journey

pytestmark = pytest.mark.browser


@pytest.mark.timeout(600)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_classroom_runs_the_starter_workshop(
    lang, app_server, catalog, new_context, screenshots, latency_report
):
    room = Classroom(
        lang=lang,
        server_url=app_server.url,
        catalog=catalog,
        new_context=new_context,
        shots=screenshots / lang,
    )
    run_journey(room)
    latency_report[f"classroom ({lang})"] = room.latencies
