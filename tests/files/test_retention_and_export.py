"""Nothing lost, nothing kept too long, for photos and documents in the default folder storage: a
person's files go into their subject access export as files, and leave storage, bytes and all, when
a retention decision destroys the record they belong to."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import Household, HouseholdTransition
from people.models import Referral, ReferralStatus
from sharedlives.audit import retention
from sharedlives.audit.models import DestructionRecord
from sharedlives.files import services as files
from sharedlives.files.models import Document, DocumentVersion, Photo
from tests.carers.conftest import *  # noqa: F403
from tests.carers.factories import give_mandatory_checks
from tests.files.images import exif_of, jpeg_with_gps, pdf, png, upload
from tests.people.conftest import *  # noqa: F403
from tests.people.factories import PersonFactory, ReferralFactory


def pdf_saying(words: str) -> bytes:
    """A PDF whose bytes differ from every other one's."""
    return pdf().replace(b"%%EOF", f"% {words}\n%%EOF".encode())


def _export(client, person) -> zipfile.ZipFile:
    response = client.get(reverse("audit:person_export", args=[person.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def _old(person) -> None:
    """Make `person` due for review: their only referral closed ten years ago."""
    referral = ReferralFactory(person=person, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
    Referral.objects.filter(pk=referral.pk).update(status_changed_at=timezone.now() - timedelta(days=3660))


# --- Subject access export ------------------------------------------------------------------------


def test_the_export_holds_the_persons_photo_and_every_version_of_their_documents(
    client_manager_a, coordinator_a, person_p, person_q, household_x, private_files_root
):
    referral = ReferralFactory(person=person_p)
    consent = files.document_add(
        owner_obj=person_p,
        kind="consent",
        title="Consent to share: photos & letters",
        upload=upload(pdf_saying("first"), "consent.pdf"),
        by=coordinator_a,
    )
    files.document_add_version(
        document_id=consent.pk, upload=upload(pdf_saying("signed"), "consent-signed.pdf"), by=coordinator_a
    )
    assessment = files.document_add(
        owner_obj=referral,
        kind="assessment",
        title="Needs assessment",
        upload=upload(png(), "scan.png"),
        by=coordinator_a,
    )
    photo = files.photo_add(
        owner_obj=person_p,
        upload=upload(jpeg_with_gps(), "pat.jpg"),
        alt_text="Pat in the garden",
        consent="Pat agreed, 1 March",
        by=coordinator_a,
    )
    letter = files.document_add(
        owner_obj=person_p,
        kind="letter",
        title="An old letter",
        upload=upload(pdf_saying("old letter"), "letter.pdf"),
        by=coordinator_a,
    )
    files.files_destroy(version_ids=[letter.versions.get().pk])  # its bytes went on an earlier decision
    # Not Pat's: another person's document, and a household's photo.
    files.document_add(
        owner_obj=person_q,
        kind="consent",
        title="Quentin's consent",
        upload=upload(pdf_saying("QUENTIN"), "q.pdf"),
        by=coordinator_a,
    )
    files.photo_add(
        owner_obj=household_x, upload=upload(png(), "home.png"), alt_text="Our home", by=coordinator_a
    )

    archive = _export(client_manager_a, person_p)

    versions = {v.number: v for v in consent.versions.all()}
    expected = {
        f"files/person-{person_p.pk}/consent-to-share-photos-letters-v1.pdf": versions[1].stored_name,
        f"files/person-{person_p.pk}/consent-to-share-photos-letters-v2.pdf": versions[2].stored_name,
        f"files/referral-{referral.pk}/needs-assessment-v1.png": assessment.versions.get().stored_name,
        f"files/person-{person_p.pk}/photo-{photo.pk}.jpg": photo.display_name,
    }
    in_zip = {name for name in archive.namelist() if name.startswith("files/")}
    assert in_zip == set(expected)  # nobody else's files, and no bytes for the destroyed letter
    for name, stored_name in expected.items():
        assert archive.read(name) == (private_files_root / stored_name).read_bytes(), name
    assert archive.read(f"files/person-{person_p.pk}/consent-to-share-photos-letters-v1.pdf") == pdf_saying(
        "first"
    )
    exif, _info = exif_of(archive.read(f"files/person-{person_p.pk}/photo-{photo.pk}.jpg"))
    assert exif == {}  # the display size, re-encoded without the camera's position

    # The tables hold the rows of every file, the destroyed letter's included.
    assert {r["title"] for r in _rows(archive, "records/files.document.csv")} == {
        "Consent to share: photos & letters",
        "Needs assessment",
        "An old letter",
    }
    assert len(_rows(archive, "records/files.documentversion.csv")) == 4
    assert [r["alt_text"] for r in _rows(archive, "records/files.photo.csv")] == ["Pat in the garden"]
    summary = archive.read("summary.html").decode()
    assert "<td>files/</td>" in summary and "<td>4</td>" in summary.split("<td>files/</td>")[1][:200]
    assert "Needs assessment, version 1" in summary and "Photo: Pat in the garden" in summary
    assert "An old letter, version 1" in summary and "destroyed earlier: not included" in summary
    assert "QUENTIN" not in summary and "Quentin" not in summary


def test_a_file_missing_from_storage_is_listed_as_missing_and_the_export_still_comes(
    client_manager_a, coordinator_a, person_p, private_files_root
):
    document = files.document_add(
        owner_obj=person_p,
        kind="letter",
        title="Lost letter",
        upload=upload(pdf(), "l.pdf"),
        by=coordinator_a,
    )
    (private_files_root / document.versions.get().stored_name).unlink()
    archive = _export(client_manager_a, person_p)
    assert not [name for name in archive.namelist() if name.startswith("files/")]
    assert "could not be found in storage" in archive.read("summary.html").decode()


# --- Destruction ----------------------------------------------------------------------------------


def test_destroying_a_person_removes_their_files_from_storage_after_commit_and_counts_them(
    manager_a, coordinator_a, scheme_a, person_q, private_files_root, django_capture_on_commit_callbacks
):
    dora = PersonFactory(scheme=scheme_a, first_name="Dora")
    _old(dora)
    referral = Referral.objects.get(person=dora)
    consent = files.document_add(
        owner_obj=dora,
        kind="consent",
        title="Consent",
        upload=upload(pdf_saying("1"), "c.pdf"),
        by=coordinator_a,
    )
    files.document_add_version(
        document_id=consent.pk, upload=upload(pdf_saying("2"), "c.pdf"), by=coordinator_a
    )
    files.document_add(
        owner_obj=referral,
        kind="assessment",
        title="Assessment",
        upload=upload(png(), "a.png"),
        by=coordinator_a,
    )
    photo = files.photo_add(
        owner_obj=dora,
        upload=upload(png(), "dora.png"),
        alt_text="Dora",
        consent="Dora agreed",
        by=coordinator_a,
    )
    kept = files.document_add(
        owner_obj=person_q, kind="letter", title="Q's letter", upload=upload(pdf(), "q.pdf"), by=coordinator_a
    )
    names = [photo.display_name, photo.thumbnail_name] + list(
        DocumentVersion.objects.filter(
            document__in=Document.objects.of(dora) | Document.objects.of(referral)
        ).values_list("stored_name", flat=True)
    )
    assert len(names) == 5 and all((private_files_root / n).is_file() for n in names)

    with django_capture_on_commit_callbacks() as on_commit:
        record = retention.record_destroy(
            record_type="people.person", object_id=dora.pk, by=manager_a, reason="Retention passed."
        )
        # Until the decision commits, nothing is gone from storage: a rollback would lose nothing.
        assert all((private_files_root / n).is_file() for n in names)
    for callback in on_commit:
        callback()

    assert not any((private_files_root / n).exists() for n in names)
    assert (private_files_root / kept.versions.get().stored_name).is_file()  # Q's letter stays
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not Document.objects.filter(pk=consent.pk).exists()
    assert record.destroyed["files"] == 4  # the photo (both sizes) and three document versions
    assert record.destroyed["files.photo"] == 1
    assert record.destroyed["files.document"] == 2 and record.destroyed["files.documentversion"] == 3
    assert DestructionRecord.objects.get().destroyed["files"] == 4


def test_destroying_a_household_removes_its_photos_and_its_checks_documents(
    manager_a, coordinator_a, household_a, private_files_root, django_capture_on_commit_callbacks
):
    give_mandatory_checks(household_a, by=coordinator_a, done_on=date(2000, 1, 5))
    check = household_a.checks.first()
    certificate = files.document_add(
        owner_obj=check,
        kind="dbs_certificate",
        title="DBS",
        upload=upload(pdf(), "dbs.pdf"),
        by=coordinator_a,
    )
    photos = [
        files.photo_add(owner_obj=household_a, upload=upload(png(), f"{n}.png"), alt_text=n, by=coordinator_a)
        for n in ("Our kitchen", "The spare room")
    ]
    Household.objects.filter(pk=household_a.pk).update(status=Household.Status.WITHDRAWN)
    HouseholdTransition.objects.create(
        household=household_a, from_status="enquiry", to_status="withdrawn", by=coordinator_a
    )
    HouseholdTransition.objects.filter(household=household_a).update(
        at=timezone.now() - timedelta(days=366 * 26)
    )
    names = [certificate.versions.get().stored_name] + [
        n for p in photos for n in (p.display_name, p.thumbnail_name)
    ]
    assert all((private_files_root / n).is_file() for n in names)

    with django_capture_on_commit_callbacks(execute=True):
        record = retention.record_destroy(
            record_type="carers.household", object_id=household_a.pk, by=manager_a, reason="Retention passed."
        )

    assert not any((private_files_root / n).exists() for n in names)
    assert record.destroyed["files"] == 3 and record.destroyed["files.photo"] == 2
    assert not Photo.objects.filter(pk__in=[p.pk for p in photos]).exists()


def test_a_refused_destruction_keeps_every_file(manager_a, coordinator_a, person_p, private_files_root):
    document = files.document_add(
        owner_obj=person_p, kind="letter", title="Letter", upload=upload(pdf(), "l.pdf"), by=coordinator_a
    )
    with pytest.raises(retention.RetentionError):
        retention.record_destroy(record_type="people.person", object_id=person_p.pk, by=manager_a, reason="x")
    version = document.versions.get()
    assert not version.bytes_removed and (private_files_root / version.stored_name).is_file()


def test_the_files_of_a_destroyed_record_are_counted_once_however_often_asked(coordinator_a, person_p):
    photo = files.photo_add(
        owner_obj=person_p,
        upload=upload(png(), "p.png"),
        alt_text="Pat",
        consent="Pat agreed",
        by=coordinator_a,
    )
    assert files.files_destroy(photo_ids=[photo.pk]) == 1
    assert files.files_destroy(photo_ids=[photo.pk]) == 0  # already gone: not counted again
    photo.refresh_from_db()
    assert photo.bytes_removed and not photo.is_main
