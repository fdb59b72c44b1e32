"""Audit you can trust: append-only tables, sign-ins and refusals logged, managers search the audit."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from pghistory.models import Event

from sharedlives.audit.models import AccessLog, DestructionRecord, SecurityEvent
from sharedlives.audit.services import access_record, access_records
from tests.carers.conftest import *  # noqa: F403  (carer X's household in scheme A)
from tests.factories import PASSWORD, staff_user
from tests.people.conftest import *  # noqa: F403  (person P and Q, their families)

Kind = SecurityEvent.Kind


def _refused(sql: str, params=()):
    """Run SQL that the database must refuse; the test's transaction carries on."""
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


# --- Append-only, in the database ------------------------------------------------------------------


def test_the_access_log_cannot_be_changed_or_deleted(coordinator_a, person_p):
    entry = access_record(user=coordinator_a, obj=person_p, page="person detail")
    _refused("UPDATE audit_accesslog SET page = 'nothing to see' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM audit_accesslog WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(page="changed")
    entry.refresh_from_db()
    assert entry.page == "person detail"


def test_a_page_listing_several_records_logs_each_in_one_insert(
    coordinator_a, person_p, person_q, django_assert_num_queries
):
    with django_assert_num_queries(1):
        entries = access_records(user=coordinator_a, objs=[person_p, person_q], page="family home")
    logged = AccessLog.objects.filter(pk__in=[e.pk for e in entries])
    assert sorted(logged.values_list("user", "scheme", "object_type", "object_id", "page")) == sorted(
        (coordinator_a.pk, p.scheme_id, "people.person", p.pk, "family home") for p in (person_p, person_q)
    )


def test_history_rows_cannot_be_changed_or_deleted(client_coordinator_a, person_p):
    client_coordinator_a.post(
        reverse("people:person_edit", args=[person_p.pk]),
        {"first_name": "Patricia", "last_name": "Parker-Jones", "date_of_birth": "1990-06-15"},
    )
    event_model = person_p.pgh_event_models["update"]
    table = event_model._meta.db_table
    event = event_model.objects.filter(pgh_obj_id=person_p.pk).latest("pgh_id")
    _refused(f"UPDATE {table} SET last_name = 'Rewritten' WHERE pgh_id = %s", [event.pk])
    _refused(f"DELETE FROM {table} WHERE pgh_obj_id = %s", [person_p.pk])


@pytest.mark.parametrize("model", [SecurityEvent, DestructionRecord])
def test_the_security_log_and_destruction_records_are_append_only_too(model, coordinator_a, scheme_a):
    if model is SecurityEvent:
        row = SecurityEvent.objects.create(kind=Kind.LOGIN, user=coordinator_a)
    else:
        row = DestructionRecord.objects.create(
            scheme=scheme_a,
            record_type="people.person",
            object_id=999,
            description="Person record #999",
            retention_basis="8 years",
            reason="Due",
            decided_by=coordinator_a,
            destroyed={"people.person": 1},
        )
    table = model._meta.db_table
    _refused(f"UPDATE {table} SET id = id WHERE id = %s", [row.pk])
    _refused(f"DELETE FROM {table} WHERE id = %s", [row.pk])


def test_every_history_table_is_append_only(db):
    """Every pghistory event table carries the append-only trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'pgtrigger_append_only%%'"
        )
        protected = {row[0] for row in cursor.fetchall()}
    event_tables = {m._meta.db_table for m in apps.get_models() if issubclass(m, Event) and not m._meta.proxy}
    assert event_tables and event_tables <= protected, sorted(event_tables - protected)
    assert {"audit_accesslog", "audit_securityevent", "audit_destructionrecord"} <= protected


def test_the_admin_cannot_add_change_or_delete_audit_rows(client_admin, rf, admin_user):
    evidence = [AccessLog, SecurityEvent, DestructionRecord] + [
        m for m in admin.site._registry if issubclass(m, Event) or m._meta.app_label == "pghistory"
    ]
    request = rf.get("/")
    request.user = admin_user
    for model in evidence:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    url = reverse("admin:audit_accesslog_add")
    assert client_admin.get(url).status_code == 403


# --- What is logged ------------------------------------------------------------------------------


def test_a_sign_in_and_a_failed_sign_in_are_logged_with_the_address(carer_user):
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post(reverse("account_login"), {"login": carer_user.email, "password": "not-my-password"})
    failed = SecurityEvent.objects.get(kind=Kind.LOGIN_FAILED)
    assert failed.login == carer_user.email and failed.ip == "203.0.113.9" and failed.user is None
    client.post(reverse("account_login"), {"login": carer_user.email, "password": PASSWORD})
    signed_in = SecurityEvent.objects.get(kind=Kind.LOGIN)
    assert signed_in.user == carer_user and signed_in.ip == "203.0.113.9"
    client.post(reverse("account_logout"))
    assert SecurityEvent.objects.filter(kind=Kind.LOGOUT, user=carer_user).exists()


def test_a_failed_sign_in_for_an_unknown_address_is_logged(db):
    Client().post(reverse("account_login"), {"login": "nobody@example.test", "password": "guess-guess"})
    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED, login="nobody@example.test").exists()


def test_a_page_for_another_role_is_refused_and_logged(client_carer, carer_user):
    assert client_carer.get(reverse("people:person_list")).status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.REFUSED)
    assert event.user == carer_user and event.status == 403 and event.path == reverse("people:person_list")


def test_a_record_outside_the_users_scope_is_refused_and_logged(
    client_coordinator_b, coordinator_b, person_p
):
    url = reverse("people:person_detail", args=[person_p.pk])
    assert client_coordinator_b.get(url + "?q=Parker").status_code == 404
    event = SecurityEvent.objects.get(kind=Kind.REFUSED)
    assert event.user == coordinator_b and event.status == 404
    assert event.path == url  # the path only: nothing typed into the query string is kept


def test_anonymous_404s_are_not_logged(anon_client, db):
    anon_client.get("/no-such-page/")
    assert not SecurityEvent.objects.exists()


# --- Managers search the audit -------------------------------------------------------------------


@pytest.fixture
def manager_b(scheme_b):
    from sharedlives.accounts.models import SchemeMembership

    return staff_user(
        scheme_b, SchemeMembership.Role.MANAGER, full_name="Bo Manager", email="manager.b@example.test"
    )


@pytest.fixture
def logged(client_coordinator_a, client_coordinator_b, person_p, person_q, client_carer, household_x):
    client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk]))
    client_coordinator_a.get(reverse("people:person_profile", args=[person_q.pk]))
    client_coordinator_b.get(reverse("people:person_detail", args=[person_p.pk]))  # refused, 404
    client_carer.get(reverse("people:person_list"))  # refused, 403


def _search(client, **fields):
    response = client.post(reverse("audit:search"), fields)
    assert response.status_code == 302 and response.url == reverse("audit:search")
    return client.get(response.url).content.decode()


def test_managers_see_record_views_and_security_events_of_their_schemes(client_manager_a, logged):
    page = client_manager_a.get(reverse("audit:search"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Patricia Parker" in html and "Quentin Quinn" in html and "Cora Coordinator" in html
    assert "Page refused" in html and "Carys Carer" in html  # the carer is not staff, but their refusal shows
    assert "Bea Coordinator" not in html  # scheme B's staff are not scheme A's business


def test_managers_search_by_person_user_and_date(client_manager_a, logged, person_q):
    by_person = _search(client_manager_a, person=str(person_q.pk))
    assert "Quentin Quinn" in by_person and "Patricia Parker" not in by_person
    by_name = _search(client_manager_a, person="Parker")
    assert "Patricia Parker" in by_name and "Quentin Quinn" not in by_name
    by_user = _search(client_manager_a, user="carys")
    assert "Carys Carer" in by_user and "Cora Coordinator" not in by_user
    from django.utils import timezone

    today = timezone.localdate()
    assert "Patricia Parker" in _search(
        client_manager_a, date_from=today.isoformat(), date_to=today.isoformat()
    )
    assert "Nothing found" in _search(
        client_manager_a, date_to=(today - timezone.timedelta(days=1)).isoformat()
    )
    assert "Nothing found" in _search(client_manager_a, kind="mfa_failed")


def test_names_searched_for_never_appear_in_the_address(client_manager_a, logged):
    response = client_manager_a.post(reverse("audit:search"), {"person": "Parker", "user": "Cora"})
    assert "Parker" not in response.url and "Cora" not in response.url


def test_the_audit_is_for_managers_only_and_scoped_to_their_schemes(client_coordinator_a, manager_b, logged):
    from tests.factories import sign_in

    assert client_coordinator_a.get(reverse("audit:search")).status_code == 403
    html = sign_in(Client(), manager_b).get(reverse("audit:search")).content.decode()
    assert "Patricia Parker" not in html and "Cora Coordinator" not in html
    assert "Bea Coordinator" in html  # their own coordinator's refused request


def test_the_audit_page_uses_a_fixed_number_of_queries(
    client_manager_a, coordinator_a, person_p, django_assert_max_num_queries
):
    for _ in range(40):
        access_record(user=coordinator_a, obj=person_p, page="profile")
    with django_assert_max_num_queries(12):
        client_manager_a.get(reverse("audit:search"))


# --- A person's history --------------------------------------------------------------------------


def test_a_persons_history_shows_who_changed_what_before_and_after(client_coordinator_a, person_p):
    client_coordinator_a.post(
        reverse("people:person_edit", args=[person_p.pk]),
        {"first_name": "Patricia", "last_name": "Parker-Jones", "date_of_birth": "1990-06-15"},
    )
    html = client_coordinator_a.get(reverse("people:person_history", args=[person_p.pk])).content.decode()
    assert "Details changed" in html and "by Cora Coordinator" in html
    assert "<del>Parker</del> Parker-Jones" in html


def test_a_persons_history_shows_what_a_new_record_said_and_who_added_it(client_coordinator_a, person_p):
    client_coordinator_a.post(
        reverse("people:person_representative_create", args=[person_p.pk]),
        {"full_name": "Rita Rep", "role": "advocate", "relationship": "my advocate"},
    )
    html = client_coordinator_a.get(reverse("people:person_history", args=[person_p.pk])).content.decode()
    assert "Representative added: Rita Rep" in html and "by Cora Coordinator" in html
    assert "Relationship: my advocate" in html
