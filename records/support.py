"""What the carers of a household see of the person they support while that support is open
(records.access.get_carer_arrangement): the carers' copy of the support plan.

Built from explicit field lists, as the staged disclosure of a match is (matching/disclosure.py):
nothing reaches the carer's page except what `carer_copy` returns, and each query reads only the
columns listed here, so a new field can never leak by accident. Never included: the staff-only
risk detail, referral reasons, the social worker's details, addresses and contact details of the
person, representatives' legal authorities and notes, removed risk plans and contacts, or anything
about anyone else.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from arrangements.models import Arrangement
from people.models import Representative

from .models import EmergencyContact, Medicine, Route, SupportPlan

# Of the person: the name to use and how to speak of them.
PERSON_FIELDS = ("known_as", "pronouns")
# Of their profile (the one they agreed for matching): their strengths and how to support them.
SUPPORT_PROFILE_FIELDS = ("how_to_support_me", "important_to_me", "admired_for", "risk_summary")
# Of the support plan staff keep for the carers.
SUPPORT_PLAN_FIELDS = (
    "communication",
    "routines",
    "allergies",
    "health_conditions",
    "gp_name",
    "gp_practice",
    "gp_phone",
    "gp_address",
)
# Of each current plan for a risk (never a removed one).
RISK_PLAN_FIELDS = ("risk", "what_helps", "what_to_do", "who_to_tell", "review_on")
# Of each current medicine, as the prescription gives it: what to give, how and when.
MEDICINE_FIELDS = (
    "name",
    "strength",
    "dose",
    "route",
    "times",
    "as_needed",
    "as_needed_reason",
    "max_in_day",
    "instructions",
)
# Of each emergency contact not removed.
EMERGENCY_CONTACT_FIELDS = ("name", "relationship", "phone", "note")
# Of each current representative: whom the carers may talk to, and how to reach them. Never their
# legal authorities, their notes, address or email, or whether they may see proposals or records.
REPRESENTATIVE_FIELDS = ("full_name", "relationship", "role", "phone")


@dataclass
class CarerCopy:
    """The carers' copy of the person's support plan. Each part holds only its listed fields."""

    person: dict
    profile: dict
    plan: dict
    risk_plans: list[dict] = field(default_factory=list)
    medicines: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    representatives: list[dict] = field(default_factory=list)


def _pick(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names} if obj is not None else dict.fromkeys(names, "")


def current_medicines(person_id: int, today: date):
    """The person's medicines prescribed on `today`."""
    return Medicine.objects.filter(person_id=person_id, starts_on__lte=today).filter(
        Q(stops_on__isnull=True) | Q(stops_on__gte=today)
    )


def carer_copy(arrangement: Arrangement, *, today: date | None = None) -> CarerCopy:
    """What the carers of `arrangement`'s household see of its person: five queries (the plan, the
    risk plans, the medicines, the emergency contacts, the representatives) whatever their number.
    `arrangement` comes from get_carer_arrangement, with its person and profile loaded."""
    today = today or timezone.localdate()
    person = arrangement.person
    profile = getattr(person, "profile", None)
    plan = SupportPlan.objects.filter(person=person).only(*SUPPORT_PLAN_FIELDS).first()
    medicines = list(current_medicines(person.pk, today).values(*MEDICINE_FIELDS))
    for medicine in medicines:
        medicine["route_label"] = Route(medicine["route"]).label
        medicine["times"] = sorted(medicine["times"])
    return CarerCopy(
        person={"id": person.pk, **_pick(person, PERSON_FIELDS)},
        profile=_pick(profile, SUPPORT_PROFILE_FIELDS),
        plan=_pick(plan, SUPPORT_PLAN_FIELDS),
        risk_plans=list(person.risk_plans.filter(removed_at__isnull=True).values(*RISK_PLAN_FIELDS)),
        medicines=medicines,
        contacts=list(
            EmergencyContact.objects.filter(person=person, removed_at__isnull=True).values(
                *EMERGENCY_CONTACT_FIELDS
            )
        ),
        representatives=[
            {**row, "role_label": Representative.Role(row["role"]).label}
            for row in Representative.objects.current().filter(person=person).values(*REPRESENTATIVE_FIELDS)
        ],
    )
