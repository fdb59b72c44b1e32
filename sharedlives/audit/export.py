"""Subject access export: everything held about one person, as a zip of CSV and JSON files with an
HTML summary to read first.

It is built from the same walk over the database that retention uses (`retention.collect`), so
records added by any app (referrals, proposals, arrangements, bookings, reviews...) are included
without being listed here; the person's JSON record and history come from the people app (registry).
"""

import csv
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from sharedlives import history
from sharedlives.csvfiles import csv_safe

from . import registry
from .models import AccessLog
from .retention import collect, history_of

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


def person_subject_access_zip(person, *, by) -> bytes:
    """The zip file of everything held about `person`. The caller logs the export."""
    rows = collect(person)
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
    files["summary.html"] = render_to_string(
        "audit/export_summary.html",
        {
            "person": person,
            "by": by,
            "at": timezone.now(),
            "contents": contents,
            "history": registry.ask("person_history")(person),
            "looked": looked,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", files.pop("summary.html"))
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
