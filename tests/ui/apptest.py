"""Running one page of the app in ``AppTest``, as one simulated user with its own URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _participate():
    from modules.ui.pages import participate

    participate.render()


def _console():
    from modules.ui.pages import console

    console.render()


def _projector():
    from modules.ui.pages import projector

    projector.render()


def _facilitate():
    from modules.ui.pages import facilitate

    facilitate.render()


def _results():
    from modules.ui.pages import results

    results.render()


def _sessions():
    from modules.ui.pages import sessions

    sessions.render()


def _editor():
    from modules.ui.pages import editor

    editor.render()


PAGES = {
    "participate": _participate,
    "console": _console,
    "projector": _projector,
    "facilitate": _facilitate,
    "results": _results,
    "sessions": _sessions,
    "editor": _editor,
}


def shows(lang: str, message: str, n: int = 0) -> str:
    """The console's sentence about what the projector shows."""
    from modules.i18n import t

    sentence = f"{t(lang, 'console_projector_shows')} {t(lang, message, n=n)}"
    return sentence.replace("\u00a0", " ").replace("\u202f", " ")


def page(name: str, **query: str) -> AppTest:
    app = AppTest.from_function(PAGES[name], default_timeout=20)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def plain(text: str) -> str:
    """A message as ``texts`` reads it: French no-break spaces as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def texts(app: AppTest) -> str:
    """Everything a person would read on the page, joined; French typography's no-break spaces
    read as spaces (``tests/test_i18n.py`` checks them)."""
    parts = []
    for kind in (
        "title",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "error",
        "warning",
        "text",
        "metric",
    ):
        for element in getattr(app, kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    parts += [str(h.proto.body) for h in app.get("html")]
    return plain("\n".join(parts))


def chart_traces(app: AppTest) -> list[dict]:
    """The traces of every Plotly chart on the page, with Plotly's binary arrays decoded."""
    import base64
    import json

    import numpy as np

    def decode(value):
        if isinstance(value, dict) and "bdata" in value:
            raw = base64.b64decode(value["bdata"])
            return np.frombuffer(raw, dtype=np.dtype(value["dtype"])).tolist()
        return value

    traces = []
    for chart in app.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            traces.append({key: decode(value) for key, value in trace.items()})
    return traces
