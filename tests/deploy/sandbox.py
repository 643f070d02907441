"""A throwaway copy of this Debian 12 machine, to run docs/deploy.md's recipe as written.

The sandbox has its own mounts, network and processes (Linux namespaces, as root): /etc, /opt,
/var, /run, /srv, /root, /home and /usr/local are overlays on the machine's own folders, so
``useradd``, ``apt-get``, ``/etc/nginx`` and the PostgreSQL cluster change only the sandbox; its
network is a private loopback, so nginx takes ports 80 and 443 and the replicas 8501 and 8502
as on a real server, while other test runs on the machine use the same ports in theirs. Killing
the sandbox's first process ends every process inside; the overlays go with it.

No systemd runs inside: ``tests/deploy/fake_systemctl.py`` stands in for ``systemctl`` and
reads the real unit files. "Booting" starts what a stock Debian server with the ``nginx`` and
``postgresql`` packages runs: Debian's nginx with its default site, and the ``15/main`` cluster.

From the test process: ``run`` a shell script inside, read files through ``path``, ``bridge``
a port inside to a port on the machine's loopback, and ``chromium`` gives a launcher for a
browser that lives in the sandbox's network (its host names resolve to the sandbox's loopback).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = ["Sandbox", "sandbox", "sandbox_unavailable"]

OVERLAID = ("etc", "opt", "var", "run", "srv", "root", "home", "usr/local")
FAKE_SYSTEMCTL = Path(__file__).with_name("fake_systemctl.py")
ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CLONE_NEWNET = 0x40000000
UNSHARE = ["unshare", "--mount", "--net", "--pid", "--fork", "--mount-proc", "--propagation=slave"]
# PID 1 of the sandbox: reaps every orphan (services started by the fake systemctl end up here).
INIT = (
    "import os, time\n"
    "while True:\n"
    "    try:\n"
    "        os.wait()\n"
    "    except ChildProcessError:\n"
    "        time.sleep(0.5)\n"
)


def sandbox_unavailable() -> str | None:
    """Why no sandbox can be made here, or ``None``."""
    if os.geteuid() != 0:
        return "the deploy sandbox needs root (Linux namespaces and overlay mounts)"
    for tool in ("unshare", "nsenter", "ip", "setpriv", "nginx", "pg_ctlcluster"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return f"{tool} not found (Debian packages: util-linux, iproute2, nginx, postgresql)"
    return None


class Sandbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._holder: subprocess.Popen | None = None
        self.pid = 0  # the sandbox's PID 1, as this machine numbers it
        self._bridges: list[socket.socket] = []

    # -- life ------------------------------------------------------------------------------

    def start(self, timeout: float = 30) -> None:
        upper, work, ready = self.folder / "upper", self.folder / "work", self.folder / "ready"
        mounts = []
        for name in OVERLAID:
            (upper / name).mkdir(parents=True)
            (work / name).mkdir(parents=True)
            mounts.append(
                f"mount -t overlay overlay -o lowerdir=/{name},upperdir={upper / name},"
                f"workdir={work / name} /{name}"
            )
        script = "\n".join(
            [
                "set -e",
                *mounts,
                f"install -m 0755 {FAKE_SYSTEMCTL} /usr/local/sbin/systemctl",
                "ip link set lo up",
                f"touch {ready}",
                f"exec /usr/bin/python3 -c '{INIT}'",
            ]
        )
        self._holder = subprocess.Popen(
            [*UNSHARE, "bash", "-c", script],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "sandbox.log").open("wb"),
        )
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self._holder.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "sandbox.log").read_text(errors="replace")
                raise RuntimeError(f"the sandbox did not start:\n{log}")
            time.sleep(0.05)
        children = Path(f"/proc/{self._holder.pid}/task/{self._holder.pid}/children")
        self.pid = int(children.read_text().split()[0])

    def close(self) -> None:
        for listener in self._bridges:
            listener.close()
        if self._holder is not None and self._holder.poll() is None:
            if self.pid:
                with suppress(ProcessLookupError):  # PID 1 gone: the kernel ends the rest
                    os.kill(self.pid, signal.SIGKILL)
            try:
                self._holder.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self._holder.pid, signal.SIGKILL)
                self._holder.wait()

    def boot(self) -> None:
        """What a stock Debian 12 server with nginx and PostgreSQL runs after it starts."""
        self.run(
            "systemd-tmpfiles --create --prefix=/run --prefix=/var/log --prefix=/var/lib >/dev/null"
            " 2>&1 || :\n"
            "systemctl start postgresql@15-main nginx\n"
            "for i in $(seq 100); do runuser -u postgres -- pg_isready -q && exit 0; sleep 0.2;"
            " done; exit 1"
        )

    # -- use -------------------------------------------------------------------------------

    def run(
        self,
        script: str,
        *,
        env: dict[str, str] | None = None,
        check: bool = True,
        timeout: float = 600,
        log: Path | None = None,
    ) -> subprocess.CompletedProcess:
        """``script`` in bash inside the sandbox, as root in /root with a login's plain
        environment."""
        environ = {"HOME": "/root", "PATH": ROOT_PATH, "LANG": "C.UTF-8", "TERM": "dumb"}
        environ.update(env or {})
        done = subprocess.run(
            [
                *("nsenter", f"--target={self.pid}", "--mount", "--net", "--pid", "--wd=/root"),
                *("env", "-i", *(f"{k}={v}" for k, v in environ.items()), "bash", "-c", script),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if log is not None:
            with log.open("a") as out:
                out.write(f"$ {script}\n{done.stdout}{done.stderr}\n")
        if check and done.returncode != 0:
            raise AssertionError(
                f"in the sandbox, exit code {done.returncode}:\n{script}\n--- stdout\n"
                f"{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
            )
        return done

    def path(self, inside: str) -> Path:
        """A file of the sandbox, as this machine reaches it."""
        return Path(f"/proc/{self.pid}/root") / inside.lstrip("/")

    def host_pid(self, pid_inside: int) -> int:
        """This machine's number for a process the sandbox numbers ``pid_inside``."""
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            lines = text.splitlines()
            numbers = next((ln.split()[1:] for ln in lines if ln.startswith("NSpid")), [])
            inside = len(numbers) > 1 and numbers[-1] == str(pid_inside)
            if inside and self._in_sandbox(int(numbers[0])):
                return int(numbers[0])
        raise LookupError(f"no process {pid_inside} in the sandbox")

    def _in_sandbox(self, pid: int) -> bool:
        try:
            return os.readlink(f"/proc/{pid}/ns/pid") == os.readlink(f"/proc/{self.pid}/ns/pid")
        except OSError:
            return False

    def bridge(self, port: int) -> int:
        """A port on this machine's loopback that leads to ``port`` on the sandbox's."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        self._bridges.append(listener)
        namespace = f"/proc/{self.pid}/ns/net"

        def accept() -> None:
            # This thread alone moves into the sandbox's network: sockets it opens live there.
            fd = os.open(namespace, os.O_RDONLY)
            try:
                if ctypes.CDLL(None, use_errno=True).setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns")
            finally:
                os.close(fd)
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                try:
                    inside = socket.create_connection(("127.0.0.1", port), timeout=10)
                except OSError:
                    client.close()
                    continue
                inside.settimeout(None)
                for source, target in ((client, inside), (inside, client)):
                    threading.Thread(target=_pump, args=(source, target), daemon=True).start()

        threading.Thread(target=accept, name=f"bridge-{port}", daemon=True).start()
        return listener.getsockname()[1]

    def chromium(self, executable: str, host_names: list[str]) -> tuple[str, list[str]]:
        """A launcher for ``executable`` in the sandbox's network, and the flag that sends
        ``host_names`` to its loopback."""
        launcher = self.folder / "chromium-in-sandbox"
        launcher.write_text(
            f'#!/bin/sh\nexec nsenter --target={self.pid} --net -- {executable} "$@"\n'
        )
        launcher.chmod(0o755)
        rules = ",".join(f"MAP {name} 127.0.0.1" for name in host_names)
        return str(launcher), [f"--host-resolver-rules={rules}"]


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@contextmanager
def sandbox(folder: Path) -> Iterator[Sandbox]:
    box = Sandbox(folder)
    try:
        box.start()
        box.boot()
        yield box
    finally:
        box.close()
