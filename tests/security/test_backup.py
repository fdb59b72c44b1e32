"""Backup and restore: a pg_dump restored into a fresh database holds the same rows in every table,
and the photos and documents folder comes back with it."""

import io
import tarfile

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sharedlives import backup
from sharedlives.audit.services import access_record
from sharedlives.files import services as files
from tests.carers.factories import matchable_household
from tests.factories import SchemeFactory, staff_user
from tests.files.images import pdf, upload
from tests.people.factories import PersonFactory, ReferralFactory, RepresentativeFactory

RESTORED = "test_security_restored"


def _conninfo(database: str) -> dict:
    env = backup.libpq_env()
    return {
        "host": env.get("PGHOST") or None,
        "port": env.get("PGPORT") or None,
        "user": env.get("PGUSER") or None,
        "password": env.get("PGPASSWORD") or None,
        "dbname": database,
    }


def _row_counts(database: str) -> dict[str, int]:
    with psycopg.connect(**_conninfo(database)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _triggers(database: str) -> set[str]:
    with psycopg.connect(**_conninfo(database)) as conn:
        return {row[0] for row in conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}


@pytest.fixture
def fresh_database():
    with psycopg.connect(**_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
        conn.execute(f'CREATE DATABASE "{RESTORED}"')
    yield RESTORED
    with psycopg.connect(**_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')


# Real commits: pg_dump reads the database from its own connection.
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_in_every_table(tmp_path, fresh_database):
    scheme = SchemeFactory(name="Backup Scheme")
    coordinator = staff_user(scheme, email="backup.staff@example.test")
    matchable_household(scheme, by=coordinator, name="Backed Up Household")
    person = PersonFactory(scheme=scheme, first_name="Bertie")
    ReferralFactory(person=person)
    RepresentativeFactory(person=person)
    access_record(user=coordinator, obj=person, page="person detail")

    call_command("backup", dir=str(tmp_path))
    [dump_file] = tmp_path.glob("*.dump")
    assert dump_file.stat().st_size > 0 and dump_file.name.startswith(connection.settings_dict["NAME"])

    call_command("restore", str(dump_file), database_name=fresh_database, noinput=True)

    source = _row_counts(connection.settings_dict["NAME"])
    restored = _row_counts(fresh_database)
    assert restored == source
    assert source["people_person"] == 1 and source["audit_accesslog"] == 1 and source["carers_check"] > 0
    # The append-only guards and the history triggers come back with the data.
    assert _triggers(fresh_database) == _triggers(connection.settings_dict["NAME"])


def test_the_tools_match_the_server_version(db):
    major = backup.server_major()
    tool = backup.find_tool("pg_dump", at_least=major)
    assert backup._major(tool) >= major


def test_restoring_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing.dump"), noinput=True)


@pytest.fixture
def files_folder(tmp_path, settings):
    """Private storage in a folder of this test's own, so a restore may replace what is in it."""
    folder = tmp_path / "private-files"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.mark.django_db(transaction=True)
def test_a_backup_then_a_restore_brings_back_the_bytes_of_a_document(tmp_path, fresh_database, files_folder):
    scheme = SchemeFactory(name="Files Backup Scheme")
    coordinator = staff_user(scheme, email="files.backup@example.test")
    person = PersonFactory(scheme=scheme)
    content = pdf().replace(b"%%EOF", b"% kept safe\n%%EOF")
    document = files.document_add(
        owner_obj=person, kind="letter", title="Letter", upload=upload(content, "letter.pdf"), by=coordinator
    )
    stored = files_folder / document.versions.get().stored_name
    assert stored.read_bytes() == content

    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    [dump_file] = (tmp_path / "backups").glob("*.dump")
    archive = backup.files_archive_for(dump_file)
    assert archive.name == dump_file.name.removesuffix(".dump") + ".files.tar.gz"
    assert f"copied to {archive}" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # like the folder: its owner's alone
    with tarfile.open(archive) as tar:
        assert str(stored.relative_to(files_folder)) in tar.getnames()

    # The file is lost, and one that the backup never held appears.
    stored.unlink()
    stray = files_folder / "documents" / "stray.pdf"
    stray.write_bytes(b"not in the backup")

    out = io.StringIO()
    call_command(
        "restore",
        str(dump_file),
        database_name=fresh_database,
        files_dir=str(files_folder),
        noinput=True,
        stdout=out,
    )
    assert stored.read_bytes() == content
    assert not stray.exists()  # the folder is as it was at the backup, as the database is
    assert not [p for p in files_folder.iterdir() if p.name.startswith(".")]  # no staging left behind
    assert "Restored 1 photo and document files" in out.getvalue()
    with psycopg.connect(**_conninfo(fresh_database)) as conn:
        [(name,)] = conn.execute("SELECT stored_name FROM files_documentversion").fetchall()
    assert files_folder / name == stored  # the restored row names the restored file


@pytest.mark.django_db(transaction=True)
def test_restoring_into_another_database_leaves_the_files_folder_alone(
    tmp_path, fresh_database, files_folder
):
    files_folder.mkdir()
    (files_folder / "live.pdf").write_bytes(b"live")
    call_command("backup", dir=str(tmp_path))
    [dump_file] = tmp_path.glob("*.dump")
    (files_folder / "live.pdf").write_bytes(b"changed since")

    out = io.StringIO()
    call_command("restore", str(dump_file), database_name=fresh_database, noinput=True, stdout=out)
    assert (files_folder / "live.pdf").read_bytes() == b"changed since"
    assert "were not restored" in out.getvalue() and "--files-dir" in out.getvalue()


def test_files_in_object_storage_are_left_to_the_buckets_versioning(db, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "sharedlives-files", "region_name": "eu-west-2"},
        },
    }
    out = io.StringIO()
    call_command("backup", dir=str(tmp_path), stdout=out)
    assert "bucket sharedlives-files" in out.getvalue() and "bucket versioning" in out.getvalue()
    assert [p.suffix for p in tmp_path.iterdir()] == [".dump"]  # nothing copied from the bucket


def test_a_damaged_files_archive_changes_nothing_in_the_folder(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "kept.pdf").write_bytes(b"kept")
    damaged = tmp_path / "x.files.tar.gz"
    damaged.write_bytes(b"not a tar file")
    with pytest.raises(backup.BackupError, match="could not be unpacked"):
        backup.restore_files(damaged, folder)
    assert [p.name for p in folder.iterdir()] == ["kept.pdf"]
