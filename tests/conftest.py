"""Personas shared by every test. App-specific fixtures live in tests/<app>/conftest.py."""

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

from sharedlives.accounts.models import SchemeMembership, User

from .factories import SchemeFactory, UserFactory, give_totp, sign_in, staff_user


# tryfirst: before pytest-django orders the tests (those using the database, then transactional ones).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test may use the test database. pytest-django sets up the test database only for
    tests it can see need one; a test that reaches it through request.getfixturevalue("...")
    alone, run on its own (-k), would otherwise talk to the development database. Marking every
    test also runs them all before the transactional tests, which empty the tables (reference
    lists included) when they finish."""
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is not under test; speed is.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def private_files_root(tmp_path_factory):
    """Photos and documents go to a folder of the test run's own, never the development one: for
    the whole run, so module-wide worlds (tests/security) store theirs there too."""
    root = tmp_path_factory.mktemp("private-files")
    storages = {
        **django_settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    with override_settings(STORAGES=storages):
        yield root


@pytest.fixture
def scheme_a(db):
    return SchemeFactory(name="Scheme A Shared Lives")


@pytest.fixture
def scheme_b(db):
    return SchemeFactory(name="Scheme B Shared Lives")


@pytest.fixture
def coordinator_a(scheme_a):
    return staff_user(scheme_a, full_name="Cora Coordinator", email="coord.a@example.test")


@pytest.fixture
def manager_a(scheme_a):
    return staff_user(
        scheme_a, SchemeMembership.Role.MANAGER, full_name="Manon Manager", email="manager.a@example.test"
    )


@pytest.fixture
def coordinator_b(scheme_b):
    return staff_user(scheme_b, full_name="Bea Coordinator", email="coord.b@example.test")


@pytest.fixture
def carer_user(db):
    return UserFactory(kind=User.Kind.CARER, full_name="Carys Carer", email="carer.x@example.test")


@pytest.fixture
def person_user(db):
    return UserFactory(kind=User.Kind.PERSON, full_name="Pat Person", email="person.p@example.test")


@pytest.fixture
def family_user(db):
    return UserFactory(kind=User.Kind.FAMILY, full_name="Fran Family", email="family.p@example.test")


@pytest.fixture
def admin_user(db):
    user = UserFactory(kind=User.Kind.STAFF, is_staff=True, is_superuser=True, email="admin@example.test")
    give_totp(user)  # admins, like staff, must use two-factor authentication
    return user


def _client_for(user) -> Client:
    """A client signed in as `user`, with the second factor checked when they have one."""
    return sign_in(Client(), user)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def client_coordinator_a(coordinator_a):
    return _client_for(coordinator_a)


@pytest.fixture
def client_manager_a(manager_a):
    return _client_for(manager_a)


@pytest.fixture
def client_coordinator_b(coordinator_b):
    return _client_for(coordinator_b)


@pytest.fixture
def client_carer(carer_user):
    return _client_for(carer_user)


@pytest.fixture
def client_person(person_user):
    return _client_for(person_user)


@pytest.fixture
def client_family(family_user):
    return _client_for(family_user)


@pytest.fixture
def client_admin(admin_user):
    return _client_for(admin_user)
