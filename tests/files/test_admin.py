"""Photos and documents in the Django admin: the superuser lists, searches and opens them, cannot
add or delete them or touch their bytes, and approves or hides photos through the services."""

import re

import pytest
from django.urls import reverse

from sharedlives.files import services
from sharedlives.files.models import DocumentVersion, Photo, PhotoStatus
from tests.people.factories import PersonFactory

from .images import pdf, png, upload


@pytest.fixture
def pending(household_x, carer_user):
    """A photo carer X added: waiting for staff."""
    return services.photo_add(
        owner_obj=household_x, upload=upload(png(), "kitchen.png"), alt_text="Our kitchen", by=carer_user
    )


@pytest.fixture
def approved(household_x, coordinator_a):
    return services.photo_add(
        owner_obj=household_x, upload=upload(png(), "garden.png"), alt_text="Our garden", by=coordinator_a
    )


@pytest.fixture
def document(scheme_a, coordinator_a):
    """A consent form on a person's record, uploaded twice (two versions)."""
    person = PersonFactory(scheme=scheme_a)
    document = services.document_add(
        owner_obj=person,
        kind="consent",
        title="Consent to photos",
        upload=upload(pdf(), "a.pdf"),
        by=coordinator_a,
    )
    services.document_add_version(document_id=document.pk, upload=upload(pdf(), "b.pdf"), by=coordinator_a)
    return document


def _inputs(html: str) -> set[str]:
    """The names of the form fields a page lets someone fill in."""
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))


def _action(client, model: str, action: str, photos) -> None:
    response = client.post(
        reverse(f"admin:files_{model}_changelist"),
        {"action": action, "_selected_action": [p.pk for p in photos]},
    )
    assert response.status_code == 302


def test_superuser_lists_searches_and_opens_photos_and_documents(client_admin, pending, approved, document):
    photos = reverse("admin:files_photo_changelist")
    listed = client_admin.get(photos)
    assert listed.status_code == 200
    assert "Our kitchen" in listed.text and "Our garden" in listed.text
    found = client_admin.get(photos, {"q": "kitchen"}).text
    assert "Our kitchen" in found and "Our garden" not in found
    assert "Our kitchen" in client_admin.get(photos, {"status__exact": "pending"}).text

    documents = client_admin.get(reverse("admin:files_document_changelist"), {"q": "Consent"})
    assert documents.status_code == 200 and "Consent to photos" in documents.text
    page = client_admin.get(reverse("admin:files_document_change", args=[document.pk]))
    assert page.status_code == 200
    # Both versions are listed, and the link goes to the app's page that serves them.
    assert "a.pdf" in page.text and "b.pdf" in page.text
    assert reverse("files:document_detail", args=[document.pk]) in page.text
    assert client_admin.get(reverse("admin:files_photo_change", args=[pending.pk])).status_code == 200


@pytest.mark.parametrize("model", ["photo", "document"])
def test_superuser_cannot_add_or_delete_photos_or_documents(client_admin, pending, document, model):
    obj = {"photo": pending, "document": document}[model]
    assert client_admin.get(reverse(f"admin:files_{model}_add")).status_code == 403
    assert client_admin.post(reverse(f"admin:files_{model}_add"), {"title": "x"}).status_code == 403
    delete = reverse(f"admin:files_{model}_delete", args=[obj.pk])
    assert client_admin.post(delete, {"post": "yes"}).status_code == 403
    changelist = client_admin.get(reverse(f"admin:files_{model}_changelist")).text
    assert "delete_selected" not in changelist
    # And no bulk delete through the action either: the row is still there.
    client_admin.post(
        reverse(f"admin:files_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_photos_bytes_and_status_cannot_be_changed_in_the_admin_only_its_words(client_admin, pending):
    change = reverse("admin:files_photo_change", args=[pending.pk])
    assert (
        _inputs(client_admin.get(change).text) & {"display_name", "thumbnail_name", "status", "is_main"}
        == set()
    )

    response = client_admin.post(
        change,
        {
            "alt_text": "Our kitchen, with the big table",
            "consent": "",
            "display_name": "photos/somebody-elses.jpg",
            "thumbnail_name": "photos/somebody-elses.jpg",
            "status": PhotoStatus.APPROVED,
            "bytes_removed": "on",
        },
    )

    assert response.status_code == 302
    photo = Photo.objects.get(pk=pending.pk)
    assert photo.alt_text == "Our kitchen, with the big table"
    assert (photo.display_name, photo.thumbnail_name) == (pending.display_name, pending.thumbnail_name)
    assert photo.status == PhotoStatus.PENDING and not photo.bytes_removed


def test_a_documents_files_cannot_be_changed_in_the_admin(client_admin, document):
    change = reverse("admin:files_document_change", args=[document.pk])
    file_fields = {"stored_name", "original_name", "content_type", "size", "sha256", "bytes_removed"}
    fields = {name.rsplit("-", 1)[-1] for name in _inputs(client_admin.get(change).text)}
    assert fields & (file_fields | {"kind", "removed_at", "removed_reason"}) == set()
    versions = DocumentVersion.objects.filter(document=document).order_by("number")
    before = list(versions.values_list("stored_name", "original_name", "sha256", "size"))

    response = client_admin.post(
        change,
        {
            "title": "Consent to photos (signed)",
            "kind": "other",
            "versions-TOTAL_FORMS": "2",
            "versions-INITIAL_FORMS": "2",
            **{f"versions-{i}-id": v.pk for i, v in enumerate(versions)},
            **{f"versions-{i}-document": document.pk for i in range(2)},
            "versions-0-stored_name": "documents/somebody-elses.pdf",
            "versions-0-DELETE": "on",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.kind) == ("Consent to photos (signed)", "consent")
    assert list(versions.values_list("stored_name", "original_name", "sha256", "size")) == before


def test_approve_action_approves_a_waiting_photo_through_the_service(
    client_admin, admin_user, pending, approved
):
    reviewed_at = approved.reviewed_at

    _action(client_admin, "photo", "approve", [pending, approved])

    pending.refresh_from_db()
    approved.refresh_from_db()
    assert pending.status == PhotoStatus.APPROVED
    assert pending.reviewed_by == admin_user and pending.reviewed_at is not None
    # One already approved is left as it was.
    assert approved.reviewed_at == reviewed_at and approved.reviewed_by != admin_user


def test_hide_action_hides_photos_with_a_reason_through_the_service(
    client_admin, admin_user, pending, approved
):
    _action(client_admin, "photo", "hide", [pending, approved])

    for photo in Photo.objects.filter(pk__in=[pending.pk, approved.pk]):
        assert photo.status == PhotoStatus.HIDDEN
        assert photo.hidden_reason == "Hidden by an administrator"
        assert photo.reviewed_by == admin_user
    # Hidden, not removed: the bytes stay, as after a hide on the app's own pages.
    assert not Photo.objects.filter(bytes_removed=True).exists()
