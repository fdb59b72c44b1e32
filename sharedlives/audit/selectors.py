"""Reading the audit: record views and security events, for the managers of a scheme."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import BigIntegerField, CharField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone

from sharedlives.accounts.models import User

from . import registry
from .models import AccessLog, SecurityEvent
from .retention import managed_scheme_ids

KIND_VIEW = "view"


def users_of_schemes(scheme_ids: list[int]):
    """Everyone who belongs to these schemes: their staff, the people they invited, their carers,
    the people they support and those people's representatives."""
    return User.objects.filter(
        Q(memberships__scheme_id__in=scheme_ids)
        | Q(invitations__scheme_id__in=scheme_ids)
        | Q(carer__household__scheme_id__in=scheme_ids)
        | Q(person_record__scheme_id__in=scheme_ids)
        | Q(representations__person__scheme_id__in=scheme_ids)
    )


@dataclass
class AuditQuery:
    person: str = ""  # a person's id, or part of their name
    user: str = ""  # part of a user's name or email
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""  # "" (everything), "view", or a SecurityEvent kind


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def people_matching(text: str, scheme_ids: list[int]):
    people = registry.ask("people")().filter(scheme_id__in=scheme_ids)
    text = text.strip()
    if text.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        return people.filter(pk=int(text))
    for word in text.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(preferred_name__icontains=word)
        )
    return people


def audit_entries(viewer, query: AuditQuery):
    """Record views and security events in the schemes `viewer` manages, newest first, as one
    queryset of tuples in the order of COLUMNS.

    Record views are those of the schemes' records. Security events are those of the schemes'
    users (a failed sign-in for an unknown address belongs to no scheme and is left out).
    """
    schemes = managed_scheme_ids(viewer)
    views = AccessLog.objects.filter(scheme_id__in=schemes)
    events = SecurityEvent.objects.filter(user__in=users_of_schemes(schemes).values("pk"))
    if query.person.strip():
        person_ids = people_matching(query.person, schemes).values("pk")
        views = views.filter(object_type="people.person", object_id__in=person_ids)
        events = events.none()  # security events are about users, not records
    if query.user.strip():
        words = query.user.split()
        for word in words:
            views = views.filter(Q(user__full_name__icontains=word) | Q(user__email__icontains=word))
            events = events.filter(
                Q(user__full_name__icontains=word) | Q(user__email__icontains=word) | Q(login__icontains=word)
            )
    if query.date_from:
        views = views.filter(at__gte=_day_start(query.date_from))
        events = events.filter(at__gte=_day_start(query.date_from))
    if query.date_to:
        end = _day_start(query.date_to) + timezone.timedelta(days=1)
        views = views.filter(at__lt=end)
        events = events.filter(at__lt=end)
    if query.kind == KIND_VIEW:
        events = events.none()
    elif query.kind:
        views = views.none()
        events = events.filter(kind=query.kind)

    text = CharField()
    empty = Value("", output_field=text)
    # Both halves select the same columns, all as annotations made in the same order, so the
    # union lines them up whatever Django does with plain fields.
    view_columns = {
        "at_": F("at"),
        "user_": F("user_id"),
        "kind_": Value(KIND_VIEW, output_field=text),
        "page_": Cast("page", text),
        "object_type_": Cast("object_type", text),
        "object_id_": F("object_id"),
        "method_": empty,
        "path_": empty,
        "status_": Cast(Value(None), IntegerField()),
        "ip_": Cast(Value(None), text),
        "login_": empty,
    }
    event_columns = {
        "at_": F("at"),
        "user_": F("user_id"),
        "kind_": Cast("kind", text),
        "page_": empty,
        "object_type_": empty,
        "object_id_": Cast(Value(None), BigIntegerField()),
        "method_": Cast("method", text),
        "path_": Cast("path", text),
        "status_": Cast("status", IntegerField()),
        "ip_": Cast("ip", text),
        "login_": Cast("login", text),
    }
    views = views.annotate(**view_columns).values_list(*view_columns)
    events = events.annotate(**event_columns).values_list(*event_columns)
    return views.union(events, all=True).order_by("-at_")


COLUMNS = (
    "at",
    "user_id",
    "kind",
    "page",
    "object_type",
    "object_id",
    "method",
    "path",
    "status",
    "ip",
    "login",
)


def describe(rows) -> list[dict]:
    """Turn a page of `audit_entries` rows into dicts with the user and the record they concern,
    loading each kind of related row once for the whole page."""
    entries = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    users = User.objects.in_bulk({e["user_id"] for e in entries if e["user_id"]})
    by_type: dict[str, set] = {}
    for entry in entries:
        if entry["object_type"]:
            by_type.setdefault(entry["object_type"], set()).add(entry["object_id"])
    objects = {}
    for label, pks in by_type.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        objects[label] = model._base_manager.in_bulk(pks)
    kinds = dict(SecurityEvent.Kind.choices)
    for entry in entries:
        entry["user"] = users.get(entry["user_id"])
        entry["object"] = objects.get(entry["object_type"], {}).get(entry["object_id"])
        entry["is_view"] = entry["kind"] == KIND_VIEW
        entry["kind_label"] = (
            "Viewed a record" if entry["is_view"] else kinds.get(entry["kind"], entry["kind"])
        )
    return entries
