"""Change history for models that hold care data.

`track()` records a full snapshot of the row on insert, update and delete, by
database trigger, so bulk updates and raw SQL are recorded too. The history
middleware attaches the acting user and URL to each row.

`describe()` is the one way the history is shown to people: it turns the recorded
events (`pghistory.models.MiddlewareEvents` rows) into `HistoryEntry`s, with fields
by their verbose names, choices by their labels and ids by the names of what they
point at. This is the lowest layer, so the apps pass in what it cannot know: which
models to name, which of their columns are bookkeeping, and a sentence per event.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst


def track(**kwargs):
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        **kwargs,
    )


VERBS = {"insert": "added", "update": "changed", "delete": "removed"}

# Columns that change with every save, or that only place a record, and say nothing to a reader.
# Callers add their own. Primary keys, and foreign keys to models the caller does not name, are
# never shown either: an id tells a reader nothing.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "easting", "northing"})


class Change(NamedTuple):
    """One field of an entry. For an added or removed record, `after` holds what it said and
    `before` is empty. A tuple, so templates may also unpack it: `{% for field, before, after in ... %}`."""

    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime
    user: object  # the User who made the change, or None (a command, a migration, the demo data)
    summary: str  # "Household changed", "Record created", "Referral added (short breaks)"
    action: str  # the event's label: "insert", "update" or "delete"
    changes: list[Change]


@dataclass
class Names:
    """The users and the other records a batch of events points at, read once for the batch."""

    users: dict[int, object]
    others: dict[type[models.Model], dict[int, str]]

    def of(self, model: type[models.Model], pk) -> str:
        if model is get_user_model():
            user = self.users.get(pk)
            return str(user) if user else f"#{pk}"
        return self.others.get(model, {}).get(pk, f"#{pk}")


# summary(event, model, names) -> the entry's headline
Summary = Callable[[object, type[models.Model], Names], str]


def context_of(event) -> dict:
    """What the middleware attached to the event (user, url). Aggregate rows (`MiddlewareEvents`)
    hold it as a dict; rows of an event table point at a `pghistory.Context`."""
    context = event.pgh_context
    return getattr(context, "metadata", context) or {}


def users_named(contexts: Iterable[dict], also: Iterable = ()) -> dict:
    """The users named in `contexts` (and the ids in `also`), by id, in one query."""
    ids = {c["user"] for c in contexts if c and c.get("user")} | {pk for pk in also if pk}
    return get_user_model().objects.in_bulk(ids) if ids else {}


def default_summary(event, model: type[models.Model], names: Names) -> str:
    """'Household changed', 'Carer added': the record's kind and what happened to it."""
    return f"{capfirst(model._meta.verbose_name)} {VERBS.get(event.pgh_label, event.pgh_label)}"


def describe(
    events,
    *,
    named: Iterable[type[models.Model]] = (),
    hidden: Iterable[str] = (),
    summary: Summary = default_summary,
) -> list[HistoryEntry]:
    """Entries a person can read for `events`, in the order given.

    named:   models whose ids are shown as names (str() of the row), e.g. (Language, Interest).
             Users always are. Foreign keys to any other model are left out.
    hidden:  columns (attnames) to leave out, besides `BOOKKEEPING`.
    summary: the headline of each entry; `default_summary` unless the caller says better.

    An update that changed only hidden columns is left out. Reads the users (from the contexts
    and from foreign keys) in one query, and each named model in one query.
    """
    events = list(events)
    names = _load_names(events, named)
    hidden = BOOKKEEPING | set(hidden)
    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        changes = _changes(event, model, names, hidden)
        if event.pgh_label == "update" and not changes:
            continue
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                user=names.users.get(context_of(event).get("user")),
                summary=summary(event, model, names),
                action=event.pgh_label,
                changes=changes,
            )
        )
    return entries


def _foreign_keys(model, wanted) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in wanted]


def _load_names(events, named) -> Names:
    user_model = get_user_model()
    wanted: dict[type[models.Model], set] = {model: set() for model in (*named, user_model)}
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        data, diff = event.pgh_data or {}, event.pgh_diff or {}
        for fk in _foreign_keys(model, wanted):
            wanted[fk.related_model].update(
                pk for pk in (data.get(fk.attname), *diff.get(fk.attname, ())) if pk
            )
    users = users_named((context_of(event) for event in events), also=wanted.pop(user_model))
    # The base manager, so that records since ended or hidden by a default manager still have a name.
    others = {
        model: {row.pk: str(row) for row in model._base_manager.filter(pk__in=ids)} if ids else {}
        for model, ids in wanted.items()
    }
    return Names(users=users, others=others)


def _shown_fields(model, names: Names, hidden) -> list[models.Field]:
    nameable = {get_user_model(), *names.others}
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname not in hidden
        and not f.primary_key
        and (not f.is_relation or f.related_model in nameable)
    ]


def _changes(event, model, names: Names, hidden) -> list[Change]:
    """The fields of the event in the model's order: before and after for an update, what the record
    said for an insert or a delete."""
    fields = _shown_fields(model, names, hidden)
    if event.pgh_label == "update":
        diff = event.pgh_diff or {}
        return [
            Change(_label(f), _display(f, diff[f.attname][0], names), _display(f, diff[f.attname][1], names))
            for f in fields
            if f.attname in diff
        ]
    data = event.pgh_data or {}
    shown = ((f, _display(f, data.get(f.attname), names)) for f in fields)
    return [Change(_label(f), "", text) for f, text in shown if text]


def _label(field) -> str:
    return capfirst(str(field.verbose_name))


def _display(field, value, names: Names) -> str:
    """The value as a reader would say it; empty for nothing."""
    if value is None or value == "" or value == []:
        return ""
    if field.is_relation:
        return names.of(field.related_model, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        base = getattr(field, "base_field", None)
        labels = dict(base.flatchoices) if base is not None and base.choices else None
        return ", ".join(str(labels.get(v, v)) if labels else str(v) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else None
        if moment is None:
            return str(value)
        return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "j M Y, H:i")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "j M Y")
        except ValueError:
            return value
    return str(value)
