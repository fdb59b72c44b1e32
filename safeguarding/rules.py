"""Which notifications the regulator must be sent about an event: the one place this is decided.

Each regulator's list follows its notification regulations (in England, the CQC (Registration)
Regulations 2009, regulations 16 and 18); the app works out what is due and drafts it, and staff
send it on the regulator's own form. Nothing is sent from here.
"""

from sharedlives.accounts.models import Regulator

from .models import AbuseCategory, Harm, IncidentKind, NotificationTrigger

T = NotificationTrigger

# What each regulator must be told of, and the name of the form it is told on.
FORMS: dict[str, dict[str, str]] = {
    Regulator.CQC: {
        T.ABUSE: "Notification of abuse or an allegation of abuse",
        T.SERIOUS_INJURY: "Notification of a serious injury",
        T.POLICE: "Notification of an incident reported to or investigated by the police",
        T.DEATH: "Notification of the death of a person who uses the service",
        T.DOLS_APPLICATION: "Notification of an application to deprive a person of their liberty",
        T.DOLS_OUTCOME: "Notification of the outcome of an application to deprive a person of their liberty",
    },
    # Scotland has no deprivation of liberty safeguards; adult protection concerns are notified.
    Regulator.CARE_INSPECTORATE: {
        T.ABUSE: "Notification: adult support and protection concern or allegation of abuse",
        T.SERIOUS_INJURY: "Notification: accident or injury",
        T.POLICE: "Notification: incident involving the police",
        T.DEATH: "Notification: death of a person using the service",
    },
    Regulator.CIW: {
        T.ABUSE: "Notification of abuse or an allegation of abuse",
        T.SERIOUS_INJURY: "Notification of a serious injury",
        T.POLICE: "Notification of an incident reported to the police",
        T.DEATH: "Notification of a death",
        T.DOLS_APPLICATION: "Notification of an application to deprive a person of their liberty",
        T.DOLS_OUTCOME: "Notification of the outcome of an application to deprive a person of their liberty",
    },
    Regulator.RQIA: {
        T.ABUSE: "Notifiable event: allegation or incident of abuse",
        T.SERIOUS_INJURY: "Notifiable event: serious injury",
        T.POLICE: "Notifiable event: incident involving the police",
        T.DEATH: "Notifiable event: death of a service user",
        T.DOLS_APPLICATION: "Notifiable event: deprivation of liberty application",
        T.DOLS_OUTCOME: "Notifiable event: deprivation of liberty outcome",
    },
}

# Self-neglect is a safeguarding concern but no one's abuse of the person: it is not notified as abuse.
NOT_ABUSE = {AbuseCategory.SELF_NEGLECT}


def form_name(regulator: str, trigger: str) -> str:
    return FORMS.get(regulator, {}).get(trigger, NotificationTrigger(trigger).label)


def incident_triggers(incident) -> set[str]:
    """The events an incident is, whichever regulator is told of them."""
    found = set()
    if incident.kind == IncidentKind.DEATH or incident.harm == Harm.DEATH:
        found.add(T.DEATH)
    if incident.harm == Harm.SERIOUS:
        found.add(T.SERIOUS_INJURY)
    if incident.police_involved:
        found.add(T.POLICE)
    if incident.kind == IncidentKind.DOLS_APPLICATION:
        found.add(T.DOLS_APPLICATION)
    if incident.kind == IncidentKind.DOLS_OUTCOME:
        found.add(T.DOLS_OUTCOME)
    return found


def concern_triggers(concern) -> set[str]:
    """A safeguarding concern is an allegation of abuse unless it is only about self-neglect."""
    return {T.ABUSE} if set(concern.categories) - NOT_ABUSE else set()


def due_for(regulator: str, triggers: set[str]) -> list[str]:
    """Of `triggers`, those the regulator must be notified of, in a fixed order."""
    wanted = FORMS.get(regulator, {})
    return [t for t in NotificationTrigger.values if t in triggers and t in wanted]
