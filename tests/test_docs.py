"""The documentation tells the truth, and the suite notices when it stops to.

In the spirit of sqlite-utils' ``tests/test_docs.py``: the docs are read as data and checked
against the code, generically, so a new setting, command, option or exercise example is checked
the day it is written, and a forgotten one fails here.

- Every YAML example of exercises/README.md passes ``workshop check`` in the shipped library.
- Every shell block of the README, docs/ and exercises/README.md is run by a test (marked
  ``<!-- test: NAME -->`` and fetched by that name) or marked ``<!-- illustrative: why -->``;
  ``make`` lines are checked by a dry run, and ``make run`` really runs.
- Every ``workshop …`` line in any doc parses with the real command line.
- The README's settings table and the ``Settings`` model name the same settings, with the same
  defaults; every ``WORKSHOP_…`` name in the docs exists.
- Every ``workshop`` subcommand and option is in the README's command table.
- Every ``tests/…::name`` the docs point at is a real test.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from modules import PROJECT_ROOT, cli
from modules.catalog import load_catalog
from modules.settings import Settings
from tests.docs import SHELL, Block, blocks, script
from tests.server import page_elements

README = PROJECT_ROOT / "README.md"
EXERCISES_README = PROJECT_ROOT / "exercises" / "README.md"
DEPLOY = PROJECT_ROOT / "docs" / "deploy.md"
PRIVACY = PROJECT_ROOT / "PRIVACY.md"
DATA_README = PROJECT_ROOT / "data" / "README.md"
# Shell blocks here must be run by a test or marked illustrative.
CHECKED = [README, EXERCISES_README, *sorted((PROJECT_ROOT / "docs").rglob("*.md"))]
# Every doc a reader may copy a command or a setting from.
ALL_DOCS = sorted({*CHECKED, PRIVACY, DATA_README, *PROJECT_ROOT.glob("facilitator_guide*.md")})
MAX_ILLUSTRATIVE_YAML = 2
IMG_ALT = re.compile(r'<img [^>]*alt="([^"]*)"')
VENV_BIN = Path(sys.executable).parent


def _shell_blocks(files: list[Path]) -> list[Block]:
    return [b for f in files for b in blocks(f) if b.lang in SHELL]


def _commands(block: Block) -> list[str]:
    """The command lines of a shell block: continuations joined, comments and blanks dropped."""
    joined = block.text.replace("\\\n", " ")
    lines = [line.split(" #")[0].strip() for line in joined.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update(HOME=str(tmp_path / "home"), PATH=f"{VENV_BIN}:{env['PATH']}")
    return env


# -- exercises/README.md: every example is a file that passes `workshop check` ----------------

YAML_EXAMPLES = [b for b in blocks(EXERCISES_README) if b.lang == "yaml"]


def test_the_authoring_guide_has_examples():
    assert len(YAML_EXAMPLES) >= 10


def test_every_kind_has_a_checked_example_in_the_authoring_guide():
    """A new kind is documented the day it is added: an example an author can copy."""
    from modules.kinds import all_kinds

    shown = set()
    for block in YAML_EXAMPLES:
        if block.mark != "illustrative":
            document = yaml.safe_load(block.text)
            shown |= {exercise["kind"] for exercise in document.get("exercises") or []}
    missing = set(all_kinds()) - shown
    assert not missing, f"exercises/README.md has no checked example of: {sorted(missing)}"


@pytest.mark.parametrize(
    "example",
    [b for b in YAML_EXAMPLES if b.mark != "illustrative"],
    ids=lambda b: b.where,
)
def test_every_yaml_example_passes_workshop_check_beside_the_library(example, tmp_path, capsys):
    library = tmp_path / "exercises"
    shutil.copytree(PROJECT_ROOT / "exercises", library, ignore=shutil.ignore_patterns("*.md"))
    (library / "library" / "zz-readme-example.yaml").write_text(example.text, encoding="utf-8")
    assert cli.main(["check", str(library)]) == 0, capsys.readouterr().err
    assert " 0 error(s)" in capsys.readouterr().out
    document = yaml.safe_load(example.text)
    catalog = load_catalog(library)
    for exercise in document.get("exercises") or []:
        assert catalog.sources[exercise["id"]] == "library/zz-readme-example.yaml"
    if "workshop" in document:
        assert document["workshop"]["id"] in catalog.workshops


def test_illustrative_yaml_examples_are_few_and_still_yaml():
    illustrative = [b for b in YAML_EXAMPLES if b.mark == "illustrative"]
    assert len(illustrative) <= MAX_ILLUSTRATIVE_YAML, (
        "write complete files (an `exercises:` list or a `workshop:` mapping) that pass "
        f"`workshop check`; at most {MAX_ILLUSTRATIVE_YAML} fragments may be illustrative: "
        + ", ".join(b.where for b in illustrative)
    )
    for block in illustrative:
        assert block.value, f"{block.where}: say why it is only illustrative"
        yaml.safe_load(block.text)


def _documented_error_forms() -> list[re.Pattern]:
    """The one-line forms the guide promises, as patterns: `file`, `'id'`, `'path'`, `message`."""
    text = EXERCISES_README.read_text(encoding="utf-8")
    section = text[text.index("Each problem is one line") : text.index("Every example below")]
    forms = re.findall(r"^- `([^`]+)`", section, re.MULTILINE)
    patterns = []
    for form in forms:
        pattern = re.escape(form)
        for word, regex in (("file", r"\S+"), ("'id'", "'[^']+'"), ("'path'", "'[^']+'")):
            pattern = pattern.replace(re.escape(word), regex)
        patterns.append(re.compile("^" + pattern.replace("message", r"[^:'].*") + "$"))
    return patterns


def test_check_reports_each_problem_in_one_of_the_documented_forms(tmp_path, capsys):
    forms = _documented_error_forms()
    assert len(forms) == 3, forms
    broken = {
        "field.yaml": "exercises:\n  - {id: x1, kind: scale, title: {fr: a, en: b}}\n",
        "whole.yaml": (
            "exercises:\n  - id: x2\n    kind: choice\n    multiple: true\n    max_choices: 5\n"
            "    title: {fr: a, en: b}\n    prompt: {fr: a, en: b}\n    options:\n"
            "      - {id: a, label: {fr: a, en: a}}\n      - {id: b, label: {fr: b, en: b}}\n"
        ),
        "file.yaml": "- id: x3\n",
    }
    for position, (name, text) in enumerate(broken.items()):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert cli.main(["check", str(tmp_path / name)]) == 1
        lines = capsys.readouterr().err.splitlines()
        assert lines, name
        for line in lines:
            assert forms[position].match(line), f"{line!r} is not in the form the guide shows"


def test_the_guides_check_commands_run_as_written(tmp_path):
    example = next(b for b in YAML_EXAMPLES if b.mark != "illustrative")
    (tmp_path / "my-file.yaml").write_text(example.text, encoding="utf-8")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script(EXERCISES_README, "check")],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" 0 error(s)") == 2, done.stdout


# -- shell blocks: run by a test, or illustrative -------------------------------------------


def _is_make_only(block: Block) -> bool:
    commands = _commands(block)
    return bool(commands) and all(line.split()[0] == "make" for line in commands)


def test_every_shell_block_is_run_by_a_test_or_marked_illustrative():
    unmarked = [
        block.where
        for block in _shell_blocks(CHECKED)
        if block.mark is None and not _is_make_only(block)
    ]
    assert not unmarked, (
        "each shell block needs <!-- test: NAME --> (and a test that runs it) or "
        f"<!-- illustrative: why --> on the line before it: {unmarked}"
    )
    reasonless = [b.where for b in _shell_blocks(CHECKED) if b.mark and not b.value]
    assert not reasonless, f"a mark without a name or reason: {reasonless}"


def _test_sources() -> str:
    helper = (PROJECT_ROOT / "tests" / "docs.py").resolve()
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT_ROOT / "tests").rglob("*.py")
        if path.resolve() != helper
    )


def test_every_named_block_is_fetched_by_a_test():
    sources = _test_sources()
    names = {b.value for f in ALL_DOCS for b in blocks(f) if b.mark == "test"}
    assert names
    unused = sorted(
        name
        for name in names
        if not re.search(rf'(?:script|blocks_named)\(\s*\w+,\s*"{re.escape(name)}"', sources)
    )
    assert not unused, f"blocks marked 'test: NAME' that no test fetches by that name: {unused}"


def test_every_make_target_in_the_docs_exists():
    targets = {
        target
        for block in _shell_blocks(ALL_DOCS)
        for line in _commands(block)
        if line.split()[0] == "make"
        for target in line.split()[1:]
        if not target.startswith("-") and "=" not in target
    }
    assert "run" in targets and "test" in targets
    for target in sorted(targets):
        dry = subprocess.run(
            ["make", "--dry-run", "-C", str(PROJECT_ROOT), target],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_every_workshop_command_in_the_docs_parses():
    parser = cli.build_parser()
    seen = 0
    for block in _shell_blocks(ALL_DOCS):
        for line in _commands(block):
            words = shlex.split(line)
            if words[0] != "workshop":
                continue
            seen += 1
            try:
                parser.parse_args(words[1:])
            except SystemExit:
                pytest.fail(f"{block.where}: `{line}` is not a valid workshop command")
    assert seen >= 5


# -- settings ---------------------------------------------------------------------------------


def _readme_settings() -> dict[str, str]:
    """The README's settings table: variable → default cell."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## Settings") :]
    section = section[: section.index("\n## ", 1)]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.fullmatch(r"`(WORKSHOP_[A-Z_]+)`", cells[0]) if cells else None
        if found:
            rows[found[1]] = cells[1] if len(cells) > 1 else ""
    return rows


def _variable(field: str) -> str:
    return f"WORKSHOP_{field.upper()}"


def test_the_readme_settings_table_and_the_settings_model_name_the_same_settings():
    documented = set(_readme_settings())
    real = {_variable(name) for name in Settings.model_fields}
    assert not real - documented, f"add to the README's settings table: {sorted(real - documented)}"
    assert not documented - real, (
        f"the README documents settings that do not exist: {sorted(documented - real)}"
    )


def test_the_readme_settings_table_gives_the_real_defaults():
    table = _readme_settings()
    for name, field in Settings.model_fields.items():
        cell = table.get(_variable(name), "")
        number = re.fullmatch(r"`(\d+)`", cell)
        if field.default is None:
            assert cell == "unset", (
                f"{_variable(name)}: the default is unset, the README says {cell}"
            )
        elif isinstance(field.default, int) and not isinstance(field.default, bool):
            assert number and int(number[1]) == field.default, (
                f"{_variable(name)}: the default is {field.default}, the README says {cell}"
            )


def test_every_setting_the_docs_name_exists():
    real = {_variable(name) for name in Settings.model_fields}
    files = [*ALL_DOCS, *sorted((PROJECT_ROOT / "deploy").glob("*"))]
    for file in files:
        named = set(re.findall(r"\bWORKSHOP_[A-Z][A-Z_]*[A-Z]\b", file.read_text(encoding="utf-8")))
        assert named <= real, (
            f"{file.relative_to(PROJECT_ROOT)} names no such setting: {named - real}"
        )


# -- the command line -------------------------------------------------------------------------


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, parser) for every command that runs something."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser
        return
    for name, child in subparsers[0].choices.items():
        yield from _leaves(child, (*path, name))


def test_every_workshop_subcommand_and_option_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    rows = {
        cells[0]: line
        for line in text.splitlines()
        if line.startswith("| `workshop ")
        for cells in [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]]
    }
    missing = []
    leaves = list(_leaves(cli.build_parser()))
    assert len(leaves) >= 8
    for words, parser in leaves:
        command = "workshop " + " ".join(words)
        row = next((c for c in rows if re.match(rf"`{re.escape(command)}(?: |`)", c)), None)
        if row is None:
            missing.append(f"a row for `{command}`")
            continue
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if action.option_strings:
                shown = max(action.option_strings, key=len)
            else:
                shown = action.metavar or action.dest.upper()
            if shown not in row:
                missing.append(f"`{command}`: {shown}")
            if action.choices and "\\|".join(action.choices) not in row:
                missing.append(f"`{command}` {shown}: its choices " + "\\|".join(action.choices))
    assert not missing, f"the README's command table lacks: {missing}"


# -- what the docs point at --------------------------------------------------------------------


def test_every_test_the_docs_point_at_exists():
    pointers = []
    for file in ALL_DOCS:
        for path, name in re.findall(r"(tests/[\w/]+\.py)::(\w+)", file.read_text("utf-8")):
            source = PROJECT_ROOT / path
            exists = source.is_file() and re.search(
                rf"^def {name}\(", source.read_text("utf-8"), re.MULTILINE
            )
            pointers.append((file.name, path, name, bool(exists)))
    broken = [f"{f}: {p}::{n}" for f, p, n, ok in pointers if not ok]
    assert not broken, f"pointers to tests that do not exist: {broken}"
    assert sum(1 for f, *_ in pointers if f == "PRIVACY.md") >= 20


def test_the_data_readme_describes_the_demo_file(catalog):
    text = DATA_README.read_text(encoding="utf-8")
    people = int(re.search(r"holds (\d+) participants per workshop", text)[1])
    recorded = json.loads((PROJECT_ROOT / "data" / "demo_answers.json").read_text("utf-8"))
    assert set(recorded) == {"usual", "surprise"}
    for room, languages in recorded.items():
        assert set(languages) == {"fr", "en"}
        for workshops in languages.values():
            if room == "usual":
                assert set(workshops) == set(catalog.workshops)
            assert workshops and set(workshops) <= set(catalog.workshops)
            assert {len(answers) for answers in workshops.values()} == {people}


# -- runs: blocks that need no server of their own ---------------------------------------------


def test_the_sqlite_backup_commands_run_as_written(tmp_path, catalog):
    from modules.demo import create_demo_session
    from modules.store import Store

    database = tmp_path / "data" / "workshop.db"
    database.parent.mkdir()
    settings = Settings(database_url=f"sqlite:///{database}", exercises_dir=EXERCISES_DIR)
    code = create_demo_session(settings, workshop_id="starter", lang="en").code
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script(DEPLOY, "backup-sqlite")],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    copies = sorted((tmp_path / "backups").glob("workshop-*.db"))
    assert len(copies) == 2
    for copy in copies:
        assert Store(f"sqlite:///{copy}").session_by_code(code) is not None


@pytest.mark.postgres
def test_the_postgresql_backup_commands_run_as_written(tmp_path):
    from sqlalchemy.engine import make_url

    from modules.demo import create_demo_session
    from modules.store import Store
    from tests.postgres import postgres_database_url

    url = postgres_database_url()
    settings = Settings(database_url=url, exercises_dir=EXERCISES_DIR)
    code = create_demo_session(settings, workshop_id="starter", lang="en").code
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    env = {**_clean_env(tmp_path), "DATABASE": libpq}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script(DEPLOY, "backup-postgres")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("workshop-*.dump"))) == 1
    assert Store(url).session_by_code(code) is not None  # restored over itself, still whole


EXERCISES_DIR = PROJECT_ROOT / "exercises"


def _in_private_network(tmp_path: Path):
    from tests.deploy.sandbox import Sandbox, sandbox_unavailable

    reason = sandbox_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: this test must run)")
        pytest.skip(reason)
    box = Sandbox(tmp_path / "sandbox")
    (tmp_path / "sandbox").mkdir()
    box.start()
    return box


def _wait_healthy(box, log: Path) -> None:
    waited = box.run(
        "for i in $(seq 240); do curl --fail --silent http://127.0.0.1:8501/_stcore/health"
        " && exit 0; sleep 0.5; done; exit 1",
        check=False,
    )
    assert waited.returncode == 0, log.read_text(errors="replace")[-3000:]


@pytest.mark.server
def test_the_laptop_commands_run_as_written_and_the_qr_code_holds_the_public_url(tmp_path):
    """On port 8501 exactly as written, in a private network of its own (tests/deploy/)."""
    box = _in_private_network(tmp_path)
    try:
        log = tmp_path / "laptop.log"
        env = {
            "PATH": f"{VENV_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'laptop.db'}",
        }
        laptop = script(DEPLOY, "laptop")
        box.run(f"cd {tmp_path}\n(set -e\n{laptop}) > {log} 2>&1 < /dev/null &", env=env)
        _wait_healthy(box, log)
        code = re.search(r"Join code:\s+(\w+)", log.read_text())[1]
        port = box.bridge(8501)
        projector = re.search(r"Projector:\s+\S+/projector\?(\S+)", log.read_text())[1]

        def images(elements) -> list[str]:
            """The QR code's alternative text: an image element, or an <img> in the step's
            corner (drawn as HTML so the projector's layout stays fixed)."""
            alts = [image.alt for kind, proto in elements if kind == "imgs" for image in proto.imgs]
            bodies = [proto.body for kind, proto in elements if kind == "html"]
            return alts + [html.unescape(alt) for body in bodies for alt in IMG_ALT.findall(body)]

        alts = images(
            page_elements(
                f"ws://127.0.0.1:{port}/_stcore/stream",
                "projector",
                projector,
                until=lambda elements: bool(images(elements)),
            )
        )
        assert any(f"http://192.168.137.1:8501/?code={code}" in alt for alt in alts), alts
    finally:
        box.close()


@pytest.mark.server
def test_make_run_serves_the_demo_on_port_8501(tmp_path):
    """The README's `make run`, in a private network of its own (its port is fixed)."""
    installed = subprocess.run(
        ["make", "--question", "-C", str(PROJECT_ROOT), ".venv/.installed"], capture_output=True
    )
    assert installed.returncode == 0, "the environment is older than the lock: run make install"
    box = _in_private_network(tmp_path)
    try:
        log = tmp_path / "make-run.log"
        env = {"WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'make-run.db'}"}
        box.run(f"make -C {PROJECT_ROOT} run > {log} 2>&1 < /dev/null &", env=env)
        _wait_healthy(box, log)
        assert re.search(r"Join code:\s+\w{6}", log.read_text()), log.read_text()
        assert "http://localhost:8501/console?code=" in log.read_text()
    finally:
        box.close()
