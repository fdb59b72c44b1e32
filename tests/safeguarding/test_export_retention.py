"""A person's safeguarding records in their subject access export, less what a manager withholds
(the summary says how many and why, never what); and gone with the rest of the record when a
retention decision destroys it."""

import csv
import io
import zipfile
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from people.models import Referral, ReferralStatus
from safeguarding import services
from safeguarding.models import (
    AbuseCategory,
    Allegation,
    Complaint,
    ComplaintTransition,
    Concern,
    ConcernTransition,
    Incident,
    IncidentTransition,
    Notification,
)
from sharedlives.audit import retention
from sharedlives.audit.models import DestructionRecord
from sharedlives.files import services as files
from tests.files.images import pdf, upload
from tests.people.factories import ReferralFactory

WITHHELD_SUMMARY = "WITHHELD-CONCERN-ABOUT-THE-NEIGHBOUR"
REASON = "Telling Pat now would warn the person the police are investigating."


def _export(client, person) -> zipfile.ZipFile:
    response = client.get(reverse("audit:person_export", args=[person.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def _everything(archive) -> str:
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def _records_of(person, *, staff, manager, household):
    """An incident (with its notification), a complaint from the person, a concern they are given
    and a concern withheld from them (with an allegation and a document)."""
    incident = services.incident_report(
        by=staff,
        person_id=person.pk,
        household_id=household.pk,
        kind="accident",
        occurred_at=timezone.now() - timedelta(days=3),
        location="The bathroom",
        what_happened="INCIDENT-PAT-SLIPPED-IN-THE-BATH",
        harm="serious",
        medical_help="hospital",
    )
    services.incident_start_review(incident_id=incident.pk, by=manager)
    complaint = services.complaint_make(
        by=person.user, summary="COMPLAINT-MY-BUS-WAS-LATE", wanted_outcome="Ring me."
    )
    services.complaint_acknowledge(complaint_id=complaint.pk, by=staff)
    given = services.concern_raise(
        by=staff,
        person_id=person.pk,
        categories=[AbuseCategory.SELF_NEGLECT],
        summary="GIVEN-CONCERN-NOT-EATING",
    )
    withheld = services.concern_raise(
        by=staff,
        person_id=person.pk,
        categories=[AbuseCategory.FINANCIAL],
        summary=WITHHELD_SUMMARY,
        about_household_id=household.pk,
    )
    services.concern_refer(
        concern_id=withheld.pk,
        by=manager,
        referred_on=timezone.localdate(),
        council_reference="COUNCIL-REF-SECRET",
        council_contact="Jo Patel",
    )
    services.concern_withhold(concern_id=withheld.pk, by=manager, reason=REASON)
    files.document_add(
        owner_obj=withheld,
        kind="letter",
        title="Council letter about the enquiry",
        upload=upload(pdf(), "council.pdf"),
        by=staff,
    )
    return incident, complaint, given, withheld


def test_the_export_holds_the_persons_incident_and_complaint_but_not_a_withheld_concern(
    client_manager_a, coordinator_a, manager_a, person_p, household_x
):
    incident, complaint, given, withheld = _records_of(
        person_p, staff=coordinator_a, manager=manager_a, household=household_x
    )

    archive = _export(client_manager_a, person_p)

    incidents = _rows(archive, "records/safeguarding.incident.csv")
    assert [r["what_happened"] for r in incidents] == ["INCIDENT-PAT-SLIPPED-IN-THE-BATH"]
    assert {r["to_status"] for r in _rows(archive, "records/safeguarding.incidenttransition.csv")} == {
        "reported",
        "under_review",
    }
    assert [r["trigger"] for r in _rows(archive, "records/safeguarding.notification.csv")] == [
        "serious_injury"
    ]
    assert [r["summary"] for r in _rows(archive, "records/safeguarding.complaint.csv")] == [
        "COMPLAINT-MY-BUS-WAS-LATE"
    ]
    assert len(_rows(archive, "records/safeguarding.complainttransition.csv")) == 2
    # The concern Pat may be given is there, with its own status changes only.
    assert [r["summary"] for r in _rows(archive, "records/safeguarding.concern.csv")] == [
        "GIVEN-CONCERN-NOT-EATING"
    ]
    assert {r["concern_id"] for r in _rows(archive, "records/safeguarding.concerntransition.csv")} == {
        str(given.pk)
    }
    # The withheld one is nowhere: not its row, its status changes, its allegation, its
    # notification, its document or its history.
    text = _everything(archive)
    for secret in (WITHHELD_SUMMARY, "COUNCIL-REF-SECRET", "Council letter about the enquiry", "Jo Patel"):
        assert secret not in text, secret
    assert "records/safeguarding.allegation.csv" not in archive.namelist()
    assert not [name for name in archive.namelist() if name.startswith("files/")]
    history = _rows(archive, "history.csv")
    assert not [
        h
        for h in history
        if h["record_type"] == "safeguarding.concern" and h["record_id"] == str(withheld.pk)
    ]
    assert [h for h in history if h["record_type"] == "safeguarding.incident"]
    # The summary says that it was withheld, and why, and what went with it.
    summary = archive.read("summary.html").decode()
    assert "Concerns: 1 record withheld: " in summary
    assert "Telling Pat now would warn the person the police are investigating." in summary
    assert "Allegations: 1 record withheld: they belong to records withheld above" in summary
    assert "Notifications: 1 record withheld: they belong to records withheld above" in summary


def test_a_concern_given_back_to_the_person_is_in_their_export_again(
    client_manager_a, coordinator_a, manager_a, person_p, household_x
):
    *_rest, withheld = _records_of(person_p, staff=coordinator_a, manager=manager_a, household=household_x)
    services.concern_withhold(concern_id=withheld.pk, by=manager_a, reason="")

    archive = _export(client_manager_a, person_p)

    assert WITHHELD_SUMMARY in {r["summary"] for r in _rows(archive, "records/safeguarding.concern.csv")}
    assert "withheld" not in archive.read("summary.html").decode()


def test_destroying_the_persons_record_removes_their_safeguarding_records_too(
    coordinator_a, manager_a, person_p, household_x, django_capture_on_commit_callbacks
):
    incident, complaint, given, withheld = _records_of(
        person_p, staff=coordinator_a, manager=manager_a, household=household_x
    )
    # Due for review: their only referral closed ten years ago, and nothing else uses the record.
    referral = ReferralFactory(person=person_p, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
    Referral.objects.filter(pk=referral.pk).update(status_changed_at=timezone.now() - timedelta(days=3660))
    # Another person's incident stays.
    other = services.incident_report(
        by=coordinator_a,
        household_id=household_x.pk,
        kind="accident",
        occurred_at=timezone.now(),
        location="The lane",
        what_happened="A carer's own fall.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        record = retention.record_destroy(
            record_type="people.person", object_id=person_p.pk, by=manager_a, reason="Retention passed."
        )

    assert not Incident.objects.filter(person=person_p.pk).exists()
    assert not Concern.objects.filter(person=person_p.pk).exists()
    assert not Complaint.objects.filter(person=person_p.pk).exists()
    assert not IncidentTransition.objects.filter(incident=incident.pk).exists()
    assert not ConcernTransition.objects.filter(concern__in=[given.pk, withheld.pk]).exists()
    assert not ComplaintTransition.objects.filter(complaint=complaint.pk).exists()
    assert not Notification.objects.filter(incident=incident.pk).exists()
    assert not Notification.objects.filter(concern__in=[given.pk, withheld.pk]).exists()
    assert not Allegation.objects.filter(concern=withheld.pk).exists()
    assert Incident.objects.filter(pk=other.pk).exists()
    destroyed = DestructionRecord.objects.get(pk=record.pk).destroyed
    assert destroyed["safeguarding.incident"] == 1 and destroyed["safeguarding.concern"] == 2
    assert destroyed["safeguarding.complaint"] == 1 and destroyed["safeguarding.notification"] >= 2
    assert destroyed["files"] == 1  # the withheld concern's letter, bytes and all
    # Their history went too.
    from django.apps import apps

    events = apps.get_model("safeguarding", "IncidentEvent")
    assert not events.objects.filter(pgh_obj_id=incident.pk).exists()
