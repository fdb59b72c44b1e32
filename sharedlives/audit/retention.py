"""How long records are kept, which are due for review, and destroying one on a recorded decision.

Nothing here runs on its own: the "due for review" list only shows records whose retention
period has passed. A record is destroyed only when a manager of its scheme records the decision
(who, when, why); a tombstone (DestructionRecord) then says what was destroyed, without its content.

Retention periods are settings per record type (RETENTION_YEARS):
- people.person: years after their last arrangement ended or their last referral closed
  (while a referral is open or an arrangement is live, the record is in use and never due);
- carers.household: years after the household's approval ended (de-registered, resigned,
  declined or withdrawn).
"""

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from pghistory.models import Event

from sharedlives.errors import DomainError
from sharedlives.files.models import DocumentVersion, Photo
from sharedlives.files.services import files_destroy

from . import registry
from .models import AccessLog, DestructionRecord, SecurityEvent


class RetentionError(DomainError):
    """A destruction was refused."""


@dataclass(frozen=True)
class Rule:
    record_type: str
    label: str
    basis: str  # completes "N years after ..."

    @property
    def years(self) -> int:
        return settings.RETENTION_YEARS[self.record_type]

    def describe(self) -> str:
        return f"{self.years} years after {self.basis}"


RULES = {
    "people.person": Rule(
        "people.person", "Person supported", "the last arrangement ended or referral closed"
    ),
    "carers.household": Rule("carers.household", "Carer household", "approval ended (de-registration)"),
}


@dataclass
class DueRecord:
    rule: Rule
    obj: models.Model
    since: date  # when the retention period started
    due_on: date

    @property
    def record_type(self) -> str:
        return self.rule.record_type


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def managed_scheme_ids(user) -> list[int]:
    return [pk for pk in user.staff_scheme_ids if user.is_manager_of(pk)]


# --- When each record's retention period started -------------------------------------------------


def people_with_retention_start():
    """People not in use (no app still uses their record: registry.person_in_use), each annotated
    with `retention_since`: the last day any app used the record (registry.person_last_used: the
    day their last arrangement ended or last referral closed), else the day it was made."""
    person = OuterRef("pk")
    people = registry.ask("people")()
    for in_use in registry.person_in_use:
        people = people.exclude(in_use(person))
    last_days = [Subquery(last_used(person)) for last_used in registry.person_last_used]
    # GREATEST skips NULLs: the latest day that happened, else the day the record was made.
    since = Greatest(*last_days) if len(last_days) > 1 else last_days[0] if last_days else None
    created = TruncDate("created_at")
    return people.annotate(retention_since=Coalesce(since, created) if since is not None else created)


def households_with_retention_start():
    """Households whose approval has ended, annotated with `retention_since` (carers answers)."""
    return registry.ask("households_ended")()


def _due(queryset, rule: Rule, today: date):
    return queryset.filter(retention_since__lte=years_before(today, rule.years))


def due_for_review(user, *, today: date | None = None) -> list[DueRecord]:
    """Records of the schemes `user` manages whose retention period has passed, oldest first."""
    today = today or timezone.localdate()
    schemes = managed_scheme_ids(user)
    people = _due(people_with_retention_start(), RULES["people.person"], today).filter(scheme_id__in=schemes)
    households = _due(households_with_retention_start(), RULES["carers.household"], today).filter(
        scheme_id__in=schemes
    )
    found = [
        DueRecord(rule, obj, obj.retention_since, years_after(obj.retention_since, rule.years))
        for rule, queryset in (
            (RULES["people.person"], people.select_related("scheme")),
            (RULES["carers.household"], households.select_related("scheme")),
        )
        for obj in queryset
    ]
    return sorted(found, key=lambda due: (due.due_on, due.record_type, due.obj.pk))


def get_due_record(user, record_type: str, pk: int, *, today: date | None = None) -> DueRecord | None:
    """The record, if it is in a scheme `user` manages and its retention period has passed."""
    if record_type not in RULES:
        return None
    today = today or timezone.localdate()
    rule = RULES[record_type]
    base = (
        people_with_retention_start() if record_type == "people.person" else households_with_retention_start()
    )
    obj = _due(base, rule, today).filter(scheme_id__in=managed_scheme_ids(user), pk=pk).first()
    if obj is None:
        return None
    return DueRecord(rule, obj, obj.retention_since, years_after(obj.retention_since, rule.years))


# --- Everything that belongs to a record -----------------------------------------------------------

# Rows that are evidence about the app, not part of anyone's record: never collected or destroyed.
NEVER_COLLECTED = (AccessLog, SecurityEvent, DestructionRecord)


def _attached_models() -> list[tuple[type[models.Model], GenericForeignKey]]:
    """Models whose rows attach to any record by content type and id (photos, documents)."""
    return [
        (model, field)
        for model in apps.get_models()
        if not issubclass(model, NEVER_COLLECTED)
        for field in model._meta.private_fields
        if isinstance(field, GenericForeignKey)
    ]


def _children(model: type[models.Model], pks: set):
    """(child model, ids) of the rows that belong to `model`'s rows `pks`: those pointing at them by a
    foreign key, and those attached to them by content type and id (a referral's documents)."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (
            relation.auto_created and not relation.concrete and relation.one_to_many | relation.one_to_one
        ):
            continue
        child = relation.related_model
        if issubclass(child, Event) or issubclass(child, NEVER_COLLECTED) or child._meta.proxy:
            continue
        yield child, child._base_manager.filter(**{f"{relation.field.name}__in": pks})
    content_type = ContentType.objects.get_for_model(model)
    for child, field in _attached_models():
        yield (
            child,
            child._base_manager.filter(**{field.ct_field: content_type, f"{field.fk_field}__in": pks}),
        )


def collect(root: models.Model) -> dict[type[models.Model], set]:
    """Every row that belongs to `root`: rows pointing at it, rows pointing at those, and so on,
    whatever the app (a person's referrals, proposals, arrangements and bookings are all found,
    including those of models added later), and the photos and documents attached to any of them
    (files.Photo, files.Document and its versions). History rows are not included; see `history_of`."""
    found: dict[type[models.Model], set] = defaultdict(set)
    queue = [(type(root), {root.pk})]
    while queue:
        model, pks = queue.pop()
        new = pks - found[model]
        if not new:
            continue
        found[model] |= new
        for child, rows in _children(model, new):
            child_pks = set(rows.values_list("pk", flat=True))
            if child_pks:
                queue.append((child, child_pks))
    return {model: pks for model, pks in found.items() if pks}


def history_of(rows: dict[type[models.Model], set]) -> list[tuple[type[Event], set]]:
    """The history (pghistory event) tables holding snapshots of `rows`, with the rows' ids."""
    result = []
    for model, pks in rows.items():
        # One event model usually records all three of insert, update and delete.
        for event_model in dict.fromkeys(getattr(model, "pgh_event_models", {}).values()):
            result.append((event_model, pks))
    return result


# --- Destroying a record -------------------------------------------------------------------------


def _description(due: DueRecord) -> str:
    obj = due.obj
    return f"{due.rule.label} record #{obj.pk} of {obj.scheme.name}, in retention since {due.since:%d %B %Y}"


@transaction.atomic
def record_destroy(*, record_type: str, object_id: int, by, reason: str, today: date | None = None):
    """Destroy a record whose retention period has passed, with everything that belongs to it
    and its history, on the recorded decision of a manager of its scheme. Leaves a
    DestructionRecord saying who decided, when, why, how many rows of each kind went and how many
    files (photos and documents, whose bytes are deleted from storage once this commits).

    The access log and the security log are kept: they hold no content of the record.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError("Say why the record is being destroyed: the reason is kept with the decision.")
    if record_type not in RULES:
        raise RetentionError("Only people's and carer households' records follow a retention rule.")
    model = apps.get_model(record_type)
    model.objects.select_for_update().filter(pk=object_id).first()  # lock the record while deciding
    due = get_due_record(by, record_type, object_id, today=today)
    if due is None:
        raise RetentionError(
            "This record is not due for review in a scheme you manage: it cannot be destroyed."
        )
    rows = collect(due.obj)
    if record_type == "carers.household":
        _refuse_if_rows_belong_to_people(rows)
    counts = {
        m._meta.label_lower: len(pks) for m, pks in sorted(rows.items(), key=lambda i: i[0]._meta.label)
    }
    history = history_of(rows)
    history_rows = 0
    try:
        # Inside this block only, the append-only guards of exactly these tables stand aside.
        triggers = _triggers_on(rows, history)
        guard_off = pgtrigger.ignore(*triggers) if triggers else contextlib.nullcontext()  # none: ignore none
        with guard_off, transaction.atomic():
            # The photos' and documents' bytes go from storage once this commits. Inside the guard,
            # marking the rows that are about to go writes no history.
            counts["files"] = files_destroy(
                photo_ids=rows.get(Photo, ()), version_ids=rows.get(DocumentVersion, ())
            )
            for row_model, pks in rows.items():
                row_model._base_manager.filter(pk__in=pks)._raw_delete(row_model._base_manager.db)
            for event_model, pks in history:
                history_rows += event_model._base_manager.filter(pgh_obj_id__in=pks)._raw_delete(
                    event_model._base_manager.db
                )
            # Foreign keys are checked at commit; check now, so a problem is reported here.
            with transaction.get_connection().cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except IntegrityError as e:
        raise RetentionError(
            "The record could not be destroyed: other records still refer to it. Nothing was destroyed."
        ) from e
    counts["history rows"] = history_rows
    return DestructionRecord.objects.create(
        scheme_id=due.obj.scheme_id,
        record_type=record_type,
        object_id=object_id,
        description=_description(due)[:300],
        retention_basis=f"{due.rule.describe()}; due on {due.due_on:%d %B %Y}"[:300],
        reason=reason,
        decided_by=by,
        destroyed=counts,
    )


def _triggers_on(rows, history) -> list[str]:
    """The pgtrigger URIs of every trigger on the tables we delete from."""
    tables = set(rows) | {event_model for event_model, _ in history}
    return [
        f"{model._meta.label}:{trigger.name}" for model, trigger in pgtrigger.registered() if model in tables
    ]


def _refuse_if_rows_belong_to_people(rows) -> None:
    Person = registry.ask("people")().model
    shared = sorted(
        {
            str(model._meta.verbose_name_plural)
            for model in rows
            if any(
                isinstance(field, models.ForeignKey) and field.related_model is Person
                for field in model._meta.concrete_fields
            )
        }
    )
    if shared:
        raise RetentionError(
            "Some of this household's records are also part of people's records ("
            + ", ".join(shared)
            + "). They go when those people's records are destroyed; until then the household stays."
        )
