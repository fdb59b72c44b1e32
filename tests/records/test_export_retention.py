"""A person's living-together records (support plan, risk plans, contacts, notes and their words,
medicines and doses, money and its counts) are in their subject access export, and go with the rest
of their record when a retention decision destroys it, in spite of the rule that nothing changes
them after their day."""

import csv
import io
import zipfile
from datetime import time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from arrangements.models import Arrangement
from people.models import Referral
from records.models import (
    DailyNote,
    DoseRecord,
    EmergencyContact,
    Medicine,
    MoneyCheck,
    MoneyEntry,
    NoteWords,
    RiskPlan,
    SupportPlan,
)
from sharedlives.audit import retention
from sharedlives.audit.models import DestructionRecord

LONG_AGO = timezone.localdate() - timedelta(days=3700)


def _records_of(arrangement, *, staff, carer, day):
    person, household = arrangement.person, arrangement.household
    SupportPlan.objects.create(person=person, communication="PLAN-SHORT-SENTENCES", updated_by=staff)
    RiskPlan.objects.create(
        person=person,
        risk="RISK-CROSSING-ROADS",
        what_helps="Hold hands",
        what_to_do="Stop",
        who_to_tell="The coordinator",
        review_on=day,
        added_by=staff,
    )
    EmergencyContact.objects.create(person=person, name="CONTACT-WENDY", phone="0100", added_by=staff)
    note = DailyNote.objects.create(
        scheme=arrangement.scheme,
        arrangement=arrangement,
        person=person,
        household=household,
        day=day,
        went_well="NOTE-WE-BAKED-BREAD",
        written_by=carer,
    )
    NoteWords.objects.create(note=note, words="WORDS-I-LIKED-IT", written_by=person.user, day=day)
    medicine = Medicine.objects.create(
        person=person,
        name="MEDICINE-SERTRALINE",
        strength="50 mg",
        dose="One",
        times=[time(8)],
        starts_on=day,
        added_by=staff,
    )
    DoseRecord.objects.create(
        medicine=medicine,
        person=person,
        household=household,
        day=day,
        due_at=time(8),
        outcome="refused",
        reason="DOSE-SAID-NO",
        recorded_by=carer,
    )
    MoneyEntry.objects.create(
        person=person,
        household=household,
        day=day,
        direction="out",
        amount=Decimal("4.20"),
        what="MONEY-CINEMA-TICKET",
        no_receipt_reason="Lost",
        recorded_by=carer,
    )
    MoneyCheck.objects.create(
        person=person,
        household=household,
        kind="carer_count",
        counted=Decimal("10.00"),
        recorded_balance=Decimal("10.00"),
        checked_by=carer,
        day=day,
    )


def test_the_export_holds_every_living_together_record(
    client_manager_a, arrangement_px, coordinator_a, carer_user, person_p
):
    _records_of(arrangement_px, staff=coordinator_a, carer=carer_user, day=timezone.localdate())

    response = client_manager_a.get(reverse("audit:person_export", args=[person_p.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))

    def rows(name):
        return list(csv.DictReader(io.StringIO(archive.read(f"records/{name}.csv").decode("utf-8-sig"))))

    assert [r["communication"] for r in rows("records.supportplan")] == ["PLAN-SHORT-SENTENCES"]
    assert [r["risk"] for r in rows("records.riskplan")] == ["RISK-CROSSING-ROADS"]
    assert [r["name"] for r in rows("records.emergencycontact")] == ["CONTACT-WENDY"]
    assert [r["went_well"] for r in rows("records.dailynote")] == ["NOTE-WE-BAKED-BREAD"]
    assert [r["words"] for r in rows("records.notewords")] == ["WORDS-I-LIKED-IT"]
    assert [r["name"] for r in rows("records.medicine")] == ["MEDICINE-SERTRALINE"]
    assert [r["reason"] for r in rows("records.doserecord")] == ["DOSE-SAID-NO"]
    assert [r["what"] for r in rows("records.moneyentry")] == ["MONEY-CINEMA-TICKET"]
    assert [r["counted"] for r in rows("records.moneycheck")] == ["10.00"]


def test_destroying_the_persons_record_removes_the_records_fixed_after_their_day(
    arrangement_px, coordinator_a, manager_a, carer_user, person_p, django_capture_on_commit_callbacks
):
    _records_of(arrangement_px, staff=coordinator_a, carer=carer_user, day=LONG_AGO)
    # The arrangement ended ten years ago and the referral closed with it.
    Arrangement.objects.filter(pk=arrangement_px.pk).update(
        start_date=LONG_AGO, end_date=LONG_AGO + timedelta(days=1), status="ended", end_reason="planned_end"
    )
    Referral.objects.filter(person=person_p).update(
        status="closed", closed_reason="withdrawn", status_changed_at=timezone.now() - timedelta(days=3660)
    )

    with django_capture_on_commit_callbacks(execute=True):
        record = retention.record_destroy(
            record_type="people.person", object_id=person_p.pk, by=manager_a, reason="Retention passed."
        )

    for model in (DailyNote, NoteWords, DoseRecord, Medicine, MoneyEntry, MoneyCheck, RiskPlan, SupportPlan):
        assert not model.objects.exists(), model
    destroyed = DestructionRecord.objects.get(pk=record.pk).destroyed
    assert destroyed["records.dailynote"] == 1 and destroyed["records.doserecord"] == 1
