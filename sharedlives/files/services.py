"""Every change to photos and documents. Each checks who is asking against the record's rules
(registry.py), stores the bytes first and removes them again if the row cannot be written."""

import hashlib
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import registry, storage
from .content import FileRefused, check_document, check_size, process_photo
from .models import Document, DocumentVersion, Photo, PhotoStatus


class FilesError(FileRefused):
    """A change to a photo or document was refused."""


def _read(upload) -> bytes:
    check_size(upload.size or 0)
    upload.seek(0)
    return upload.read()


def _lock_owner(obj):
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def _stored(names: list[str], write):
    """Run `write()`; if it fails, remove the files just stored under `names`."""
    try:
        return write()
    except BaseException:
        for name in names:
            storage.delete(name)
        raise


# --- Documents ------------------------------------------------------------------------------------


def _version(document: Document, *, upload, by, number: int) -> DocumentVersion:
    data = _read(upload)
    checked = check_document(data, upload.name)
    name = storage.save(checked.data, folder="documents", extension=checked.type.extensions[0])
    return _stored(
        [name],
        lambda: DocumentVersion.objects.create(
            document=document,
            number=number,
            stored_name=name,
            original_name=(upload.name or "document")[-255:],
            content_type=checked.type.mime,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            uploaded_by=by,
        ),
    )


@transaction.atomic
def document_add(*, owner_obj, kind: str, title: str, upload, by) -> Document:
    """Attach a new document to `owner_obj`. Refused (FileRefused) for a file that is not what its
    name says, of a type not kept, too large or empty; nothing is stored then."""
    owner = registry.owner_for(owner_obj)
    if not owner.changes_documents(by, owner_obj):
        raise FilesError("You cannot add documents to this record.")
    if kind not in owner.kinds:
        raise FilesError("Choose what kind of document this is.")
    document = Document.objects.create(
        scheme_id=owner.scheme_id(owner_obj),
        owner_type=ContentType.objects.get_for_model(owner_obj),
        owner_id=owner_obj.pk,
        kind=kind,
        title=title.strip(),
        added_by=by,
    )
    _version(document, upload=upload, by=by, number=1)
    return document


@transaction.atomic
def document_add_version(*, document_id: int, upload, by) -> DocumentVersion:
    """A new file for the document; the earlier versions stay and can still be opened."""
    document = Document.objects.select_for_update().get(pk=document_id)
    owner_obj = document.owner
    if not registry.owner_for(owner_obj).changes_documents(by, owner_obj):
        raise FilesError("You cannot change this document.")
    if document.removed_at:
        raise FilesError("This document was removed; add it again as a new document.")
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return _version(document, upload=upload, by=by, number=number)


@transaction.atomic
def document_remove(*, document_id: int, reason: str, by) -> Document:
    """Take a document off its record. The row, its versions and its history stay."""
    document = Document.objects.select_for_update().get(pk=document_id)
    owner_obj = document.owner
    if not registry.owner_for(owner_obj).changes_documents(by, owner_obj):
        raise FilesError("You cannot remove this document.")
    if document.removed_at:
        raise FilesError("This document has already been removed.")
    if not reason.strip():
        raise FilesError("Say why the document is being removed.")
    document.removed_at = timezone.now()
    document.removed_by = by
    document.removed_reason = reason.strip()
    document.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    return document


# --- Photos ---------------------------------------------------------------------------------------


def _photos_of(owner_obj):
    return Photo.objects.of(owner_obj).filter(bytes_removed=False)


@transaction.atomic
def photo_add(*, owner_obj, upload, alt_text: str, by, consent: str = "") -> Photo:
    """Add a photo to `owner_obj`: re-encoded (content.process_photo), at the end of the order, the
    main photo if it is the first. Staff's own uploads are approved as they are added; carers' wait
    for staff. Refused past the record's photo limit."""
    owner = registry.owner_for(owner_obj)
    if not owner.changes_photos(by, owner_obj):
        raise FilesError("You cannot add photos here.")
    if not alt_text.strip():
        raise FilesError("Say in plain words what the photo shows.")
    if owner.photo_needs_consent and not consent.strip():
        raise FilesError("Record who agreed to this photo being taken and shown.")
    owner_obj = _lock_owner(owner_obj)
    existing = _photos_of(owner_obj).exclude(status=PhotoStatus.HIDDEN)
    limit = owner.max_photos(owner_obj)
    if existing.count() >= limit:
        raise FilesError(
            f"There can be up to {limit} photo{'s' if limit != 1 else ''} here. "
            "Take one down before adding another."
        )
    processed = process_photo(_read(upload), upload.name)
    display = storage.save(processed.display, folder="photos", extension=".jpg")
    thumbnail = storage.save(processed.thumbnail, folder="photos", extension=".jpg")
    by_staff = owner.is_staff(by, owner_obj)
    now = timezone.now()

    def write():
        return Photo.objects.create(
            scheme_id=owner.scheme_id(owner_obj),
            owner_type=ContentType.objects.get_for_model(owner_obj),
            owner_id=owner_obj.pk,
            alt_text=alt_text.strip(),
            consent=consent.strip(),
            status=PhotoStatus.APPROVED if by_staff else PhotoStatus.PENDING,
            reviewed_by=by if by_staff else None,
            reviewed_at=now if by_staff else None,
            position=(existing.aggregate(p=Max("position"))["p"] or 0) + 1,
            is_main=not _photos_of(owner_obj).filter(is_main=True).exists(),
            display_name=display,
            thumbnail_name=thumbnail,
            width=processed.width,
            height=processed.height,
            uploaded_by=by,
        )

    return _stored([display, thumbnail], write)


def _photo_for_change(photo_id: int, by) -> Photo:
    photo = Photo.objects.select_for_update().get(pk=photo_id)
    owner_obj = photo.owner
    if not registry.owner_for(owner_obj).changes_photos(by, owner_obj):
        raise FilesError("You cannot change this photo.")
    return photo


def _photo_for_review(photo_id: int, by) -> Photo:
    photo = Photo.objects.select_for_update().get(pk=photo_id)
    if not (by.is_superuser or registry.staff_of_scheme(by, photo)):
        raise FilesError("Only the scheme's staff can approve or hide photos.")
    return photo


@transaction.atomic
def photo_approve(*, photo_id: int, by) -> Photo:
    """People and families may see the photo from now on."""
    photo = _photo_for_review(photo_id, by)
    photo.status, photo.reviewed_by, photo.reviewed_at, photo.hidden_reason = (
        PhotoStatus.APPROVED,
        by,
        timezone.now(),
        "",
    )
    photo.save(update_fields=["status", "reviewed_by", "reviewed_at", "hidden_reason"])
    return photo


@transaction.atomic
def photo_hide(*, photo_id: int, reason: str, by) -> Photo:
    """Nobody but staff and the record's own carers sees the photo any more. The reason is kept."""
    photo = _photo_for_review(photo_id, by)
    if not reason.strip():
        raise FilesError("Say why the photo is being hidden.")
    photo.status, photo.reviewed_by, photo.reviewed_at, photo.hidden_reason = (
        PhotoStatus.HIDDEN,
        by,
        timezone.now(),
        reason.strip(),
    )
    photo.save(update_fields=["status", "reviewed_by", "reviewed_at", "hidden_reason"])
    return photo


@transaction.atomic
def photo_describe(*, photo_id: int, alt_text: str, by) -> Photo:
    """New words for the photo. From a carer they wait for staff approval again, as a new photo would."""
    photo = _photo_for_change(photo_id, by)
    if not alt_text.strip():
        raise FilesError("Say in plain words what the photo shows.")
    photo.alt_text = alt_text.strip()
    fields = ["alt_text"]
    if photo.status == PhotoStatus.APPROVED and not registry.staff_of_scheme(by, photo):
        photo.status, photo.reviewed_by, photo.reviewed_at = PhotoStatus.PENDING, None, None
        fields += ["status", "reviewed_by", "reviewed_at"]
    photo.save(update_fields=fields)
    return photo


@transaction.atomic
def photo_make_main(*, photo_id: int, by) -> Photo:
    photo = _photo_for_change(photo_id, by)
    _lock_owner(photo.owner)
    Photo.objects.of(photo.owner).filter(is_main=True).exclude(pk=photo.pk).update(is_main=False)
    photo.is_main = True
    photo.save(update_fields=["is_main"])
    return photo


@transaction.atomic
def photo_move(*, photo_id: int, by, up: bool) -> Photo:
    """Swap the photo with the one before it (`up`) or after it in the household's order."""
    photo = _photo_for_change(photo_id, by)
    siblings = list(_photos_of(_lock_owner(photo.owner)).order_by("position", "pk"))
    index = next(i for i, p in enumerate(siblings) if p.pk == photo.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Photo.objects.filter(pk=sibling.pk).update(position=position)
    photo.refresh_from_db()
    return photo


@transaction.atomic
def photo_remove(*, photo_id: int, by) -> None:
    """A carer or staff take a photo down: hidden from everyone, kept in history; the bytes go."""
    photo = _photo_for_change(photo_id, by)
    names = [photo.display_name, photo.thumbnail_name]
    photo.status = PhotoStatus.HIDDEN
    photo.hidden_reason = photo.hidden_reason or "Taken down"
    photo.bytes_removed = True
    was_main, photo.is_main = photo.is_main, False
    photo.save(update_fields=["status", "hidden_reason", "bytes_removed", "is_main"])
    if was_main:
        following = _photos_of(photo.owner).exclude(status=PhotoStatus.HIDDEN).order_by("position", "pk")
        following.filter(pk__in=following.values("pk")[:1]).update(is_main=True)
    transaction.on_commit(lambda: storage.delete_all(names))


# --- Destruction ----------------------------------------------------------------------------------


def files_destroy(*, photo_ids: Iterable[int] = (), version_ids: Iterable[int] = ()) -> int:
    """Remove the bytes of these photos (both sizes) and document versions, on a retention decision.

    The rows are marked `bytes_removed` in the caller's transaction (a row that stays says a file
    was there; retention deletes the rows too). The bytes are deleted only once that transaction
    commits, so a rollback loses nothing; a file the storage cannot delete then is logged by name.
    Returns how many files went: a photo counts once, with its two sizes; a file whose bytes were
    already removed is not counted again."""
    photos = Photo.objects.select_for_update().filter(pk__in=list(photo_ids), bytes_removed=False)
    versions = DocumentVersion.objects.select_for_update().filter(
        pk__in=list(version_ids), bytes_removed=False
    )
    names = [name for pair in photos.values_list("display_name", "thumbnail_name") for name in pair]
    names += versions.values_list("stored_name", flat=True)
    count = photos.update(bytes_removed=True, is_main=False) + versions.update(bytes_removed=True)
    if names:
        transaction.on_commit(lambda: storage.delete_all(names))
    return count
