"""The support plan the carers see, kept by the staff of the person's scheme: the plan itself (one
per person, made the first time it is saved), the plan for each risk and the emergency contacts.

Risk plans and contacts are never deleted: removing one marks it removed (`removed_at`), so the
carers no longer see it and the history keeps what it said. Every service checks everything it
is given before it writes anything.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from people.models import Person
from sharedlives.accounts.models import User

from ..models import EmergencyContact, RiskPlan, SupportPlan
from .common import RecordsError

PLAN_FIELDS = (
    "communication",
    "routines",
    "allergies",
    "health_conditions",
    "gp_name",
    "gp_practice",
    "gp_phone",
    "gp_address",
)
RISK_PLAN_TEXT = ("risk", "what_helps", "what_to_do", "who_to_tell")
CONTACT_TEXT = ("name", "relationship", "phone", "note")


def _ensure_staff(person: Person, by: User) -> None:
    if person.scheme_id not in by.staff_scheme_ids:
        raise RecordsError("Only staff of the person's scheme can change their support plan.")


def _ensure_text(model, values: dict, *, required=()) -> dict:
    """Each value a string that fits its column, the required ones not blank; returned stripped."""
    cleaned = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        label = str(field.verbose_name).capitalize()
        if not isinstance(value, str):
            raise RecordsError(f"{label} must be text.")
        value = value.strip()
        if name in required and not value:
            raise RecordsError(f"{label}: please fill this in.")
        if field.max_length and len(value) > field.max_length:
            raise RecordsError(f"{label} is too long: at most {field.max_length} characters.")
        cleaned[name] = value
    return cleaned


def _lock_person(person_id: int) -> Person:
    try:
        return Person.objects.select_for_update().get(pk=person_id)
    except Person.DoesNotExist:
        raise RecordsError("This person is not on the records.") from None


@transaction.atomic
def support_plan_save(*, person_id: int, by: User, **fields: str) -> SupportPlan:
    """Save the person's support plan (made the first time): how they communicate, their routines,
    allergies, health conditions and GP. Fields not given keep what they said."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise RecordsError(f"The support plan has no {', '.join(sorted(unknown))}.")
    person = _lock_person(person_id)  # one plan per person, even when two staff save at once
    _ensure_staff(person, by)
    values = _ensure_text(SupportPlan, fields)
    plan = SupportPlan.objects.filter(person=person).first() or SupportPlan(person=person)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_by = by
    plan.updated_at = timezone.now()
    plan.save()
    return plan


def _ensure_review_on(review_on, *, was: date | None = None) -> None:
    if not isinstance(review_on, date):
        raise RecordsError("Review the plan by: please give a date.")
    if review_on < timezone.localdate() and review_on != was:
        raise RecordsError("Review the plan by: the date cannot be in the past.")


@transaction.atomic
def risk_plan_add(
    *,
    person_id: int,
    by: User,
    risk: str,
    what_helps: str,
    what_to_do: str,
    who_to_tell: str,
    review_on: date,
) -> RiskPlan:
    """Add the plan for one risk: what helps to prevent it, what to do if it happens, whom to tell,
    and when the plan is next reviewed. The carers see it while their support is open."""
    person = _lock_person(person_id)
    _ensure_staff(person, by)
    text = _ensure_text(
        RiskPlan,
        {"risk": risk, "what_helps": what_helps, "what_to_do": what_to_do, "who_to_tell": who_to_tell},
        required=RISK_PLAN_TEXT,
    )
    _ensure_review_on(review_on)
    return RiskPlan.objects.create(person=person, review_on=review_on, added_by=by, **text)


def _lock_current(model, pk: int, what: str):
    found = model.objects.select_for_update().select_related("person").filter(pk=pk).first()
    if found is None:
        raise RecordsError(f"This {what} is not on the records.")
    if found.removed_at is not None:
        raise RecordsError(f"This {what} was removed; it cannot change any more.")
    return found


@transaction.atomic
def risk_plan_update(
    *,
    risk_plan_id: int,
    by: User,
    risk: str,
    what_helps: str,
    what_to_do: str,
    who_to_tell: str,
    review_on: date,
) -> RiskPlan:
    """Change the plan for a risk (not a removed one). A review date already past may stay as it
    was, but a new one cannot be in the past."""
    plan = _lock_current(RiskPlan, risk_plan_id, "risk plan")
    _ensure_staff(plan.person, by)
    text = _ensure_text(
        RiskPlan,
        {"risk": risk, "what_helps": what_helps, "what_to_do": what_to_do, "who_to_tell": who_to_tell},
        required=RISK_PLAN_TEXT,
    )
    _ensure_review_on(review_on, was=plan.review_on)
    for name, value in {**text, "review_on": review_on}.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*text, "review_on"])
    return plan


@transaction.atomic
def risk_plan_remove(*, risk_plan_id: int, by: User) -> RiskPlan:
    """Remove a risk plan: the carers no longer see it; its history keeps what it said."""
    plan = _lock_current(RiskPlan, risk_plan_id, "risk plan")
    _ensure_staff(plan.person, by)
    plan.removed_at = timezone.now()
    plan.removed_by = by
    plan.save(update_fields=["removed_at", "removed_by"])
    return plan


def _ensure_position(position) -> int:
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= 99:
        raise RecordsError("Order: please give a number from 1 to 99.")
    return position


@transaction.atomic
def emergency_contact_add(
    *,
    person_id: int,
    by: User,
    name: str,
    phone: str,
    relationship: str = "",
    note: str = "",
    position: int = 1,
) -> EmergencyContact:
    """Add someone to call in an emergency, with when to call them; contacts are listed by `position`."""
    person = _lock_person(person_id)
    _ensure_staff(person, by)
    text = _ensure_text(
        EmergencyContact,
        {"name": name, "relationship": relationship, "phone": phone, "note": note},
        required=("name", "phone"),
    )
    position = _ensure_position(position)
    return EmergencyContact.objects.create(person=person, position=position, added_by=by, **text)


@transaction.atomic
def emergency_contact_update(
    *,
    contact_id: int,
    by: User,
    name: str,
    phone: str,
    relationship: str = "",
    note: str = "",
    position: int = 1,
) -> EmergencyContact:
    """Change an emergency contact (not a removed one)."""
    contact = _lock_current(EmergencyContact, contact_id, "emergency contact")
    _ensure_staff(contact.person, by)
    text = _ensure_text(
        EmergencyContact,
        {"name": name, "relationship": relationship, "phone": phone, "note": note},
        required=("name", "phone"),
    )
    position = _ensure_position(position)
    for name_, value in {**text, "position": position}.items():
        setattr(contact, name_, value)
    contact.save(update_fields=[*text, "position"])
    return contact


@transaction.atomic
def emergency_contact_remove(*, contact_id: int, by: User) -> EmergencyContact:
    """Remove an emergency contact: the carers no longer see it; its history keeps what it said."""
    contact = _lock_current(EmergencyContact, contact_id, "emergency contact")
    _ensure_staff(contact.person, by)
    contact.removed_at = timezone.now()
    contact.save(update_fields=["removed_at"])
    return contact
