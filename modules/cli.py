"""The ``workshop`` command: what a facilitator does without a browser.

It calls the same functions as the pages (``modules.service``), so both stay in step. A mistake
(a wrong name, a missing folder, a bad setting, an unreachable database) is one line on stderr
and exit code 2, never a traceback: handlers raise ``UsageError`` and ``main`` turns the known
failures of the libraries underneath into one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from pathlib import Path

from modules import paths
from modules.catalog import Catalog, exercise_files, load_catalog
from modules.settings import Settings, get_settings, secrets_table, sources

__all__ = ["UsageError", "build_parser", "main", "serve_flags"]


def serve_flags(config: Path = paths.STREAMLIT_CONFIG) -> list[str]:
    """Every option of the shipped ``.streamlit/config.toml`` as a Streamlit flag.

    The file is the one place for them (tuned for many phones, see docs/architecture.md): a
    checkout's Streamlit reads it anyway, an installed app runs from any folder and gets them
    here.
    """
    table = tomllib.loads(config.read_text(encoding="utf-8"))
    return [
        f"--{section}.{name}={_flag_value(value)}"
        for section, options in table.items()
        for name, value in options.items()
    ]


def _flag_value(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


class UsageError(Exception):
    """A mistake the person typing can fix: printed as one line, exit code 2."""


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """Folders are checked whole; single files are checked against the library they draw on."""
    paths = [Path(p) for p in args.paths] or [settings.exercises_dir]
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        found = exercise_files(path) if path.is_dir() else [path]
        if not found:
            raise UsageError(f"{path}: no exercise file (.yaml or .yml) in this folder")
        files.extend(found)
    library = None
    if all(path.is_file() for path in paths):
        library = load_catalog(_library_for(files[0], settings))
    catalog = load_catalog(files, library=library)
    names = {str(file) for file in files}
    for error in catalog.errors:
        print(error, file=sys.stderr)
    exercises = sum(1 for source in catalog.sources.values() if source in names)
    if library is None:
        exercises = len(catalog.exercises)
    print(
        f"{len(files)} file(s): {exercises} exercise(s), "
        f"{len(catalog.workshops)} workshop(s), {len(catalog.errors)} error(s)"
    )
    return 1 if catalog.errors else 0


def _library_for(file: Path, settings: Settings) -> Path:
    """The exercises folder a file belongs to (``…/exercises/workshops/x.yaml``), else ours."""
    for parent in file.resolve().parents:
        if (parent / "library").is_dir():
            return parent
    return settings.exercises_dir


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    """Becomes Streamlit (``exec``): a SIGTERM or Ctrl-C to ``workshop serve`` stops the app.

    An installed app stays in the folder it was started from, where its pages look for
    ``.streamlit/secrets.toml`` as this command does.
    """
    if args.processes < 1:
        raise UsageError("--processes must be 1 or more")
    if args.public_url:
        os.environ["WORKSHOP_PUBLIC_BASE_URL"] = args.public_url
    else:
        os.environ.setdefault("WORKSHOP_PUBLIC_BASE_URL", f"http://localhost:{args.port}")
    if args.processes > 1:
        return _serve_behind_nginx(args, settings)
    command = _app_command(args.port, args.address)
    if paths.CHECKOUT is not None:
        os.chdir(paths.CHECKOUT)  # where a checkout's .streamlit/ and its secrets are
    sys.stdout.flush()
    os.execv(sys.executable, command)
    return 0  # not reached


def _app_command(port: int, address: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "modules.serve",  # the purge schedule, then Streamlit itself
        "run",
        str(paths.APP_FILE),
        f"--server.port={port}",
        f"--server.address={address}",
        *serve_flags(),
    ]


def _warm_up(ports: list[int]) -> None:
    """Each process draws one page before phones come (``modules/ui/warm_up.py``); a failure
    only means the first phone on that process waits for its imports."""
    import subprocess
    from contextlib import suppress

    command = [sys.executable, "-m", "modules.ui.warm_up", *map(str, ports)]
    with suppress(subprocess.TimeoutExpired):
        subprocess.run(command, cwd=paths.CHECKOUT, timeout=120, check=False)


def _serve_behind_nginx(args: argparse.Namespace, settings: Settings) -> int:
    """Several app processes on loopback and nginx in front (``modules/serve_many.py``)."""
    from modules.serve_many import ServeError, serve_many

    def migrate() -> None:  # once, before the processes start: they would race to do it
        from modules.store import Store

        Store(settings.database_url)

    try:
        return serve_many(
            processes=args.processes,
            address=args.address,
            port=args.port,
            public_url=os.environ["WORKSHOP_PUBLIC_BASE_URL"],
            app_command=lambda port: _app_command(port, "127.0.0.1"),
            nginx=args.nginx,
            prepare=migrate,
            warm_up=_warm_up,
            cwd=paths.CHECKOUT,
        )
    except ServeError as exc:
        raise UsageError(str(exc)) from exc
    except KeyboardInterrupt:  # Ctrl-C while migrating or precompressing: nothing started yet
        return 130


def _print_links(links, as_json: bool) -> None:
    if as_json:
        print(json.dumps(links.as_dict(), indent=2))
        return
    print(f"Join code:        {links.code}")
    print(f"Participant link: {links.participant_url}")
    print(f"Console:          {links.console_url}")
    print(f"Projector:        {links.projector_url}")
    print("Keep the console link private: it holds the facilitator key.")
    print("The projector link can only show the session; make a new one from the console.")


def _known_workshop(catalog: Catalog, workshop_id: str) -> str:
    if workshop_id not in catalog.workshops:
        known = ", ".join(sorted(catalog.workshops)) or "none"
        raise UsageError(f"unknown workshop '{workshop_id}' (known: {known})")
    return workshop_id


def _session_create(args: argparse.Namespace, settings: Settings) -> int:
    from modules.service import create_session, store_for

    catalog = load_catalog(settings.exercises_dir)
    workshop_id = _known_workshop(catalog, args.workshop)
    links = create_session(
        store_for(settings.database_url), catalog, settings, workshop_id, args.lang
    )
    _print_links(links, args.json)
    return 0


def _writable(out: str) -> Path:
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name, e.g. {path / 'answers.csv'}")
    if not path.parent.is_dir():
        raise UsageError(f"--out {out}: folder {path.parent} does not exist")
    return path


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from modules.export import aggregate_table, tidy_table, to_csv, to_xlsx
    from modules.service import find_session, store_for
    from modules.snapshots import session_workshop

    out = _writable(args.out)
    store = store_for(settings.database_url)
    session = find_session(store, args.code)
    catalog = load_catalog(settings.exercises_dir)
    workshop = session_workshop(store, catalog, session) if session is not None else None
    if session is None or workshop is None:
        raise UsageError(f"no session with code '{args.code}'")
    answers, hidden = store.session_answers(session.id), store.hidden_items(session.id)
    lang = args.lang or session.lang
    workbook = out.suffix.lower() == ".xlsx"
    if workbook and not args.aggregate:
        raise UsageError(f"--out {args.out}: the Excel workbook holds the results; add --aggregate")
    if args.aggregate:
        table = aggregate_table(session, workshop, catalog, answers, lang, hidden)
    else:
        table = tidy_table(session, workshop, catalog, answers, hidden, lang=lang)
    out.write_bytes(to_xlsx(table, lang) if workbook else to_csv(table))
    print(f"{len(table)} row(s) written to {out}")
    return 0


def _export_workshop(args: argparse.Namespace, settings: Settings) -> int:
    """A workshop as one YAML file: an admin's authored one, else a shipped one, else the only
    author's who has one by that id."""
    from modules.authoring.access import ADMIN_OWNER
    from modules.authoring.document import document_of, to_yaml
    from modules.service import store_for

    out = _writable(args.out)
    catalog = load_catalog(settings.exercises_dir)
    store = store_for(settings.database_url)
    saved = [v for v in store.authored_latest() if v.workshop_id == args.workshop]
    mine = [v for v in saved if v.owner == ADMIN_OWNER]
    if mine:
        document = mine[0].document
    elif args.workshop in catalog.workshops:
        document = document_of(catalog, catalog.workshops[args.workshop])
    elif len(saved) == 1:
        document = saved[0].document
    elif saved:
        raise UsageError(
            f"{len(saved)} authors keep a workshop '{args.workshop}'; "
            "export it from the editor instead"
        )
    else:
        known = ", ".join(
            sorted(set(catalog.workshops) | {v.workshop_id for v in store.authored_latest()})
        )
        raise UsageError(f"unknown workshop '{args.workshop}' (known: {known or 'none'})")
    out.write_text(to_yaml(document), encoding="utf-8")
    print(f"workshop '{args.workshop}' written to {out}")
    return 0


def _import_workshop(args: argparse.Namespace, settings: Settings) -> int:
    """Save a workshop file as a new version of the admin's authored workshop of that id."""
    from modules.authoring import library
    from modules.authoring.access import ADMIN_OWNER, Author
    from modules.authoring.document import DocumentError, from_yaml, self_contained
    from modules.authoring.limits import LimitError
    from modules.service import store_for

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    catalog = load_catalog(settings.exercises_dir)
    try:
        document = self_contained(from_yaml(path.read_bytes()), catalog)
        version = library.save(
            store_for(settings.database_url), Author(ADMIN_OWNER, "admin"), document, catalog
        )
    except (DocumentError, LimitError) as refused:
        raise UsageError(f"{path}: {refused}") from None
    except library.NotValid as invalid:
        first = invalid.checked.errors[0]
        count = len(invalid.checked.errors)
        raise UsageError(
            f"{path}: {count} error(s), first: {str(first).split(': ', 1)[-1]}"
        ) from None
    workshop_id = document["workshop"]["id"]
    print(f"workshop '{workshop_id}' saved as version {version} (admin's workshops)")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from modules.demo import NoSurpriseRoom, create_demo_session, surprise_workshops

    if args.workshop is not None:
        _known_workshop(load_catalog(settings.exercises_dir), args.workshop)
    try:
        links = create_demo_session(
            settings, workshop_id=args.workshop, lang=args.lang, surprise=args.surprise
        )
    except NoSurpriseRoom as missing:
        raise UsageError(
            f"no surprising demo room for workshop '{missing}' "
            f"(recorded for: {', '.join(surprise_workshops())})"
        ) from None
    _print_links(links, args.json)
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from alembic.util import CommandError

    from modules.store.db import engine_for
    from modules.store.schema import upgrade

    try:
        upgrade(engine_for(settings.database_url), args.revision)
    except CommandError as exc:
        raise UsageError(f"db upgrade {args.revision}: {str(exc).splitlines()[0]}") from None
    print(f"database at {args.revision}")
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    from modules.lifecycle import purge
    from modules.service import store_for

    removed = purge(store_for(settings.database_url), settings)
    print(f"{removed} expired or unused session(s) deleted")
    return 0


HIDDEN_SETTINGS = {"admin_key"}


def _settings(args: argparse.Namespace, settings: Settings) -> int:
    """What the pages will use, and where each value came from: the first thing to check when a
    deployment does not behave (environment, which secrets file, or the default)."""
    given = sources(os.environ, secrets_table())
    shown = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if name in HIDDEN_SETTINGS and value is not None:
            value = "***"
        elif name == "database_url":
            from sqlalchemy.engine import make_url

            value = make_url(value).render_as_string(hide_password=True)
        else:
            value = "unset" if value is None else str(value)
        origin = given[name][1] if name in given else "default"
        shown[name] = {"value": value, "from": origin}
    if args.json:
        print(json.dumps(shown, indent=2))
        return 0
    for name, entry in shown.items():
        variable = f"WORKSHOP_{name.upper()}"
        print(f"{variable:<40} {entry['value']!s:<45} ({entry['from']})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workshop", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate exercise and workshop files")
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the library)"
    )
    check.set_defaults(handler=_check)

    serve = commands.add_parser("serve", help="start the app with the tuned runtime settings")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="0.0.0.0")
    serve.add_argument("--public-url", help="base URL phones use (default http://localhost:PORT)")
    serve.add_argument(
        "--processes",
        type=int,
        default=1,
        help="app processes (one per CPU core); above 1, nginx in front on --port",
    )
    serve.add_argument(
        "--nginx", default="/usr/sbin/nginx", help="the nginx program (with --processes 2+)"
    )
    serve.set_defaults(handler=_serve)

    session = commands.add_parser("session", help="manage sessions").add_subparsers(
        dest="action", required=True
    )
    create = session.add_parser("create", help="create a session and print its links")
    create.add_argument("--workshop", required=True)
    create.add_argument("--lang", choices=["fr", "en"], default="fr")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=_session_create)

    export = commands.add_parser(
        "export", help="write a session's answers as CSV (results: CSV, or .xlsx for Excel)"
    )
    export.add_argument("code")
    export.add_argument("--out", required=True)
    export.add_argument("--aggregate", action="store_true", help="per-step results instead")
    export.add_argument("--lang", choices=["fr", "en"])
    export.set_defaults(handler=_export)

    export_workshop = commands.add_parser(
        "export-workshop", help="write a workshop (shipped or authored) as one YAML file"
    )
    export_workshop.add_argument("workshop")
    export_workshop.add_argument("--out", required=True)
    export_workshop.set_defaults(handler=_export_workshop)

    import_workshop = commands.add_parser(
        "import-workshop", help="save a workshop file as an authored workshop (admin's)"
    )
    import_workshop.add_argument("file")
    import_workshop.set_defaults(handler=_import_workshop)

    demo = commands.add_parser("demo", help="create a session filled with sample answers")
    demo.add_argument("--workshop", default=None)
    demo.add_argument("--lang", choices=["fr", "en"], default="fr")
    demo.add_argument("--json", action="store_true")
    demo.add_argument(
        "--surprise",
        action="store_true",
        help="a room whose charts contradict the speaker notes, to rehearse what to do then",
    )
    demo.set_defaults(handler=_demo)

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="action", required=True
    )
    up = db.add_parser("upgrade", help="apply schema migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=_db_upgrade)

    purge = commands.add_parser(
        "purge", help="delete sessions past their retention date, and unused ones after a day"
    )
    purge.set_defaults(handler=_purge)

    shown = commands.add_parser("settings", help="show the settings in effect and their source")
    shown.add_argument("--json", action="store_true")
    shown.set_defaults(handler=_settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from modules.cli_errors import one_line

    settings: Settings | None = None
    try:
        settings = get_settings()
        return args.handler(args, settings)
    except UsageError as exc:
        message = str(exc)
    except Exception as exc:
        message = one_line(exc, settings.database_url if settings else None)
        if message is None:
            raise
    print(f"workshop: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
