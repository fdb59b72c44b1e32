"""Subject access export: everything held about one person, as a zip of CSV and JSON files with an
HTML summary to read first.

It is built from the same walk over the database that retention uses (`retention.collect`), so
records added by any app (referrals, proposals, arrangements, bookings, reviews...) are included
without being listed here; the person's JSON record and history come from the people app (registry).
The photos and documents attached to any of those records come as the files themselves, under
files/<record>-<id>/.
"""

import csv
import io
import json
import logging
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from sharedlives import history
from sharedlives.csvfiles import csv_safe
from sharedlives.files import registry as files_registry
from sharedlives.files import storage
from sharedlives.files.models import DocumentVersion, Photo

from . import registry
from .models import AccessLog
from .retention import _children, collect, history_of

logger = logging.getLogger(__name__)

# Columns never exported: secrets and bookkeeping that say nothing about the person.
NEVER_EXPORTED = {"password", "token_hash", "session_epoch"}


def _cell(value) -> str:
    """CSV cell text. Spreadsheets run cells that start with = + - @ as formulas: make them plain text."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return csv_safe(value)


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()  # the byte-order mark lets spreadsheets read UTF-8


def _table(model, pks) -> tuple[str, int]:
    fields = [f for f in model._meta.concrete_fields if f.name not in NEVER_EXPORTED]
    columns = [f.attname for f in fields]
    rows = model._base_manager.filter(pk__in=pks).order_by("pk").values_list(*columns)
    rows = list(rows)
    return _csv(columns, rows), len(rows)


def _history(rows) -> tuple[str, int]:
    """Every snapshot of the rows, oldest first, with the raw values that changed: for the record, not
    in words (the summary says it in words, through `history.describe`)."""
    events = []
    for event_model, pks in history_of(rows):
        label = event_model.pgh_tracked_model._meta.label_lower
        for event in event_model._base_manager.filter(pgh_obj_id__in=pks).select_related("pgh_context"):
            events.append((event.pgh_created_at, event.pgh_id, label, event, history.context_of(event)))
    events.sort(key=lambda item: (item[0], item[1]))
    names = history.users_named(c for *_, c in events)
    previous: dict[tuple, dict] = {}
    lines = []
    for at, _pk, label, event, context in events:
        before = previous.get((label, event.pgh_obj_id), {})
        after = {
            f.attname: getattr(event, f.attname)
            for f in event._meta.concrete_fields
            if not f.name.startswith("pgh_")
        }
        changed = {
            key: [before.get(key), after.get(key)]
            for key in after
            if key not in NEVER_EXPORTED and before.get(key) != after.get(key)
        }
        previous[(label, event.pgh_obj_id)] = after
        user = names.get(context.get("user"))
        lines.append(
            (at, label, event.pgh_obj_id, event.pgh_label, user or "", context.get("url", ""), changed)
        )
    header = ["at", "record_type", "record_id", "change", "by", "page", "changed_from_to"]
    return _csv(header, lines), len(lines)


def _access_log(person) -> tuple[str, list]:
    entries = list(AccessLog.objects.for_object(person).select_related("user").order_by("at"))
    rows = [(e.at, e.user, e.user.get_kind_display(), e.page) for e in entries]
    return _csv(["at", "who", "role", "page"], rows), entries


@dataclass(frozen=True)
class ExportedFile:
    """A photo or document version in the export: its place in the zip and what it is, in words.
    `stored_name` is empty when its bytes are not there (destroyed earlier, or missing)."""

    path: str
    what: str
    stored_name: str
    uploaded_at: object
    note: str = ""

    @property
    def included(self) -> bool:
        return bool(self.stored_name)


def _record_folder(owner_type_id: int, owner_id: int) -> str:
    """files/<record>-<id>: the record as its address names it ("referral-12", "check-3")."""
    model = ContentType.objects.get_for_id(owner_type_id).model_class()
    owner = files_registry.owner_for_label(model._meta.label_lower) if model else None
    key = owner.key if owner else slugify(model._meta.model_name if model else "record")
    return f"files/{key}-{owner_id}"


def _unique(path: str, taken: set) -> str:
    """`path`, or `path` with -2, -3... before its extension if another file already has it."""
    stem, suffix = str(PurePath(path).with_suffix("")), PurePath(path).suffix
    candidate, n = path, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def _exported(path: str, what: str, *, name: str, removed: bool, uploaded_at) -> ExportedFile:
    if removed:
        return ExportedFile(
            path, what, "", uploaded_at, "The file itself was destroyed earlier: not included."
        )
    if not storage.private().exists(name):
        logger.error("Subject access export: %s is missing from private storage.", name)
        return ExportedFile(
            path, what, "", uploaded_at, "The file could not be found in storage: not included."
        )
    return ExportedFile(path, what, name, uploaded_at)


def _files(rows) -> list[ExportedFile]:
    """Every photo (at display size) and every version of every document among `rows`."""
    taken: set[str] = set()
    found = []
    photos = Photo._base_manager.filter(pk__in=rows.get(Photo, ())).order_by("owner_type", "owner_id", "pk")
    for photo in photos:
        path = _unique(f"{_record_folder(photo.owner_type_id, photo.owner_id)}/photo-{photo.pk}.jpg", taken)
        what = f"Photo: {photo.alt_text}" + (f" (consent: {photo.consent})" if photo.consent else "")
        found.append(
            _exported(
                path,
                what,
                name=photo.display_name,
                removed=photo.bytes_removed,
                uploaded_at=photo.uploaded_at,
            )
        )
    versions = (
        DocumentVersion._base_manager.filter(pk__in=rows.get(DocumentVersion, ()))
        .select_related("document")
        .order_by("document__owner_type", "document__owner_id", "document_id", "number")
    )
    for version in versions:
        document = version.document
        extension = PurePath(version.stored_name).suffix or PurePath(version.original_name).suffix
        folder = _record_folder(document.owner_type_id, document.owner_id)
        name = f"{slugify(document.title)[:80] or 'document'}-v{version.number}{extension.lower()}"
        what = (
            f"{document.get_kind_display()}: {document.title}, version {version.number}"
            f" ({version.original_name}, added {timezone.localtime(version.uploaded_at):%d %B %Y})"
        )
        if document.removed_at:
            what += f"; taken off the record on {timezone.localtime(document.removed_at):%d %B %Y}"
        found.append(
            _exported(
                _unique(f"{folder}/{name}", taken),
                what,
                name=version.stored_name,
                removed=version.bytes_removed,
                uploaded_at=version.uploaded_at,
            )
        )
    return found


def _write_file(archive: zipfile.ZipFile, exported: ExportedFile) -> None:
    # Stored as they are: photos, PDFs and Word files are compressed already.
    info = zipfile.ZipInfo(exported.path, date_time=timezone.localtime(exported.uploaded_at).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    with storage.private().open(exported.stored_name, "rb") as source, archive.open(info, "w") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)


def _plural(n: int) -> str:
    return f"{n} record{'' if n == 1 else 's'} withheld"


def withhold(rows: dict) -> tuple[dict, list[tuple[str, str, int]]]:
    """`rows` without those the apps withhold from the person (registry.export_withheld) and
    without everything belonging to those (their status changes, notifications, documents), and
    the summary's lines about them: per kind of record and reason, how many, never their content."""
    withheld: dict = {}
    lines = []
    for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.label):
        rule = registry.export_withheld.get(model._meta.label_lower)
        if rule is None:
            continue
        found = model._base_manager.filter(pk__in=pks).filter(rule.rows())
        reasons: dict[str, int] = {}
        for pk, reason in found.values_list("pk", rule.reason_field or "pk").order_by("pk"):
            withheld.setdefault(model, set()).add(pk)
            text = str(reason).strip() if rule.reason_field else rule.reason
            reasons[text] = reasons.get(text, 0) + 1
        name = str(model._meta.verbose_name_plural).capitalize()
        for reason, n in reasons.items():
            lines.append(("(withheld)", f"{name}: {_plural(n)}: {reason}", n))
    roots = {model: set(pks) for model, pks in withheld.items()}
    # What belongs to a withheld row says what it holds: it is withheld with it.
    queue = list(roots.items())
    while queue:
        model, pks = queue.pop()
        for child, child_rows in _children(model, pks):
            held = rows.get(child, set())
            new = (set(child_rows.values_list("pk", flat=True)) & held) - withheld.get(child, set())
            if new:
                withheld.setdefault(child, set()).update(new)
                queue.append((child, new))
    for model, pks in sorted(withheld.items(), key=lambda item: item[0]._meta.label):
        extra = len(pks - roots.get(model, set()))
        if extra:
            name = str(model._meta.verbose_name_plural).capitalize()
            lines.append(
                ("(withheld)", f"{name}: {_plural(extra)}: they belong to records withheld above", extra)
            )
    kept = {model: pks - withheld.get(model, set()) for model, pks in rows.items()}
    return {model: pks for model, pks in kept.items() if pks}, lines


def person_subject_access_zip(person, *, by) -> bytes:
    """The zip file of everything held about `person`, less what the apps withhold from the person
    (the summary says how many records of each kind and why). The caller logs the export."""
    rows, withheld = withhold(collect(person))
    files: dict[str, str] = {}
    contents = []
    for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.label):
        name = f"records/{model._meta.label_lower}.csv"
        files[name], count = _table(model, pks)
        contents.append((name, str(model._meta.verbose_name_plural).capitalize(), count))
    files["history.csv"], history_count = _history(rows)
    contents.append(
        ("history.csv", "Every recorded change, with who made it, before and after", history_count)
    )
    files["access_log.csv"], looked = _access_log(person)
    contents.append(("access_log.csv", "Who looked at the record, and when", len(looked)))
    record = registry.ask("person_export_data")(person)
    files["record.json"] = json.dumps(record, indent=2, cls=DjangoJSONEncoder, ensure_ascii=False)
    contents.append(("record.json", "The person's record as one JSON document", 1))
    contents.extend(withheld)
    attached = _files(rows)
    if attached:
        contents.append(
            (
                "files/",
                "Photos and documents, the files themselves (each listed below)",
                sum(exported.included for exported in attached),
            )
        )
    files["summary.html"] = render_to_string(
        "audit/export_summary.html",
        {
            "person": person,
            "by": by,
            "at": timezone.now(),
            "contents": contents,
            "history": registry.ask("person_history")(person),
            "looked": looked,
            "attached": attached,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", files.pop("summary.html"))
        for name, text in files.items():
            archive.writestr(name, text)
        for exported in attached:
            if exported.included:
                _write_file(archive, exported)
    return buffer.getvalue()
