"""Read-side questions about people that several apps ask.

`person_side_decider` is the one place that answers "who may say yes or no for this person
now" (DESIGN.md 4.4). It reads the database every time it is called, so removing or
expiring an authority takes effect on the very next request.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.apps import apps
from django.db.models import Case, Count, F, OuterRef, Prefetch, Subquery, When
from django.utils import timezone
from pghistory.models import Event, MiddlewareEvents

from sharedlives import history
from sharedlives.accounts.models import User
from sharedlives.audit.models import AccessLog
from sharedlives.choices import SupportType
from sharedlives.reference.models import Interest, Language

from .models import (
    OPEN_REFERRAL_STATUSES,
    WELFARE_AUTHORITIES,
    AuthorityKind,
    CapacityAssessment,
    CapacityOutcome,
    Decision,
    LegalAuthority,
    Person,
    PersonLanguage,
    Profile,
    ProfileInterest,
    Referral,
    ReferralStatus,
    Representative,
)

DeciderKind = Literal["person", "representative", "best_interests"]


def _lower_first(text: str) -> str:
    """'Where to live / this Shared Lives arrangement' -> 'where to live / this Shared Lives arrangement'."""
    return text[:1].lower() + text[1:]


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class PersonSideDecider:
    """Who may make the person-side decision, and why.

    kind:
      "person"          the person decides (capacity presumed, or assessed as having it);
      "representative"  they lack capacity and `representatives` hold a valid welfare authority;
      "best_interests"  they lack capacity and nobody holds one: staff decide in their best interests.
    """

    kind: DeciderKind
    person: Person
    decision: str
    on: date
    assessment: CapacityAssessment | None = None
    representatives: tuple[Representative, ...] = ()

    @property
    def capacity_presumed(self) -> bool:
        return self.assessment is None

    @property
    def explanation(self) -> str:
        """One sentence for staff saying who decides and on what grounds."""
        name = self.person.known_as
        decision = _lower_first(Decision(self.decision).label)
        if self.kind == "person":
            if self.capacity_presumed:
                return f"{name} decides: capacity is presumed (no assessment recorded for {decision})."
            return (
                f"{name} decides: assessed on {_long_date(self.assessment.assessed_on)} "
                f"as having capacity for {decision}."
            )
        assessed = f"{name} was assessed on {_long_date(self.assessment.assessed_on)} as lacking capacity"
        if self.kind == "representative":
            names = " or ".join(r.full_name for r in self.representatives)
            return f"{assessed}; {names} may decide, holding a valid welfare authority."
        return (
            f"{assessed}, and nobody holds a valid welfare authority: staff make a best-interests "
            "decision, recording who was consulted."
        )

    def basis_for(self, representative: Representative) -> str:
        """'attorney' or 'deputy': the ground on which this representative decides."""
        kinds = {a.kind for a in representative.valid_welfare_authorities}
        return "attorney" if AuthorityKind.HEALTH_WELFARE_LPA in kinds else "deputy"

    def allows(self, user: User) -> bool:
        """May `user` make this decision themselves?"""
        if not user.is_authenticated:
            return False
        if self.kind == "person":
            return self.person.user_id is not None and self.person.user_id == user.pk
        if self.kind == "representative":
            return any(r.user_id == user.pk for r in self.representatives if r.user_id)
        return self.person.scheme_id in user.staff_scheme_ids


def latest_capacity_assessment(person: Person, *, decision: str, on: date) -> CapacityAssessment | None:
    """The assessment for this decision that applies on `on`: the most recent one made by then.
    Uses the person's prefetched assessments when the page has them (the staff record does)."""
    prefetched = getattr(person, "_prefetched_objects_cache", {}).get("capacity_assessments")
    if prefetched is not None:
        made = [a for a in prefetched if a.decision == decision and a.assessed_on <= on]
        return max(made, key=lambda a: (a.assessed_on, a.created_at, a.pk), default=None)
    return (
        CapacityAssessment.objects.filter(person=person, decision=decision, assessed_on__lte=on)
        .order_by("-assessed_on", "-created_at", "-pk")
        .first()
    )


def representatives_with_welfare_authority(person: Person, *, on: date) -> tuple[Representative, ...]:
    """Current representatives holding a health and welfare LPA or welfare deputyship valid on `on`.

    Each carries `valid_welfare_authorities`, the authorities that qualify them. Uses the person's
    prefetched representatives and their authorities when the page has them (the staff record
    does), in their prefetched order, with the rule of `LegalAuthority.objects.valid_on`.
    """
    prefetched = getattr(person, "_prefetched_objects_cache", {}).get("representatives")
    if prefetched is not None and all(
        "authorities" in getattr(r, "_prefetched_objects_cache", {}) for r in prefetched
    ):
        holders = []
        for representative in prefetched:
            if representative.removed_at is not None:
                continue
            valid = [
                a
                for a in representative.authorities.all()
                if a.kind in WELFARE_AUTHORITIES and a.is_valid_on(on)
            ]
            if valid:
                representative.valid_welfare_authorities = valid
                holders.append(representative)
        return tuple(holders)
    authorities = LegalAuthority.objects.valid_on(on).filter(kind__in=WELFARE_AUTHORITIES)
    representatives = (
        Representative.objects.current()
        .filter(person=person, pk__in=authorities.values("representative_id"))
        .prefetch_related(Prefetch("authorities", queryset=authorities, to_attr="valid_welfare_authorities"))
        .order_by("full_name", "pk")
    )
    return tuple(representatives)


def person_side_decider(
    person: Person, *, decision: str = Decision.ARRANGEMENT, on: date | None = None
) -> PersonSideDecider:
    """Who may make the person-side `decision` for `person` on `on` (default today).

    1. The person, unless the latest capacity assessment for this decision says they lack capacity.
    2. If they lack it: representatives with a valid health and welfare LPA or welfare deputyship.
    3. Otherwise: staff, through a best-interests decision.
    Property and finance authorities and DWP appointees never qualify.
    """
    on = on or timezone.localdate()
    decision = Decision(decision)
    assessment = latest_capacity_assessment(person, decision=decision, on=on)
    if assessment is None or assessment.outcome == CapacityOutcome.HAS_CAPACITY:
        return PersonSideDecider(
            kind="person", person=person, decision=decision, on=on, assessment=assessment
        )
    representatives = representatives_with_welfare_authority(person, on=on)
    if representatives:
        return PersonSideDecider(
            kind="representative",
            person=person,
            decision=decision,
            on=on,
            assessment=assessment,
            representatives=representatives,
        )
    return PersonSideDecider(
        kind="best_interests", person=person, decision=decision, on=on, assessment=assessment
    )


def can_decide_for(user: User, person: Person, *, decision: str = Decision.ARRANGEMENT) -> bool:
    """May `user` make the person-side `decision` for `person` today?"""
    return person_side_decider(person, decision=decision).allows(user)


def may_see_access_log(user: User, person: Person) -> bool:
    """The person themselves, a manager of their scheme, or a representative with a valid welfare
    authority may see who looked at the person's record."""
    if not user.is_authenticated:
        return False
    if user.kind == User.Kind.PERSON:
        return person.user_id == user.pk
    if user.kind == User.Kind.STAFF:
        return user.is_manager_of(person.scheme_id)
    if user.kind == User.Kind.FAMILY:
        return any(
            r.user_id == user.pk
            for r in representatives_with_welfare_authority(person, on=timezone.localdate())
        )
    return False


def profile_of(person: Person) -> Profile:
    """The person's profile, or an empty unsaved one if none was ever made (people added in the admin)."""
    try:
        return person.profile
    except Profile.DoesNotExist:
        return Profile(person=person)


# --- Lists ----------------------------------------------------------------------------------


def people_for_list(user: User):
    """The people `user` may see, each annotated with their current referral: the newest open one,
    else the newest. `waiting_since` is its received date while it is open, else None."""
    current = Referral.objects.filter(person=OuterRef("pk")).order_by(
        Case(When(status__in=OPEN_REFERRAL_STATUSES, then=0), default=1), "-received_on", "-pk"
    )
    return (
        Person.objects.for_user(user)
        .select_related("scheme")
        .annotate(
            current_status=Subquery(current.values("status")[:1]),
            current_support_type=Subquery(current.values("support_type")[:1]),
            current_received_on=Subquery(current.values("received_on")[:1]),
        )
        .annotate(
            waiting_since=Case(
                When(current_status__in=OPEN_REFERRAL_STATUSES, then=F("current_received_on")), default=None
            )
        )
    )


def referral_counts_by_status(user: User) -> list[dict]:
    """[{"status", "label", "count"}] for every status, in lifecycle order, zeros included."""
    counts = dict(Referral.objects.for_user(user).order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in ReferralStatus]


# --- Who looked -----------------------------------------------------------------------------

# What each logged page showed, as a phrase that completes "<who> ... on 3 March".
PAGE_PHRASES = {
    "person detail": "looked at {whose} record",
    "person edit": "looked at {whose} details to change them",
    "profile": "looked at {whose} profile",
    "profile edit": "looked at {whose} profile to change it",
    "printed profile": "printed {whose} profile",
    "proposal summary": "printed a summary of a match proposed for {whose}",
    "referral edit": "looked at {whose} referral to change it",
    "history": "looked at the changes to {whose} record",
    "export": "downloaded {whose} record",
    "subject access export": "downloaded everything held about {whose} record",
    "person home": "looked at {whose} page",
    "family home": "looked at {whose} name on their family page",
    "family person": "looked at {whose} profile on their family page",
    "reviews": "looked at {whose} reviews",
    "review": "looked at one of {whose} reviews",
    "review form": "recorded a review of {whose} arrangement",
    "review summaries": "looked at {whose} review summaries",
    # Living together (records): what the carers and the scheme keep once someone lives with carers.
    "supporting page": "looked at {whose} support plan, as a carer",
    "support plan": "looked at {whose} support plan",
    "support plan form": "looked at {whose} support plan to change it",
    "daily notes": "read the daily notes about {whose} days",
    "daily note": "read a daily note about {whose} day",
    "daily note form": "wrote or changed a daily note about {whose} day",
    "daily note correction": "corrected a daily note about {whose} day",
    "daily note words": "added words to a daily note about {whose} day",
    "daily note to incident": "reported an incident from a daily note about {whose} day",
    "my notes": "read the daily notes about {whose} days",
    "records sample": "read a sample of the daily notes about {whose} days",
    "medicines": "looked at {whose} medicines",
    "medicine add": "added one of {whose} medicines",
    "medicine edit": "looked at one of {whose} medicines to change it",
    "medicine stop": "stopped one of {whose} medicines",
    "dose record": "recorded a dose of {whose} medicines",
    "dose correct": "corrected the record of a dose of {whose} medicines",
    "medicines chart": "looked at {whose} medicines chart",
    "medicines chart print": "printed {whose} medicines chart",
    "money": "looked at {whose} money",
    "money entry": "looked at an entry of {whose} money",
}

ROLE_WORDS = {
    User.Kind.STAFF: "scheme staff",
    User.Kind.CARER: "Shared Lives carer",
    User.Kind.PERSON: "the person",
    User.Kind.FAMILY: "family or representative",
}


def access_log_for(person: Person):
    return AccessLog.objects.for_object(person).select_related("user")


def who_looked_sentences(entries, *, person: Person, viewer: User) -> list[str]:
    """Plain-language lines: 'Casey Coordinator (scheme staff) looked at your profile on 3 March'."""
    this_year = timezone.localdate().year
    whose = "your" if person.user_id == viewer.pk else f"{person.known_as}'s"
    lines = []
    for entry in entries:
        when = timezone.localtime(entry.at)
        day = f"{when.day} {when:%B}" if when.year == this_year else f"{when.day} {when:%B %Y}"
        who = (
            "You"
            if entry.user_id == viewer.pk
            else f"{entry.user} ({ROLE_WORDS.get(entry.user.kind, 'staff')})"
        )
        what = PAGE_PHRASES.get(entry.page, "looked at {whose} record").format(whose=whose)
        lines.append(f"{who} {what} on {day}")
    return lines


# --- History and export ---------------------------------------------------------------------

# Bookkeeping columns that change with every save and say nothing to a reader (besides
# history.BOOKKEEPING). The language and interest of a link row are named in its summary instead.
HIDDEN_HISTORY_FIELDS = {
    "status_changed_at",
    "live_near_easting",
    "live_near_northing",
    "language_id",
    "interest_id",
}


def history_for(person: Person) -> list[history.HistoryEntry]:
    """Every recorded change to the person's record, newest first.

    Reads the pghistory events that reference the person, their profile and their
    representatives (whose authorities hang off them), and says each in words.
    """
    # Only this app's event tables: other apps (matching) show their own history of a person.
    events_here = MiddlewareEvents.objects.across(
        *[model for model in apps.get_app_config("people").get_models() if issubclass(model, Event)]
    )
    sources = [events_here.references(person)]
    profile = Profile.objects.filter(person=person).first()
    if profile is not None:
        sources.append(events_here.references(profile))
    representatives = list(Representative.objects.filter(person=person))
    if representatives:
        sources.append(events_here.references(representatives))
    events = {}
    for source in sources:
        for event in source:
            events[event.pgh_slug] = event
    ordered = sorted(events.values(), key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    return history.describe(
        ordered, named=(Language, Interest), hidden=HIDDEN_HISTORY_FIELDS, summary=_summary
    )


def _summary(event, model, names: history.Names) -> str:
    """What happened, in the words of the person's record: "Record created", "Referral added (short
    breaks)", "Language added: Polish"."""
    data = event.pgh_data
    verb = history.VERBS.get(event.pgh_label, event.pgh_label)
    if model is Person:
        return {"insert": "Record created", "update": "Details changed"}.get(
            event.pgh_label, history.default_summary(event, model, names)
        )
    if model is Referral:
        return f"Referral {verb} ({SupportType(data['support_type']).label.lower()})"
    if model is Representative:
        return f"Representative {verb}: {data.get('full_name', '')}"
    if model is LegalAuthority:
        return f"Legal authority {verb}: {AuthorityKind(data['kind']).label}"
    if model is PersonLanguage:
        return f"Language {verb}: {names.of(Language, data['language_id'])}"
    if model is ProfileInterest:
        return f"Interest {verb}: {names.of(Interest, data['interest_id'])}"
    return history.default_summary(event, model, names)


def _row(obj, *, exclude=()) -> dict:
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in exclude}


def person_export_data(person: Person) -> dict:
    """The person's whole record as plain data, for a subject access request or a transfer.

    Expects the person loaded with the prefetches of the staff record page.
    """
    profile = getattr(person, "profile", None)
    return {
        "exported_at": timezone.now().isoformat(),
        "scheme": person.scheme.name,
        "person": _row(person, exclude={"scheme"})
        | {"languages": [lang.name for lang in person.languages.all()]},
        "profile": (
            _row(profile, exclude={"person"}) | {"interests": [i.name for i in profile.interests.all()]}
            if profile
            else None
        ),
        "referrals": [
            _row(r, exclude={"person"})
            | {"transitions": [_row(t, exclude={"referral"}) for t in r.transitions.all()]}
            for r in person.referrals.all()
        ],
        "representatives": [
            _row(r, exclude={"person"})
            | {"authorities": [_row(a, exclude={"representative"}) for a in r.authorities.all()]}
            for r in person.representatives.all()
        ],
        "capacity_assessments": [_row(a, exclude={"person"}) for a in person.capacity_assessments.all()],
    }


# --- Home pages of the person and of their family -------------------------------------------


def own_person(user) -> Person | None:
    return (
        Person.objects.for_user(user)
        .select_related("profile")
        .prefetch_related("profile__interests", "referrals")
        .first()
    )


def representations_of(user, person=None):
    """The user's current Representative rows, with the person."""
    rows = Representative.objects.current().filter(user=user).select_related("person")
    if person is not None:
        rows = rows.filter(person=person)
    return rows.order_by("person__first_name", "person__pk")


# The only columns the family home reads of the representations, their people and their referrals.
FAMILY_HOME_FIELDS = [
    "role",
    "relationship",
    "may_see_proposals",
    "may_see_records",
    "person__scheme",  # for the access log
    "person__first_name",
    "person__preferred_name",
    "person__last_name",
]
FAMILY_HOME_REFERRALS = Prefetch(
    "person__referrals", queryset=Referral.objects.only("person", "status", "support_type")
)


def family_home_representations(user) -> list:
    """The user's current representations, with the few columns the family home page reads."""
    return list(representations_of(user).only(*FAMILY_HOME_FIELDS).prefetch_related(FAMILY_HOME_REFERRALS))
