"""The rules every change to photos and documents keeps, whichever page or command asks."""

import pytest
from django.core.files.storage import storages

from carers.models import CarerSettings
from sharedlives.files import services
from sharedlives.files.models import Document, Photo, PhotoStatus

from .images import jpeg_with_gps, pdf, png, upload


def stored(name: str) -> bool:
    return storages["private"].exists(name)


def test_a_carers_photo_waits_for_staff_and_a_staff_photo_does_not(household_x, carer_user, coordinator_a):
    by_carer = services.photo_add(
        owner_obj=household_x, upload=upload(jpeg_with_gps(), "a.jpg"), alt_text="Our kitchen", by=carer_user
    )
    by_staff = services.photo_add(
        owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="Our garden", by=coordinator_a
    )
    assert by_carer.status == PhotoStatus.PENDING and by_carer.is_main  # the first is the main photo
    assert by_staff.status == PhotoStatus.APPROVED and not by_staff.is_main
    assert stored(by_carer.display_name) and stored(by_carer.thumbnail_name)
    services.photo_approve(photo_id=by_carer.pk, by=coordinator_a)
    assert Photo.objects.get(pk=by_carer.pk).reviewed_by == coordinator_a


def test_only_staff_approve_and_a_hidden_photo_needs_a_reason(household_x, carer_user, coordinator_a):
    photo = services.photo_add(
        owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="Our hall", by=carer_user
    )
    with pytest.raises(services.FilesError, match="Only the scheme's staff"):
        services.photo_approve(photo_id=photo.pk, by=carer_user)
    with pytest.raises(services.FilesError, match="Say why"):
        services.photo_hide(photo_id=photo.pk, reason=" ", by=coordinator_a)
    services.photo_hide(photo_id=photo.pk, reason="Shows the house number", by=coordinator_a)
    assert Photo.objects.get(pk=photo.pk).status == PhotoStatus.HIDDEN


def test_another_carer_cannot_add_photos_to_a_household(household_x, carer_y_user):
    with pytest.raises(services.FilesError, match="cannot add photos"):
        services.photo_add(
            owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="x", by=carer_y_user
        )
    assert not Photo.objects.exists()


def test_the_schemes_photo_limit_refuses_the_next_one(household_x, carer_user, scheme_a):
    CarerSettings.objects.update_or_create(scheme=scheme_a, defaults={"max_photos": 2})
    for n in range(2):
        services.photo_add(
            owner_obj=household_x, upload=upload(png(), "b.png"), alt_text=f"{n}", by=carer_user
        )
    with pytest.raises(services.FilesError, match="up to 2 photos"):
        services.photo_add(owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="3", by=carer_user)
    assert Photo.objects.count() == 2


def test_order_and_main_photo_are_the_carers_to_choose(household_x, carer_user):
    first, second, third = (
        services.photo_add(owner_obj=household_x, upload=upload(png(), "b.png"), alt_text=t, by=carer_user)
        for t in ("one", "two", "three")
    )
    services.photo_move(photo_id=third.pk, by=carer_user, up=True)
    order = list(Photo.objects.of(household_x).order_by("position").values_list("alt_text", flat=True))
    assert order == ["one", "three", "two"]
    services.photo_make_main(photo_id=second.pk, by=carer_user)
    assert list(Photo.objects.of(household_x).filter(is_main=True)) == [second]


def test_new_words_from_a_carer_go_back_for_approval(household_x, carer_user, coordinator_a):
    photo = services.photo_add(
        owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="Our room", by=coordinator_a
    )
    services.photo_describe(photo_id=photo.pk, alt_text="The spare room, which would be yours", by=carer_user)
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.PENDING and photo.alt_text.startswith("The spare room")


def test_taking_a_photo_down_removes_its_bytes_once_committed(
    household_x, carer_user, django_capture_on_commit_callbacks
):
    photo = services.photo_add(
        owner_obj=household_x, upload=upload(png(), "b.png"), alt_text="x", by=carer_user
    )
    following = services.photo_add(
        owner_obj=household_x, upload=upload(png(), "c.png"), alt_text="y", by=carer_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(photo_id=photo.pk, by=carer_user)
    photo.refresh_from_db()
    assert photo.bytes_removed and photo.status == PhotoStatus.HIDDEN
    assert not stored(photo.display_name) and not stored(photo.thumbnail_name)
    assert Photo.objects.get(pk=following.pk).is_main  # the next one takes its place


def test_a_document_keeps_every_version_and_a_removal_keeps_the_row(household_x, coordinator_a):
    check = household_x.checks.first()
    document = services.document_add(
        owner_obj=check,
        kind="dbs_certificate",
        title="DBS",
        upload=upload(pdf(), "dbs.pdf"),
        by=coordinator_a,
    )
    services.document_add_version(
        document_id=document.pk, upload=upload(pdf(), "dbs-2.pdf"), by=coordinator_a
    )
    assert [v.number for v in document.versions.order_by("number")] == [1, 2]
    assert all(stored(v.stored_name) for v in document.versions.all())
    with pytest.raises(services.FilesError, match="Say why"):
        services.document_remove(document_id=document.pk, reason="", by=coordinator_a)
    services.document_remove(document_id=document.pk, reason="Wrong person's certificate", by=coordinator_a)
    document.refresh_from_db()
    assert document.removed_at and document.removed_reason == "Wrong person's certificate"
    assert Document.objects.current().count() == 0 and Document.objects.count() == 1


def test_a_refused_document_leaves_nothing_behind(household_x, coordinator_a, private_files_root):
    check = household_x.checks.first()
    before = sorted(p for p in private_files_root.rglob("*") if p.is_file())
    with pytest.raises(services.FileRefused, match="its contents are a PNG image"):
        services.document_add(
            owner_obj=check,
            kind="dbs_certificate",
            title="DBS",
            upload=upload(png(), "dbs.pdf"),
            by=coordinator_a,
        )
    with pytest.raises(services.FilesError, match="kind of document"):
        services.document_add(
            owner_obj=check, kind="panel_minutes", title="x", upload=upload(pdf(), "a.pdf"), by=coordinator_a
        )
    assert not Document.objects.exists()
    assert sorted(p for p in private_files_root.rglob("*") if p.is_file()) == before


def test_carers_cannot_add_documents(household_x, carer_user):
    with pytest.raises(services.FilesError, match="cannot add documents"):
        services.document_add(
            owner_obj=household_x.checks.first(),
            kind="dbs_certificate",
            title="DBS",
            upload=upload(pdf(), "dbs.pdf"),
            by=carer_user,
        )
