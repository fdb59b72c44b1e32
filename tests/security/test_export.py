"""Subject access export: everything held about one person, as a zip, for managers; logged."""

import csv
import io
import json
import zipfile

from django.urls import reverse

from sharedlives.audit.models import AccessLog
from tests.carers.conftest import *  # noqa: F403
from tests.matching.conftest import *  # noqa: F403  (a proposal of carer X to person P)
from tests.people.factories import ReferralFactory


def _export(client, person):
    response = client.get(reverse("audit:person_export", args=[person.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-person-{person.pk}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_a_manager_exports_everything_held_about_a_person(
    client_manager_a, client_coordinator_a, proposal, person_p, family_with_authority
):
    client_coordinator_a.post(
        reverse("people:person_edit", args=[person_p.pk]),
        {"first_name": "Patricia", "last_name": "Parker-Jones", "date_of_birth": "1990-06-15"},
    )
    client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk]))
    archive = _export(client_manager_a, person_p)
    names = set(archive.namelist())
    assert {"summary.html", "record.json", "history.csv", "access_log.csv"} <= names
    for table in [
        "people.person",
        "people.profile",
        "people.referral",
        "people.representative",
        "people.legalauthority",
        "matching.matchproposal",
        "matching.proposaltransition",
    ]:
        assert f"records/{table}.csv" in names, table
    assert _rows(archive, "records/people.person.csv")[0]["last_name"] == "Parker-Jones"
    assert _rows(archive, "records/people.profile.csv")[0]["risk_detail"] == "SECRET-RISK-DETAIL"
    record = json.loads(archive.read("record.json"))
    assert record["person"]["first_name"] == "Patricia"
    history = _rows(archive, "history.csv")
    change = next(r for r in history if r["record_type"] == "people.person" and r["change"] == "update")
    assert change["by"] == "Cora Coordinator" and "Parker-Jones" in change["changed_from_to"]
    assert any(r["who"] == "Cora Coordinator" for r in _rows(archive, "access_log.csv"))
    summary = archive.read("summary.html").decode()
    assert (
        "Everything held about Patricia Parker-Jones" in summary
        and "<del>Parker</del> Parker-Jones" in summary
    )
    # No secret of anyone's account is ever exported.
    assert "password" not in archive.read("records/people.person.csv").decode()


def test_the_export_is_logged(client_manager_a, manager_a, person_p):
    _export(client_manager_a, person_p)
    assert AccessLog.objects.filter(
        user=manager_a, object_id=person_p.pk, page="subject access export"
    ).exists()
    who = client_manager_a.get(reverse("people:person_access_log", args=[person_p.pk])).content.decode()
    assert "Subject access export" in who


def test_only_managers_of_the_persons_scheme_may_export(
    client_coordinator_a, client_coordinator_b, client_carer, person_p
):
    url = reverse("audit:person_export", args=[person_p.pk])
    assert client_coordinator_a.get(url).status_code == 403
    assert client_coordinator_b.get(url).status_code == 403
    assert client_carer.get(url).status_code == 403
    assert not AccessLog.objects.filter(page="subject access export").exists()


def test_a_manager_of_another_scheme_gets_404(person_p, scheme_b):
    from django.test import Client

    from sharedlives.accounts.models import SchemeMembership
    from tests.factories import sign_in, staff_user

    manager_b = staff_user(scheme_b, SchemeMembership.Role.MANAGER, email="manager.b@example.test")
    assert (
        sign_in(Client(), manager_b).get(reverse("audit:person_export", args=[person_p.pk])).status_code
        == 404
    )


def test_spreadsheet_formulas_and_html_are_made_harmless(client_manager_a, person_p):
    ReferralFactory(
        person=person_p,
        referrer_name='=HYPERLINK("http://evil.example","x")',
        reasons="<script>alert(1)</script>",
    )
    archive = _export(client_manager_a, person_p)
    referral = _rows(archive, "records/people.referral.csv")[0]
    assert referral["referrer_name"].startswith("'=")
    summary = archive.read("summary.html").decode()
    assert "<script>alert(1)</script>" not in summary
