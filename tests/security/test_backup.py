"""Backup and restore: a pg_dump restored into a fresh database holds the same rows in every table."""

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sharedlives import backup
from sharedlives.audit.services import access_record
from tests.carers.factories import matchable_household
from tests.factories import SchemeFactory, staff_user
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
