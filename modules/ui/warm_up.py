"""Each new app process draws one page before phones come: ``python -m modules.ui.warm_up PORT…``.

A Streamlit process imports the app (pandas, Plotly, the catalog) on its first page, not when it
starts: one to several seconds that the first phone on that process would otherwise wait.
``workshop serve --processes N`` runs this once all processes answer, before nginx lets anyone
in. It opens the landing page over Streamlit's websocket, as a browser tab would, and waits for
the run to finish.

Streamlit's wire format (its protobuf ``BackMsg``/``ForwardMsg``) is used here and nowhere else
in the app; if a Streamlit release changes it, ``warm`` returns ``False``, the processes simply
start cold, and ``tests/test_serve_many.py`` fails to say so.
"""

from __future__ import annotations

import sys
import threading
import time

__all__ = ["warm"]


def warm(port: int, timeout: float = 60.0) -> bool:
    """Whether the app on ``127.0.0.1:port`` ran its landing page to the end within ``timeout``."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    deadline = time.monotonic() + timeout
    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_name = ""
    try:
        with connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            open_timeout=timeout,
            max_size=None,
        ) as socket:
            socket.send(request.SerializeToString())
            while (left := deadline - time.monotonic()) > 0:
                data = socket.recv(timeout=left)
                if isinstance(data, bytes):
                    message = ForwardMsg.FromString(data)
                    if message.WhichOneof("type") == "script_finished":
                        return True
    except Exception:  # best effort: a process that starts cold still works
        return False
    return False


def main(argv: list[str]) -> int:
    """Warm every port at once; exit code 0 when all of them drew their page."""
    results: dict[int, bool] = {}
    threads = [
        threading.Thread(target=lambda p=int(port): results.__setitem__(p, warm(p)))
        for port in argv
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 0 if results and all(results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
