"""The draft of a notification: the facts the regulator's form asks for, in its order, and the same
as plain text to copy into the form. Staff send it on the regulator's own form; nothing is sent here.

Some regulators' forms ask for no names: the person is given by initials and age, and whoever a
concern is about only as "a Shared Lives carer", "a member of a carer household" or "someone else".
"""

from django.utils import timezone
from django.utils.formats import date_format

from sharedlives.accounts.models import Regulator

from . import rules
from .models import MedicalHelp, Notification

NOT_RECORDED = "Not recorded"


def _when(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


def _day(value) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def _person(person) -> str:
    if person is None:
        return "Nobody supported by the scheme"
    return f"{person.initials}, aged {person.age()}"


def _about(concern) -> str:
    if concern.about_member_id:
        return "A member of a carer household"
    if concern.about_carer_id or concern.about_household_id:
        return "A Shared Lives carer"
    if concern.about_other:
        return "Someone else"
    return "Not known"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _incident_facts(incident) -> list[tuple[str, str]]:
    medical = incident.get_medical_help_display()
    if incident.medical_help == MedicalHelp.NONE:
        medical = "None needed"
    police = _yes_no(incident.police_involved)
    if incident.police_involved:
        police += (
            f", reference {incident.police_reference}" if incident.police_reference else ", no reference yet"
        )
    return [
        ("Date and time of the event", _when(incident.occurred_at)),
        ("Where it happened", incident.location or NOT_RECORDED),
        ("The person it involved", _person(incident.person)),
        ("What kind of event", incident.get_kind_display()),
        ("What happened", incident.what_happened or NOT_RECORDED),
        ("Was anyone hurt", incident.get_harm_display()),
        ("Injuries", incident.injuries or "None recorded"),
        ("First aid or medical help", medical),
        ("The police were involved", police),
        ("What was done straight away", incident.immediate_action or NOT_RECORDED),
    ]


def _concern_facts(concern) -> list[tuple[str, str]]:
    source = concern.source_incident
    facts = [
        (
            "Date and time of the event",
            _when(source.occurred_at)
            if source
            else f"Not known; the concern was raised {_when(concern.raised_at)}",
        ),
        ("Where it happened", source.location if source else NOT_RECORDED),
        ("The person it involved", _person(concern.person)),
        ("What happened", concern.summary),
    ]
    if source:
        police = _yes_no(source.police_involved)
        if source.police_involved and source.police_reference:
            police += f", reference {source.police_reference}"
        facts += [
            ("Injuries", source.injuries or "None recorded"),
            ("First aid or medical help", source.get_medical_help_display()),
            ("The police were involved", police),
        ]
    facts += [
        ("The person is at risk now", _yes_no(concern.immediate_risk)),
        ("What was done straight away", concern.immediate_action or NOT_RECORDED),
        ("Kinds of abuse or neglect", ", ".join(concern.category_labels)),
    ]
    if concern.referred_on:
        referred = f"Yes, on {date_format(concern.referred_on, 'j F Y')}"
        if concern.council_reference:
            referred += f", reference {concern.council_reference}"
    else:
        referred = "Not yet"
    facts += [
        ("Referred to the council's safeguarding team", referred),
        ("Who the concern is about", _about(concern)),
    ]
    allegation = getattr(concern, "allegation", None) if concern.is_allegation else None
    if allegation is not None:
        plans = [
            f"{plan.get_decision_display()} (recorded {_day(plan.recorded_at)})"
            for plan in allegation.safety_plans.all()
        ]
        suspended = (
            f"Suspended on {_day(allegation.suspended_at)}" if allegation.suspended_at else "Not suspended"
        )
        facts += [
            ("The carer household's approval", suspended),
            ("Safety plans for the arrangements with the household", "; ".join(plans) or "None recorded yet"),
        ]
    return facts


def facts(notification: Notification) -> list[tuple[str, str]]:
    """What the regulator's form asks for, in order, as (label, value)."""
    scheme = notification.scheme
    regulator = Regulator(notification.regulator).label if notification.regulator in Regulator.values else ""
    head = [
        ("Scheme", scheme.name),
        ("Regulator", regulator or notification.regulator),
        ("Form", rules.form_name(notification.regulator, notification.trigger)),
    ]
    if notification.incident_id:
        return head + [
            ("Our reference", notification.incident.reference),
            *_incident_facts(notification.incident),
        ]
    return head + [("Our reference", notification.concern.reference), *_concern_facts(notification.concern)]


def plain_text(rows: list[tuple[str, str]]) -> str:
    """The facts as text to paste into the regulator's form, one "Label: value" a paragraph."""
    return "\n\n".join(f"{label}: {value}" for label, value in rows)
