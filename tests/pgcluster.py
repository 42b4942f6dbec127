"""Run a command against a throw-away PostgreSQL cluster: `python tests/pgcluster.py -- CMD ...`.

The cluster lives in a temporary folder on a free loopback port, is owned by a non-root user (PostgreSQL
refuses to run as root; as root we use the `postgres` system user), and is removed afterwards. The command
gets TEST_DATABASE_URL; its exit code is ours.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        sys.exit("PostgreSQL server programs (initdb, pg_ctl) not found: install the 'postgresql' package.")
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_owner(args: list[str], owner: str | None) -> list[str]:
    if owner is None:
        return args
    return ["su", owner, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]


def main(command: list[str]) -> int:
    bin_ = bindir()
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    data = folder / "data"
    port = free_port()
    if owner:
        shutil.chown(folder, owner)
    try:
        subprocess.run(
            as_owner([str(bin_ / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "-N"], owner),
            check=True, stdout=subprocess.DEVNULL,
        )
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c max_connections=200"
        subprocess.run(
            as_owner([str(bin_ / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                      "-w", "start"], owner),
            check=True, stdout=subprocess.DEVNULL,
        )
        try:
            subprocess.run(
                [str(bin_ / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "portal_test"],
                check=True,
            )
            env = dict(os.environ, TEST_DATABASE_URL=f"postgresql://postgres@127.0.0.1:{port}/portal_test")
            print(f"PostgreSQL test cluster on 127.0.0.1:{port}", flush=True)
            return subprocess.run(command, env=env).returncode
        finally:
            subprocess.run(
                as_owner([str(bin_ / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], owner),
                stdout=subprocess.DEVNULL,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: python tests/pgcluster.py -- COMMAND [ARGS...]")
    sys.exit(main(args))
