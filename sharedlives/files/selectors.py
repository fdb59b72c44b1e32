"""Reading photos and documents for pages, in a fixed number of queries however many records."""

import operator
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery

from .models import Document, DocumentVersion, Photo, PhotoStatus


def documents_by_records(records: dict[type, Iterable[int]]) -> dict[type, dict[int, list[Document]]]:
    """The current documents of records of several kinds ({model: ids}), in one query however many
    records and documents: {model: {id: [documents, newest first]}} (a record without documents
    maps to an empty list).

    Each document comes with who added it and, instead of its versions, `latest_number` (the newest
    version's number) and `download_id` (the newest version whose file is still kept, or None): all
    a list of documents shows (templates/files/documents_panel.html)."""
    found: dict[type, dict[int, list[Document]]] = {model: defaultdict(list) for model in records}
    models_by_type, wanted = {}, []
    for model, ids in records.items():
        content_type = ContentType.objects.get_for_model(model)
        models_by_type[content_type.pk] = model
        if ids := list(ids):
            wanted.append(Q(owner_type=content_type, owner_id__in=ids))
    if not wanted:
        return found
    versions = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    documents = (
        Document.objects.filter(reduce(operator.or_, wanted))
        .current()
        .select_related("added_by")
        .annotate(
            latest_number=Subquery(versions.values("number")[:1]),
            download_id=Subquery(versions.filter(bytes_removed=False).values("pk")[:1]),
        )
        .order_by("-added_at", "-pk")
    )
    for document in documents:
        found[models_by_type[document.owner_type_id]][document.owner_id].append(document)
    return found


def documents_by_record(model, ids) -> dict[int, list[Document]]:
    """The current documents of each record of `model` in `ids`, newest first: one query (none for
    no ids). See documents_by_records for what each document comes with."""
    return documents_by_records({model: ids})[model]


def approved_photos(obj) -> list[Photo]:
    """The photos people and families may see of `obj`, main one first, in the chosen order."""
    return list(Photo.objects.of(obj).approved().filter(bytes_removed=False).shown())


def main_photo_id(model, *, approved_only: bool = True, exclude_hidden: bool = False) -> Subquery:
    """A subquery for an annotation on `model`'s queryset: the id of each row's main photo (the
    one marked main, else the first in order), approved unless `approved_only` is off (then
    `exclude_hidden` leaves out the photos staff hid: the staff pages' thumbnails); NULL when
    there is none. The photo then comes with the row, in the page's own query."""
    photos = Photo.objects.filter(
        owner_type=ContentType.objects.get_for_model(model), owner_id=OuterRef("pk"), bytes_removed=False
    )
    if approved_only:
        photos = photos.filter(status=PhotoStatus.APPROVED)
    elif exclude_hidden:
        photos = photos.exclude(status=PhotoStatus.HIDDEN)
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
