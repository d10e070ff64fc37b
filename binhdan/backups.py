"""Backups of the portal's database: PostgreSQL with pg_dump/pg_restore, SQLite with its
online backup API. Used by `manage.py backup` and `manage.py restore`.

A backup holds residents' personal data: files are created readable by their owner only.
Everything is in the one database, so the dump covers households, teams, users, the access
log, and (issue 6) the submitted quarterly reports alike.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    pass


def vendor() -> str:
    return connection.vendor


def suffix() -> str:
    return ".dump" if vendor() == "postgresql" else ".sqlite3"


def default_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(directory) / f"binhdan-{stamp}{suffix()}"


def _pg_command(program: str) -> tuple[list[str], dict]:
    """The program with connection options, and an environment carrying the password."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} not found: install postgresql-client")
    db = connection.settings_dict
    args = [program, "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # never on the command line (ps would show it)
    return args, env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{args[0]} failed")


def backup(path: Path) -> Path:
    """Write a consistent copy of the whole database to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    old_umask = os.umask(0o077)
    try:
        if vendor() == "postgresql":
            args, env = _pg_command("pg_dump")
            _run([*args, "--format=custom", "--file", str(path)], env)
        elif vendor() == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(path) as target:
                connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(f"no backup method for {vendor()}")
    finally:
        os.umask(old_umask)
    return path


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(path: Path, *, clean: bool = False) -> None:
    """Load a backup made by `backup` into the configured database.

    Into an empty database by default; `clean=True` first drops what the dump contains
    (PostgreSQL) or overwrites the SQLite file.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    if not clean and not database_is_empty():
        raise BackupError("the database is not empty: restore into a new database, or use --clean")
    if vendor() == "postgresql":
        args, env = _pg_command("pg_restore")
        options = ["--no-owner", "--no-privileges", "--exit-on-error"]
        if clean:
            options += ["--clean", "--if-exists"]
        _run([*args, *options, str(path)], env)
    elif vendor() == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"no restore method for {vendor()}")


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups in `directory`; return what was deleted."""
    files = sorted(Path(directory).glob(f"binhdan-*{suffix()}"), reverse=True)
    old = files[keep:]
    for path in old:
        path.unlink()
    return old
