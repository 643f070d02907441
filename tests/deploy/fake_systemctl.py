#!/usr/bin/python3
"""``systemctl`` inside the deploy sandbox, where no systemd runs (tests/deploy/sandbox.py).

It reads the real unit files (the recipe's in /etc/systemd/system, Debian's nginx and PostgreSQL
units in /lib/systemd/system) and does what systemd would with the parts the recipe relies on:
``User``/``Group``, ``WorkingDirectory``, ``Environment``/``EnvironmentFile`` (read as root, as
systemd does), ``ExecStartPre``/``ExecStart``/``ExecReload``, ``Type`` simple, forking or oneshot,
``PIDFile``, template instances (``%i``), and the sandboxing the recipe's units ask for
(``ProtectSystem=strict`` with ``ReadWritePaths``, ``ProtectHome``, ``PrivateTmp``,
``NoNewPrivileges``), so a unit that needs to write where it may not fails here too. A service's
output goes to /var/log/fake-journal/<unit>.log, the sandbox's journal. Timers are checked
(their service must exist) but never fire by themselves.

Supported: start, stop, restart, reload, enable [--now], disable, is-active, daemon-reload.
Standard library only: it runs under the sandbox's /usr/bin/python3.
"""

from __future__ import annotations

import os
import pwd
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

UNIT_DIRS = [Path("/etc/systemd/system"), Path("/lib/systemd/system")]
STATE = Path("/run/fake-systemd")
JOURNAL = Path("/var/log/fake-journal")
API_FILESYSTEMS = ("/proc", "/sys", "/dev")


def fail(message: str) -> None:
    print(f"systemctl: {message}", file=sys.stderr)
    raise SystemExit(1)


def unit_file(name: str) -> tuple[Path, str]:
    """The file defining ``name`` and its instance (``workshop@8501.service`` → 8501)."""
    if "." not in name:
        name += ".service"
    stem, _, suffix = name.rpartition(".")
    instance = ""
    candidates = [name]
    if "@" in stem:
        prefix, _, instance = stem.partition("@")
        candidates.append(f"{prefix}@.{suffix}")
    for folder in UNIT_DIRS:
        for candidate in candidates:
            if (folder / candidate).is_file():
                return folder / candidate, instance
    fail(f"Unit {name} not found.")
    raise AssertionError


def parse(path: Path, instance: str) -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        value = value.strip().replace("%i", instance).replace("%I", instance)
        current.setdefault(key.strip(), []).append(value)
    return sections


def one(service: dict[str, list[str]], key: str, default: str = "") -> str:
    return service.get(key, [default])[-1]


def environment(service: dict[str, list[str]]) -> dict[str, str]:
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "LANG": "C.UTF-8"}
    user = one(service, "User")
    if user:
        entry = pwd.getpwnam(user)
        env.update(HOME=entry.pw_dir, USER=user, LOGNAME=user, SHELL=entry.pw_shell)
    for line in service.get("Environment", []):
        for word in shlex.split(line):
            key, _, value = word.partition("=")
            env[key] = value
    for name in service.get("EnvironmentFile", []):
        optional = name.startswith("-")
        path = Path(name.lstrip("-"))
        if not path.is_file():
            if optional:
                continue
            fail(f"Failed to load environment files: {path}")
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if line and not line.startswith(("#", ";")) and "=" in line:
                key, _, value = line.partition("=")
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                env[key.strip()] = value
    return env


def sandboxing(service: dict[str, list[str]]) -> str:
    """Shell lines that set up the unit's view of the file system, run as root in its own
    mount namespace before it drops to its user."""
    lines = ["set -e", "mount --make-rslave /"]
    if one(service, "PrivateTmp") in {"true", "yes"}:
        lines += ["mount -t tmpfs tmpfs /tmp", "mount -t tmpfs tmpfs /var/tmp"]
    if one(service, "ProtectHome") in {"true", "yes"}:
        for folder in ("/home", "/root", "/run/user"):
            lines.append(f"[ -d {folder} ] && mount -t tmpfs -o ro,mode=000 tmpfs {folder} || :")
    if one(service, "ProtectSystem") == "strict":
        paths = " ".join(service.get("ReadWritePaths", [])).split()
        writable = " ".join(shlex.quote(path) for path in paths)
        skip = "|".join(f"{p}|{p}/*" for p in API_FILESYSTEMS)
        lines += [
            f'for keep in {writable}; do mount --bind "$keep" "$keep"; done' if writable else ":",
            "awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r point; do",
            f'  case "$point" in {skip}|/tmp|/tmp/*|/var/tmp) continue ;; esac',
            f'  case " {writable} " in *" $point "*) continue ;; esac',
            '  mount -o remount,bind,ro "$point" 2>/dev/null || :',
            "done",
        ]
    return "\n".join(lines)


def command_line(service: dict[str, list[str]], command: str) -> tuple[list[str], bool]:
    """The command as the unit's user, in its working directory; and whether failure counts."""
    ignore_failure = command.startswith("-")
    words = shlex.split(command.lstrip("-@+"))
    user, group = one(service, "User"), one(service, "Group")
    directory = one(service, "WorkingDirectory", "/").lstrip("-") or "/"
    inner = ["sh", "-c", 'cd "$0" && exec "$@"', directory, *words]
    if user:
        drop = ["setpriv", f"--reuid={user}", f"--regid={group or user}", "--init-groups"]
        if one(service, "NoNewPrivileges") in {"true", "yes"}:
            drop.append("--no-new-privs")
        inner = [*drop, "--", *inner]
    script = sandboxing(service) + '\nexec "$@"'
    launcher = ["unshare", "--mount", "--propagation", "unchanged", "sh", "-c", script, "unit"]
    return launcher + inner, ignore_failure


def journal(unit: str):
    JOURNAL.mkdir(parents=True, exist_ok=True)
    return (JOURNAL / f"{unit}.log").open("ab")


def pid_of(unit: str) -> int | None:
    try:
        pid = int((STATE / f"{unit}.pid").read_text())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    try:  # a zombie (exited, not yet reaped) is not running
        if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
            return None
    except OSError:
        return None
    return pid


def run_each(service, key: str, unit: str, env: dict[str, str]) -> None:
    for command in service.get(key, []):
        argv, ignore = command_line(service, command)
        with journal(unit) as log:
            done = subprocess.run(argv, env=env, stdout=log, stderr=log)
        if done.returncode and not ignore:
            fail(f"{unit}: {key} failed with exit code {done.returncode}; see {JOURNAL}/{unit}.log")


def canonical(name: str) -> str:
    return name if "." in name else f"{name}.service"


def start(name: str) -> None:
    unit = canonical(name)
    path, instance = unit_file(unit)
    sections = parse(path, instance)
    if unit.endswith(".timer"):
        service = one(sections.get("Timer", {}), "Unit", unit.removesuffix(".timer") + ".service")
        unit_file(service)  # the service it would start must exist
        STATE.mkdir(parents=True, exist_ok=True)
        (STATE / f"{unit}.active").touch()
        return
    if pid_of(unit) is not None:
        return
    service = sections.get("Service", {})
    env = environment(service)
    kind = one(service, "Type", "simple")
    run_each(service, "ExecStartPre", unit, env)
    argv, ignore = command_line(service, one(service, "ExecStart"))
    STATE.mkdir(parents=True, exist_ok=True)
    with journal(unit) as log:
        if kind in {"forking", "oneshot"}:
            done = subprocess.run(argv, env=env, stdout=log, stderr=log)
            if done.returncode and not ignore:
                fail(f"Job for {unit} failed; see {JOURNAL}/{unit}.log")
            pidfile = one(service, "PIDFile")
            if kind == "forking" and pidfile:
                deadline = time.monotonic() + 30
                while not Path(pidfile).is_file() and time.monotonic() < deadline:
                    time.sleep(0.1)
                (STATE / f"{unit}.pid").write_text(Path(pidfile).read_text().strip())
            return
        process = subprocess.Popen(
            argv, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
        )
    (STATE / f"{unit}.pid").write_text(str(process.pid))


def stop(name: str) -> None:
    unit = canonical(name)
    (STATE / f"{unit}.active").unlink(missing_ok=True)
    pid = pid_of(unit)
    if pid is None:
        return
    os.killpg(pid, signal.SIGTERM) if os.getpgid(pid) == pid else os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while pid_of(unit) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid_of(unit) is not None:
        os.kill(pid, signal.SIGKILL)


def reload(name: str) -> None:
    unit = canonical(name)
    if pid_of(unit) is None:
        fail(f"{unit} is not active, cannot reload.")
    path, instance = unit_file(unit)
    service = parse(path, instance).get("Service", {})
    if not service.get("ExecReload"):
        fail(f"Job type reload is not applicable for unit {unit}.")
    run_each(service, "ExecReload", unit, environment(service))


def enable(names: list[str], now: bool) -> None:
    for name in names:
        path, instance = unit_file(canonical(name))
        if "Install" not in parse(path, instance):
            fail(f"{name}: the unit has no [Install] section; it cannot be enabled")
        STATE.mkdir(parents=True, exist_ok=True)
        (STATE / f"{canonical(name)}.enabled").touch()
        if now:
            start(name)


def main(argv: list[str]) -> int:
    words = [w for w in argv if not w.startswith("-")]
    flags = {w for w in argv if w.startswith("-")}
    if not words:
        fail("a command is needed")
    command, names = words[0], words[1:]
    if command == "daemon-reload":
        return 0
    if command == "enable":
        enable(names, "--now" in flags)
    elif command == "disable":
        for name in names:
            (STATE / f"{canonical(name)}.enabled").unlink(missing_ok=True)
            if "--now" in flags:
                stop(name)
    elif command == "start":
        for name in names:
            start(name)
    elif command == "stop":
        for name in names:
            stop(name)
    elif command == "restart":
        for name in names:
            stop(name)
            start(name)
    elif command == "reload":
        for name in names:
            reload(name)
    elif command == "is-active":
        active = [
            pid_of(canonical(n)) is not None or (STATE / f"{canonical(n)}.active").exists()
            for n in names
        ]
        print("\n".join("active" if a else "inactive" for a in active))
        return 0 if all(active) else 3
    else:
        fail(f"unsupported command in the sandbox: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
