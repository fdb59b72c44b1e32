"""Serving files, and the pages that add, arrange, approve and remove them.

Files are only ever read back here: streamed from private storage after the record's access rules
(access.py), as an attachment or an inline image, never from a public address."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from sharedlives.accounts.access import staff_required
from sharedlives.audit.services import access_record

from . import registry, services, storage
from .access import get_document_for_user, get_photo_for_user, get_photo_to_change, get_version_for_user
from .forms import AltTextForm, DocumentForm, HideForm, PhotoForm, RemoveForm, VersionForm
from .models import Photo, PhotoStatus

PHOTO_SIZES = {"display": "display_name", "thumb": "thumbnail_name"}
# Browsers may keep a photo a few minutes, for themselves only: a list of thumbnails is not fetched
# again on every page, and a photo that is hidden stops showing soon after.
PHOTO_CACHE = "private, max-age=300"


def _stream(name: str, *, content_type: str, filename: str, inline: bool, cache: str | None = None):
    try:
        handle = storage.private().open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # The file is only for the signed-in person who asked: no shared cache may keep it.
    response["Cache-Control"] = cache or "private, no-store, max-age=0"
    response.keeps_cache_control = True
    return response


def _log_person(user, owner, record, page: str) -> None:
    person = owner.person(record) if record is not None else None
    if person is not None:
        access_record(user=user, obj=person, page=page)


def photo_file(request, pk: int, size: str):
    """A photo at one of its fixed sizes, for whoever may see it (404 for anyone else)."""
    if size not in PHOTO_SIZES:
        raise Http404
    photo, record = get_photo_for_user(request.user, pk)
    owner = registry.owner_for(photo.owner) if record is None else registry.owner_for(record)
    _log_person(request.user, owner, photo.owner if record is None else record, "photo")
    return _stream(
        getattr(photo, PHOTO_SIZES[size]),
        content_type="image/jpeg",
        filename=f"photo-{photo.pk}-{size}.jpg",
        inline=True,
        cache=PHOTO_CACHE,
    )


def document_download(request, pk: int):
    """One version of a document, as an attachment, for whoever may see the record's documents."""
    version, owner, record = get_version_for_user(request.user, pk)
    _log_person(request.user, owner, record, f"document: {version.document.title}"[:100])
    return _stream(
        version.stored_name, content_type=version.content_type, filename=version.original_name, inline=False
    )


# --- Documents --------------------------------------------------------------------------------------


def _owner_record(request, key: str, pk: int):
    owner = registry.owner(key)
    record = owner.get_for_user(request.user, pk)
    return owner, record


def document_add(request, key: str, pk: int):
    """Attach a document to a record (staff of its scheme)."""
    owner, record = _owner_record(request, key, pk)
    if not owner.kinds or not owner.sees_documents(request.user, record):
        raise Http404
    if not owner.changes_documents(request.user, record):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, kinds=owner.kind_choices)
    if form.is_valid():
        try:
            services.document_add(
                owner_obj=record,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except services.FileRefused as e:
            form.add_error("file", str(e))
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” was added.")
            return redirect(owner.url(record) + "#documents")
    return render(
        request,
        "files/document_add.html",
        {"form": form, "record": record, "owner": owner, "back": owner.url(record) + "#documents"},
    )


def _document_page(request, document, owner, record, *, version_form=None, remove_form=None):
    """The document page, with either form bound to what was just sent (and its errors)."""
    return render(
        request,
        "files/document_detail.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "record": record,
            "owner": owner,
            "may_change": owner.changes_documents(request.user, record) and not document.removed_at,
            "version_form": version_form or VersionForm(),
            "remove_form": remove_form or RemoveForm(),
            "back": owner.url(record) + "#documents",
        },
    )


def document_detail(request, pk: int):
    """A document with every version, a new version to upload and the way to remove it."""
    document, owner, record = get_document_for_user(request.user, pk)
    return _document_page(request, document, owner, record)


def _document_to_change(request, pk):
    document, owner, record = get_document_for_user(request.user, pk)
    if not owner.changes_documents(request.user, record):
        raise PermissionDenied
    return document, owner, record


@require_POST
def document_version_add(request, pk: int):
    document, owner, record = _document_to_change(request, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add_version(
                document_id=document.pk, upload=form.cleaned_data["file"], by=request.user
            )
        except services.FileRefused as e:
            form.add_error("file", str(e))
        else:
            messages.success(request, "The new version was added; the earlier ones are kept.")
            return redirect("files:document_detail", pk=document.pk)
    return _document_page(request, document, owner, record, version_form=form)


@require_POST
def document_remove(request, pk: int):
    document, owner, record = _document_to_change(request, pk)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.document_remove(
                document_id=document.pk, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.FilesError as e:
            messages.error(request, str(e))
            return redirect("files:document_detail", pk=document.pk)
        messages.success(request, f"“{document.title}” was removed. It stays in the record's history.")
        return redirect(owner.url(record) + "#documents")
    return _document_page(request, document, owner, record, remove_form=form)


# --- Photos -----------------------------------------------------------------------------------------


def photos(request, key: str, pk: int):
    """A record's photos: add one, put them in order, choose the main one; staff approve and hide."""
    owner, record = _owner_record(request, key, pk)
    if not owner.max_photos(record):
        raise Http404
    may_change = owner.changes_photos(request.user, record)
    form = PhotoForm(request.POST or None, request.FILES or None, needs_consent=owner.photo_needs_consent)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                photo = services.photo_add(
                    owner_obj=record,
                    upload=form.cleaned_data["photo"],
                    alt_text=form.cleaned_data["alt_text"],
                    consent=form.cleaned_data.get("consent", ""),
                    by=request.user,
                )
            except services.FileRefused as e:
                form.add_error("photo", str(e))
            else:
                messages.success(
                    request,
                    "The photo was added."
                    if photo.is_approved
                    else "The photo was added. The scheme will check it before anyone else sees it.",
                )
                return redirect("files:photos", key=key, pk=pk)
    shown = Photo.objects.of(record).filter(bytes_removed=False).order_by("position", "pk")
    return render(
        request,
        "files/photos.html",
        {
            "owner": owner,
            "record": record,
            "photos": list(shown),
            "form": form,
            "may_change": may_change,
            "is_staff": owner.is_staff(request.user, record),
            "limit": owner.max_photos(record),
            "back": owner.url(record),
        },
    )


def _photo_action(request, pk: int, action, success: str):
    photo, owner, record = get_photo_to_change(request.user, pk)
    try:
        action(photo)
    except services.FilesError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect("files:photos", key=owner.key, pk=record.pk)


@require_POST
def photo_approve(request, pk: int):
    return _photo_action(
        request,
        pk,
        lambda p: services.photo_approve(photo_id=p.pk, by=request.user),
        "The photo is approved.",
    )


@require_POST
def photo_hide(request, pk: int):
    form = HideForm(request.POST)
    if not form.is_valid():
        photo, owner, record = get_photo_to_change(request.user, pk)
        messages.error(request, "Say why the photo is being hidden.")
        return redirect("files:photos", key=owner.key, pk=record.pk)
    return _photo_action(
        request,
        pk,
        lambda p: services.photo_hide(photo_id=p.pk, reason=form.cleaned_data["reason"], by=request.user),
        "The photo is hidden from people and families.",
    )


@require_POST
def photo_main(request, pk: int):
    return _photo_action(
        request,
        pk,
        lambda p: services.photo_make_main(photo_id=p.pk, by=request.user),
        "That is now the main photo.",
    )


@require_POST
def photo_move(request, pk: int, direction: str):
    if direction not in ("up", "down"):
        raise Http404
    return _photo_action(
        request,
        pk,
        lambda p: services.photo_move(photo_id=p.pk, by=request.user, up=direction == "up"),
        "The order was changed.",
    )


@require_POST
def photo_remove(request, pk: int):
    return _photo_action(
        request,
        pk,
        lambda p: services.photo_remove(photo_id=p.pk, by=request.user),
        "The photo was taken down.",
    )


def photo_describe(request, pk: int):
    """Change the words that say what a photo shows."""
    photo, owner, record = get_photo_to_change(request.user, pk)
    if not owner.changes_photos(request.user, record):
        raise PermissionDenied
    form = AltTextForm(request.POST or None, initial={"alt_text": photo.alt_text})
    if form.is_valid():
        try:
            services.photo_describe(
                photo_id=photo.pk, alt_text=form.cleaned_data["alt_text"], by=request.user
            )
        except services.FilesError as e:
            form.add_error("alt_text", str(e))
        else:
            messages.success(request, "The words were changed.")
            return redirect("files:photos", key=owner.key, pk=record.pk)
    return render(
        request,
        "files/photo_describe.html",
        {"form": form, "photo": photo, "back": reverse("files:photos", args=[owner.key, record.pk])},
    )


@staff_required
def photo_queue(request):
    """Photos carers have added that wait for staff to approve them, across the user's schemes."""
    waiting = (
        Photo.objects.filter(
            scheme_id__in=request.user.staff_scheme_ids, status=PhotoStatus.PENDING, bytes_removed=False
        )
        .select_related("scheme", "uploaded_by", "owner_type")
        .prefetch_related("owner")
        .order_by("uploaded_at", "pk")[:200]
    )
    rows = []
    for photo in waiting:
        owner = registry.owner_for_label(photo.owner_type.model_class()._meta.label_lower)
        rows.append((photo, owner))
    return render(request, "files/photo_queue.html", {"rows": rows})
