"""The one access helper for files: a photo or document is reachable by whoever its record's own
rules let through (registry.Owner), and a 404 for everyone else."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import registry
from .models import Document, DocumentVersion, Photo, PhotoStatus


def _owner_of(row) -> registry.Owner:
    model = ContentType.objects.get_for_id(row.owner_type_id).model_class()
    owner = registry.owner_for_label(model._meta.label_lower) if model else None
    if owner is None:
        raise Http404
    return owner


def record_of(row, user):
    """(owner, record) of a photo or document, if `user` may see the record; else Http404."""
    owner = _owner_of(row)
    return owner, owner.get_for_user(user, row.owner_id)


def get_photo_for_user(user, pk: int) -> tuple[Photo, object | None]:
    """The photo and its record, if `user` may see the photo: anyone who may see its record (staff,
    the household's own carers, the person and their representatives), or, once approved, anyone a
    higher app's rule lets see it (registry.photo_viewers; the record is then None)."""
    photo = get_object_or_404(Photo.objects.filter(bytes_removed=False), pk=pk)
    try:
        return photo, record_of(photo, user)[1]
    except Http404:
        if photo.status == PhotoStatus.APPROVED and any(see(user, photo) for see in registry.photo_viewers):
            return photo, None
        raise


def get_photo_to_change(user, pk: int) -> tuple[Photo, registry.Owner, object]:
    photo = get_object_or_404(Photo.objects.filter(bytes_removed=False), pk=pk)
    owner, record = record_of(photo, user)
    return photo, owner, record


def get_document_for_user(user, pk: int) -> tuple[Document, registry.Owner, object]:
    """The document and its record, if `user` may see the record and its documents."""
    document = get_object_or_404(Document, pk=pk)
    owner, record = record_of(document, user)
    if not owner.sees_documents(user, record):
        raise Http404
    return document, owner, record


def get_version_for_user(user, pk: int) -> tuple[DocumentVersion, registry.Owner, object]:
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), pk=pk, bytes_removed=False
    )
    _, owner, record = get_document_for_user(user, version.document_id)
    return version, owner, record
