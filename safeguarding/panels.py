"""What safeguarding adds to a person's record and a carer household's page (sharedlives.panels):
for the scheme's staff, that a safeguarding concern is open and whom to ask, and the latest
incidents and complaints; for managers and safeguarding leads, the concerns themselves.

A few queries per page whatever the number of records: each list is cut to its latest rows.
"""

from django.template.loader import render_to_string

from sharedlives import panels
from sharedlives.accounts.models import SchemeMembership

from .models import Complaint, Concern, Incident

LATEST = 5


def _whom_to_ask(scheme_id: int, concerns: list[Concern]) -> list[str]:
    leads = {str(c.lead) for c in concerns if c.lead_id}
    if leads:
        return sorted(leads)
    managers = SchemeMembership.objects.filter(scheme_id=scheme_id, role=SchemeMembership.Role.MANAGER)
    return sorted(str(m.user) for m in managers.select_related("user"))


def _panel(user, *, record, concerns, incidents, complaints, noun: str) -> str:
    if not user.is_authenticated or record.scheme_id not in user.staff_scheme_ids:
        return ""
    open_concerns = [c for c in concerns if c.is_open]
    sees_concerns = user.is_safeguarding_lead_of(record.scheme_id)
    return render_to_string(
        "safeguarding/includes/record_panel.html",
        {
            "record": record,
            "noun": noun,
            "open_concerns": open_concerns,
            "ask": _whom_to_ask(record.scheme_id, open_concerns) if open_concerns else [],
            "concerns": concerns if sees_concerns else [],
            "sees_concerns": sees_concerns,
            "incidents": incidents,
            "complaints": complaints,
        },
    )


def person_panel(user, person) -> str:
    if not user.is_authenticated or person.scheme_id not in user.staff_scheme_ids:
        return ""
    return _panel(
        user,
        record=person,
        noun=person.known_as,
        concerns=list(
            Concern.objects.filter(person=person).select_related("lead").order_by("-raised_at")[:LATEST]
        ),
        incidents=list(Incident.objects.filter(person=person).order_by("-occurred_at")[:LATEST]),
        complaints=list(Complaint.objects.filter(person=person).order_by("-received_on", "-pk")[:LATEST]),
    )


def household_panel(user, household) -> str:
    if not user.is_authenticated or household.scheme_id not in user.staff_scheme_ids:
        return ""
    return _panel(
        user,
        record=household,
        noun=household.name,
        concerns=list(
            Concern.objects.filter(about_household=household)
            .select_related("lead", "allegation")
            .order_by("-raised_at")[:LATEST]
        ),
        incidents=list(Incident.objects.filter(household=household).order_by("-occurred_at")[:LATEST]),
        complaints=list(
            Complaint.objects.filter(household=household).order_by("-received_on", "-pk")[:LATEST]
        ),
    )


def register() -> None:
    panels.register("people.person", person_panel)
    panels.register("carers.household", household_panel)
