"""Reading photos and documents for pages, in a fixed number of queries however many records."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from .models import Document, Photo, PhotoStatus


def documents_by_record(model, ids) -> dict[int, list[Document]]:
    """The current documents of each record, newest first, with their versions: two queries."""
    found = defaultdict(list)
    documents = (
        Document.objects.of_many(model, ids)
        .current()
        .select_related("added_by")
        .prefetch_related("versions")
        .order_by("-added_at", "-pk")
    )
    for document in documents:
        found[document.owner_id].append(document)
    return found


def approved_photos(obj) -> list[Photo]:
    """The photos people and families may see of `obj`, main one first, in the chosen order."""
    return list(Photo.objects.of(obj).approved().filter(bytes_removed=False).shown())


def main_photo_id(model, *, approved_only: bool = True) -> Subquery:
    """A subquery for an annotation on `model`'s queryset: the id of each row's main photo (the
    one marked main, else the first in order), approved unless `approved_only` is off; NULL when
    there is none. The photo then comes with the row, in the page's own query."""
    photos = Photo.objects.filter(
        owner_type=ContentType.objects.get_for_model(model), owner_id=OuterRef("pk"), bytes_removed=False
    )
    if approved_only:
        photos = photos.filter(status=PhotoStatus.APPROVED)
    return Subquery(photos.order_by("-is_main", "position", "pk").values("pk")[:1])


def main_photos(model, ids) -> dict[int, Photo]:
    """The main approved photo of each record in `ids`, in one query (for pages built from raw SQL)."""
    found: dict[int, Photo] = {}
    photos = (
        Photo.objects.of_many(model, ids)
        .approved()
        .filter(bytes_removed=False)
        .order_by("owner_id", "-is_main", "position", "pk")
        .distinct("owner_id")
    )
    for photo in photos:
        found[photo.owner_id] = photo
    return found
