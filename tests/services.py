"""Real Redis and PostgreSQL servers for tests: started on free ports in temporary folders,
stopped afterwards (scripts/install_services.sh installs the Debian packages)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from bot import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _installed(found: object) -> None:
    if not found:
        subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "install_services.sh")], check=True)


def _wait(check: object, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not start")


class RedisServer:
    """`redis-server` on 127.0.0.1; with `persistent`, an append-only file keeps the data
    through a stop and start (as in production), else nothing is written to disk."""

    def __init__(self, folder: Path, persistent: bool = False) -> None:
        _installed(shutil.which("redis-server"))
        self.persistent = persistent
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.persistent else "no",
                "--dir",
                str(self.folder),
            ],
            stdout=(self.folder / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        _wait(self.client().ping, "redis-server")

    def client(self) -> redis.Redis:

        return redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class PostgresServer:
    """A PostgreSQL cluster of its own (initdb in a temporary folder), on 127.0.0.1."""

    def __init__(self) -> None:
        _installed(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        # Its own folder outside pytest's (which only root may enter): PostgreSQL will not run
        # as root, so as root it runs as the postgres user.
        folder = self.folder = Path(tempfile.mkdtemp(prefix="opic-pg-"))
        owner = _as_postgres_user()
        if owner:
            os.chown(folder, owner["user"], owner["group"])
        self.data = folder / "pgdata"
        self.port = free_port()
        self.url = f"postgresql://opic@127.0.0.1:{self.port}/opic"
        subprocess.run(
            [self.bin / "initdb", "-D", self.data, "-U", "opic", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            **_as_postgres_user(),
        )
        self.process = subprocess.Popen(
            [
                self.bin / "postgres",
                "-D",
                self.data,
                "-p",
                str(self.port),
                "-k",
                folder,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            **_as_postgres_user(),
        )
        _wait(self._ready, "postgres")
        subprocess.run(
            [self.bin / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "opic", "opic"],
            check=True,
            capture_output=True,
        )

    def _ready(self) -> bool:
        return (
            subprocess.run(
                [self.bin / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            ).returncode
            == 0
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_postgres_user() -> dict:
    """Popen's user/group for PostgreSQL: the postgres user when this runs as root."""
    if os.geteuid() != 0:
        return {}
    import pwd

    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid}
