"""A throwaway PostgreSQL server for the deployment test: Debian's binaries, a cluster in a temporary folder, on a
free port of 127.0.0.1, trusted connections only from there. PostgreSQL refuses to run as root: as root, the
cluster belongs to the system's `postgres` user."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Server:
    port: int
    user: str = "dagster"
    database: str = "dagster"

    def environment(self) -> dict[str, str]:
        """The variables deploy/dagster.yaml reads."""
        return {"DAGSTER_PG_USERNAME": self.user, "DAGSTER_PG_PASSWORD": "", "DAGSTER_PG_HOST": "127.0.0.1",
                "DAGSTER_PG_PORT": str(self.port), "DAGSTER_PG_DB": self.database}


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl (Debian: /usr/lib/postgresql/<version>/bin), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[Server]:
    """A running server with an empty database; stopped, and its cluster removed, on leaving. Its folder is a
    fresh one under the system's temporary folder: the owner of the cluster must be able to reach it."""
    bin_dir = binaries()
    assert bin_dir is not None, "PostgreSQL is not installed (.ci/run installs Debian's postgresql)"
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="mayenne-postgres-"))
    data, sockets = folder / "cluster", folder / "sockets"
    sockets.mkdir()
    if owner:
        user = pwd.getpwnam(owner)
        for path in (folder, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    server = Server(_free_port())
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", server.user, "--auth=trust",
                              "--encoding=UTF8", "--no-locale"], owner), check=True, capture_output=True)
    options = f"-p {server.port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                              str(folder / "server.log"), "-w", "start"], owner), check=True, capture_output=True)
    try:
        subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", server.user,
                        server.database], check=True, capture_output=True)
        yield server
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], owner),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
