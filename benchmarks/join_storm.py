"""A join storm: N phones open the participant link within S seconds, as browsers do.

1. **One real phone** (Chromium, 390×844, empty cache) opens the link: every HTTP response is
   recorded with the bytes that crossed the network (compressed when compressed), and the
   websocket's frames. That is the figure "bytes sent per new phone", and the list of assets a
   phone fetches (Streamlit loads its chunks lazily, so only a browser knows the list).
2. **The storm**: N simulated phones, their start times spread evenly over S seconds. Each does
   what that browser did: GET the page (``Accept-Encoding: gzip``, keeping the sticky cookie), the
   scripts and styles the page names, then, at the same time, the websocket
   (``benchmarks/streamlit_client.py``, Streamlit's own protocol) and every other asset, over at
   most 6 keep-alive connections like a browser. "First drawn page" is when the lobby heading
   has arrived over the websocket and every asset is in. Bytes are counted as they come off the
   socket (headers included).

Against ``workshop serve --processes N`` (nginx in front) or one process directly, started here
on a temporary SQLite database, or a running server (``--url``). The client runs on the same
machine and its CPU is reported: on a 2-core machine it competes with the server.

Run: ``python -m benchmarks.join_storm --phones 300 --seconds 30 --processes 2``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.classroom_load import ProcessTree, create_session, percentiles  # noqa: E402
from benchmarks.streamlit_client import PageClient  # noqa: E402
from modules.i18n import t  # noqa: E402
from tests.server import running_server  # noqa: E402

LANG = "en"
BROWSER_CONNECTIONS = 6  # per host, as Chromium over HTTP/1.1
CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
_ENTRY = re.compile(r'(?:src|href)="\.?/?(static/[^"]+)"')


# -- one real phone ---------------------------------------------------------------------------


@dataclass
class Recording:
    assets: list[str]  # paths (with query) under the base URL, in the order the browser asked
    http_bytes: int  # bodies + headers as sent over the network
    body_bytes: int  # the bodies, as sent (compressed when compressed)
    gzip_responses: int
    websocket_bytes: int
    responses: int
    cache_controls: dict[str, str]  # a sample: first static asset's Cache-Control
    largest: list[tuple[int, str]]  # (bytes as sent, path) of the biggest responses


def _is_lobby(kind: str, proto: object, title: str) -> bool:
    """The lobby's heading: its own element, or the first line of the lobby's one Markdown
    element (``modules/ui/phone.py::waiting``)."""
    body = getattr(proto, "body", "")
    if kind == "heading":
        return body == title
    return kind == "markdown" and body.startswith(f"## {title}")


def record_one_phone(url: str, waiting_title: str) -> Recording:
    from playwright.sync_api import sync_playwright

    base = url.split("?")[0].rstrip("/")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    seen: list = []
    frames: list[int] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
        page = context.new_page()
        page.on("response", lambda response: seen.append(response))
        page.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))),
        )
        page.goto(url)
        page.get_by_role("heading", name=waiting_title).wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        http = body = gz = 0
        assets: list[str] = []
        cache = {}
        largest = []
        for response in seen:
            sizes = response.request.sizes()
            largest.append((sizes["responseBodySize"], response.url.rsplit("/", 1)[-1][:60]))
            body += sizes["responseBodySize"]
            http += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            headers = response.headers
            gz += headers.get("content-encoding") == "gzip"
            if response.url.startswith(origin) and response.url.split("?")[0] != base:
                assets.append(response.url[len(origin) :])
                if "/static/" in response.url and not cache:
                    cache["static"] = headers.get("cache-control", "")
        browser.close()
    largest = sorted(largest, reverse=True)[:8]
    return Recording(assets, http, body, gz, sum(frames), len(seen), cache, largest)


# -- a simulated phone --------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; counts every byte it reads."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.bytes = 0

    async def get(self, path: str, cookie: str) -> tuple[int, dict[str, str], bytes]:
        """A browser sends a request again, once, on a fresh connection when the server had
        closed the kept-alive one (uvicorn closes idle ones after 5 s)."""
        reused = self.writer is not None
        try:
            return await self._get(path, cookie)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            return await self._get(path, cookie)

    async def _get(self, path: str, cookie: str) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept-Encoding: gzip, deflate\r\nUser-Agent: join-storm\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        )
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        self.bytes += len(head)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers.setdefault(name.strip().lower(), value.strip())
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = await self._chunked()
        else:
            body = await self.reader.read()
            self.close()
        self.bytes += len(body)
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size_line = await self.reader.readuntil(b"\r\n")
            self.bytes += len(size_line)
            size = int(size_line.split(b";")[0], 16)
            chunk = await self.reader.readexactly(size + 2)
            self.bytes += 2  # the CRLF after each chunk; the data is counted with the body
            if size == 0:  # nginx and uvicorn send no trailers
                return b"".join(parts)
            parts.append(chunk[:-2])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Result:
    drawn: float | None = None
    http_bytes: int = 0
    ws_bytes: int = 0
    errors: list[str] = field(default_factory=list)


async def one_phone(
    base: str, link_path: str, link_query: str, later: list[str], title: str, timeout: float
) -> Result:
    split = urlsplit(base)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    result = Result()
    connections = [Connection(host, port) for _ in range(BROWSER_CONNECTIONS)]
    cookie = ""
    started = time.monotonic()

    async def fetch_all(paths: list[str]) -> None:
        queue = list(paths)

        async def worker(connection: Connection) -> None:
            while queue:
                path = queue.pop(0)
                status, _, _ = await connection.get(path, cookie)
                if status != 200:
                    result.errors.append(f"{path}: HTTP {status}")

        await asyncio.gather(*(worker(c) for c in connections[: max(1, len(paths))]))

    lobby = asyncio.Event()
    client = PageClient(
        base.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream",
        link_path,
        link_query,
        on_element=lambda _c, kind, proto, _n: (
            lobby.set() if _is_lobby(kind, proto, title) else None
        ),
    )
    try:
        async with asyncio.timeout(timeout):
            status, headers, html = await connections[0].get(
                f"/{link_path}?{link_query}" if link_query else f"/{link_path}", ""
            )
            if status != 200:
                raise RuntimeError(f"page: HTTP {status}")
            cookie = headers.get("set-cookie", "").split(";")[0]
            entry = sorted({f"/{m}" for m in _ENTRY.findall(html.decode("utf-8", "replace"))})
            if not entry and headers.get("content-encoding"):
                entry = [a for a in later if a.endswith((".js", ".css"))][:2]
            await fetch_all(entry)  # the browser runs the app's script only once it has it

            async def websocket() -> None:
                await client.open(timeout)
                await lobby.wait()

            await asyncio.gather(websocket(), fetch_all([a for a in later if a not in entry]))
            result.drawn = time.monotonic() - started
    except Exception as error:  # one phone failing is a figure, not a crash
        result.errors.append(f"{type(error).__name__}: {error}")
    finally:
        result.ws_bytes = client.bytes_received
        await client.close()
        for connection in connections:
            result.http_bytes += connection.bytes
            connection.close()
    return result


async def storm(args, base: str, links: dict[str, str], recording: Recording, server: ProcessTree):
    title = t(LANG, "waiting_title")
    link = urlsplit(links["participant_url"])
    link_path, link_query = link.path.lstrip("/"), link.query
    later = [a for a in recording.assets if "/_stcore/" not in a]
    # Each process's first page pays its imports once (seconds on a busy machine): a few
    # phones first, so that every process has drawn a page before the storm (not counted).
    await asyncio.gather(
        *(one_phone(base, link_path, link_query, [], title, 120) for _ in range(args.warm_up))
    )
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    tasks = []
    for _ in range(args.phones):
        tasks.append(
            asyncio.create_task(one_phone(base, link_path, link_query, later, title, args.timeout))
        )
        await asyncio.sleep(args.seconds / args.phones)
    results = await asyncio.gather(*tasks)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_after, wall_after = server.cpu_seconds(), time.monotonic()
    drawn = [r.drawn for r in results if r.drawn is not None]
    errors = [e for r in results for e in r.errors]
    ok = [r for r in results if r.drawn is not None]
    own = (own_after.ru_utime + own_after.ru_stime) - (own_before.ru_utime + own_before.ru_stime)
    wall = wall_after - wall_before
    return {
        "drawn": drawn,
        "errors": errors,
        "http_bytes": sum(r.http_bytes for r in ok) / max(1, len(ok)),
        "ws_bytes": sum(r.ws_bytes for r in ok) / max(1, len(ok)),
        "server_cpu": None if cpu_before is None else (cpu_after - cpu_before) / wall,
        "client_cpu": own / wall,
        "wall": wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30.0, help="the phones open within")
    parser.add_argument("--processes", type=int, default=1, help="app processes (2+: nginx)")
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--database-url", help="with --url: its database, to create a session")
    parser.add_argument("--server-pid", type=int, help="with --url: measure this process tree")
    parser.add_argument("--timeout", type=float, default=60.0, help="per phone, in seconds")
    parser.add_argument("--workshop", default="starter")
    parser.add_argument(
        "--warm-up", type=int, default=8, help="phones opened before the storm (not counted)"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()
    with ExitStack() as stack:
        if args.url:
            if not args.database_url:
                parser.error("--url needs --database-url (to create the session)")
            base, db_url, pid = args.url.rstrip("/"), args.database_url, args.server_pid
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="storm-")))
            db_url = f"sqlite:///{folder / 'workshop.db'}"
            from modules.store import Store

            Store(db_url)
            server = stack.enter_context(
                running_server(
                    db_url, log=folder / "server.log", processes=args.processes, timeout=180
                )
            )
            base, pid = server.url, server.process.pid
        links = create_session(base, db_url, args.workshop)
        recording = record_one_phone(links["participant_url"], t(LANG, "waiting_title"))
        figures = asyncio.run(storm(args, base, links, recording, ProcessTree(pid)))
    setup = f"{args.processes} process(es)" + (" behind nginx" if args.processes > 1 else "")
    if args.url:
        setup = args.url
    drawn, errors = figures["drawn"], figures["errors"]
    rows = [
        ("one Chromium phone: responses / gzip-encoded", f"{recording.responses} / "
         f"{recording.gzip_responses}"),
        ("one Chromium phone: HTTP bytes (bodies as sent)", f"{recording.http_bytes / 1e6:.2f} MB "
         f"({recording.body_bytes / 1e6:.2f} MB)"),
        ("one Chromium phone: websocket bytes (uncompressed frames)",
         f"{recording.websocket_bytes / 1e3:.0f} kB"),
        ("static asset Cache-Control", recording.cache_controls.get("static", "—")),
        ("storm: phones drawn / opened", f"{len(drawn)} / {args.phones}"),
        ("storm: request → first drawn page p50/p95/max", percentiles(drawn)),
        ("storm: HTTP bytes per phone (headers + bodies)", f"{figures['http_bytes'] / 1e6:.2f} MB"),
        ("storm: websocket bytes per phone", f"{figures['ws_bytes'] / 1e3:.0f} kB"),
        ("server CPU during the storm", "n/a" if figures["server_cpu"] is None
         else f"{figures['server_cpu']:.2f} core"),
        ("the storm client's own CPU (same machine)", f"{figures['client_cpu']:.2f} core"),
        ("errors", str(len(errors))),
        ("load average at start (1/5/15 min)", " ".join(f"{v:.2f}" for v in load)),
    ]  # fmt: skip
    width = max(len(name) for name, _ in rows)
    print(f"\njoin_storm: {args.phones} phones within {args.seconds:g} s, {setup}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print("  largest responses of the Chromium phone (bytes as sent):")
    for size, name in recording.largest:
        print(f"    {size / 1e3:8.0f} kB  {name}")
    for error in errors[:10]:
        print(f"  ! {error}")
    return 1 if errors or not drawn else 0


if __name__ == "__main__":
    raise SystemExit(main())
