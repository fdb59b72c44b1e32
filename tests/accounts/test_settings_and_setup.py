"""Production refuses to start half-configured; deploy checks pass; demo data is safe to load twice."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from sharedlives.accounts.models import Scheme, SchemeMembership, User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
    "DATABASE_URL": "postgres://app:secret@db.invalid:5432/sharedlives",
    "ALLOWED_HOSTS": "sharedlives.example.org",
}


def _run(code_or_args, **env_overrides):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "sharedlives.settings"
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION))
def test_production_refuses_to_start_without_each_required_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _run("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr and missing in result.stderr


def test_production_refuses_to_start_with_none_of_them_and_names_all_three():
    result = _run("import django; django.setup()")
    assert result.returncode != 0
    for name in PRODUCTION:
        assert name in result.stderr


def test_deploy_checks_report_no_warnings_with_production_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_database_that_is_not_postgresql():
    result = _run("import django; django.setup()", **(PRODUCTION | {"DATABASE_URL": "sqlite:///db.sqlite3"}))
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo")
    counts = (Scheme.objects.count(), User.objects.count(), SchemeMembership.objects.count())
    call_command("seed_demo")
    assert (Scheme.objects.count(), User.objects.count(), SchemeMembership.objects.count()) == counts
    out = capsys.readouterr().out
    assert "coordinator@demo.sharedlives.test" in out and "shared-lives-demo" in out
    for kind in User.Kind.values:
        assert User.objects.filter(kind=kind).exists()
    assert User.objects.filter(is_superuser=True).exists()


def test_the_demo_follows_the_transition_tables(db):
    """The demo's history is partly written straight to the database (reviews two years back): every
    status change in it is still one the services allow, and leads to each record's status."""
    from tests.transitions import broken_rules

    call_command("seed_demo")
    problems, walked = broken_rules()
    assert problems == []
    assert all(walked.values()), walked


def test_seed_demo_if_empty_leaves_existing_data_alone(db, scheme_a, capsys):
    call_command("seed_demo", "--if-empty")
    assert Scheme.objects.count() == 1
    assert "not loaded again" in capsys.readouterr().out


def test_seed_demo_is_refused_in_production(db, settings):
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="refused in production"):
        call_command("seed_demo")
    assert not Scheme.objects.exists()


def test_the_database_is_postgresql(db):
    from django.db import connection

    assert connection.vendor == "postgresql"
