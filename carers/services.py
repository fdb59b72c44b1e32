"""State changes for the carer registry. Each is one transaction that locks the household it changes.

Errors are `CarersError`, with a message written for the coordinator or carer who will read it.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from sharedlives import geo
from sharedlives.accounts.models import Scheme, User
from sharedlives.accounts.services import invitation_create
from sharedlives.dates import add_months
from sharedlives.errors import DomainError

from .models import (
    CHECK_RULES,
    ApprovalTerms,
    Availability,
    Carer,
    CarerSettings,
    Check,
    Household,
    HouseholdMember,
    HouseholdStatus,
    HouseholdTransition,
    PanelDecision,
    PanelDecisionKind,
)

S = HouseholdStatus
D = PanelDecisionKind


class CarersError(DomainError):
    """A change to the carer registry was refused."""


# --- The approval lifecycle ---------------------------------------------------------------
# Every status change a household may make, from -> to. Anything not listed is refused.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.ENQUIRY: {S.INITIAL_VISIT, S.WITHDRAWN},
    S.INITIAL_VISIT: {S.ASSESSMENT, S.WITHDRAWN},
    S.ASSESSMENT: {S.READY_FOR_PANEL, S.WITHDRAWN},
    S.READY_FOR_PANEL: {S.APPROVED, S.PROBATION, S.DECLINED, S.ASSESSMENT, S.WITHDRAWN},
    S.APPROVED: {S.ON_HOLD, S.SUSPENDED, S.RESIGNED, S.DEREGISTERED},
    S.PROBATION: {S.APPROVED, S.ON_HOLD, S.SUSPENDED, S.RESIGNED, S.DEREGISTERED},
    S.ON_HOLD: {S.APPROVED, S.PROBATION, S.SUSPENDED, S.RESIGNED, S.DEREGISTERED},
    S.SUSPENDED: {S.APPROVED, S.PROBATION, S.RESIGNED, S.DEREGISTERED},
    S.DEREGISTERED: {S.APPEALING},
    S.APPEALING: {S.APPROVED, S.DEREGISTERED},
    S.RESIGNED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}

# These moves are decisions of the panel: only `panel_decision_record` makes them.
PANEL_DECIDES: dict[tuple[str, str], str] = {
    (S.READY_FOR_PANEL, S.APPROVED): D.RECOMMEND_APPROVAL,
    (S.READY_FOR_PANEL, S.PROBATION): D.RECOMMEND_APPROVAL,
    (S.READY_FOR_PANEL, S.DECLINED): D.DECLINE,
    (S.APPEALING, S.APPROVED): D.RECOMMEND_APPROVAL,
    **{(s, S.DEREGISTERED): D.DEREGISTER for s in (S.APPROVED, S.PROBATION, S.ON_HOLD, S.SUSPENDED)},
    (S.APPEALING, S.DEREGISTERED): D.DEREGISTER,
}

# Suspending a carer, and lifting a suspension, is for a manager.
MANAGER_ONLY = {(s, S.SUSPENDED) for s in ALLOWED_TRANSITIONS} | {
    (S.SUSPENDED, s) for s in ALLOWED_TRANSITIONS[S.SUSPENDED]
}

# Which panel decisions may be made about a household in each status.
PANEL_DECISIONS_FROM: dict[str, set[str]] = {
    D.RECOMMEND_APPROVAL: {S.READY_FOR_PANEL, S.APPROVED, S.PROBATION, S.SUSPENDED, S.APPEALING},
    D.DEFER: {S.READY_FOR_PANEL, S.SUSPENDED, S.APPEALING},
    D.DECLINE: {S.READY_FOR_PANEL},
    D.DEREGISTER: {S.APPROVED, S.PROBATION, S.ON_HOLD, S.SUSPENDED, S.APPEALING},
}


def _label(status: str) -> str:
    return HouseholdStatus(status).label.lower()


def transitions_for(household: Household, user: User) -> list[str]:
    """The statuses this user may move the household to by hand (panel decisions excluded)."""
    if household.suspension_needs_panel:
        return [S.RESIGNED] if S.RESIGNED in ALLOWED_TRANSITIONS[household.status] else []
    return [
        to
        for to in HouseholdStatus.values
        if to in ALLOWED_TRANSITIONS[household.status]
        and (household.status, to) not in PANEL_DECIDES
        and ((household.status, to) not in MANAGER_ONLY or user.is_manager_of(household.scheme_id))
    ]


def panel_decisions_for(household: Household) -> list[str]:
    return [d for d in PanelDecisionKind.values if household.status in PANEL_DECISIONS_FROM[d]]


def _lock(household_id: int) -> Household:
    return Household.objects.select_for_update().get(pk=household_id)


def _ensure_staff(household: Household, by: User) -> None:
    if household.scheme_id not in by.staff_scheme_ids:
        raise CarersError("Only staff of this household's scheme can do that.")


def _move(
    household: Household, *, to_status: str, by: User, reason: str, decision=None, note: str = ""
) -> None:
    HouseholdTransition.objects.create(
        household=household,
        from_status=household.status,
        to_status=to_status,
        by=by,
        reason=reason,
        panel_decision=decision,
    )
    household.status = to_status
    # What the carers are told belongs to the status it explains: a new status starts afresh.
    household.status_note = note
    if to_status != S.SUSPENDED:
        household.suspension_needs_panel = False
    _touch(household, "status", "status_note", "suspension_needs_panel")


def _touch(household: Household, *fields: str) -> None:
    household.updated_at = timezone.now()
    household.save(update_fields=[*fields, "updated_at"])


def _refuse_transition(household: Household, to_status: str) -> None:
    allowed = sorted(ALLOWED_TRANSITIONS[household.status], key=HouseholdStatus.values.index)
    if not allowed:
        raise CarersError(f"This household is {_label(household.status)}; its status cannot change any more.")
    raise CarersError(
        f"A household that is {_label(household.status)} cannot become {_label(to_status)}. "
        f"From {_label(household.status)} it can become: {', '.join(_label(s) for s in allowed)}."
    )


@transaction.atomic
def household_transition(
    *,
    household_id: int,
    to_status: str,
    by: User,
    reason: str = "",
    note_for_carers: str = "",
    lifted_by_panel_only: bool = False,
) -> Household:
    """Move a household along its approval lifecycle, writing a transition row.

    Refuses, with a readable CarersError, a move the lifecycle does not allow, a move that only
    a panel decision can make, and a suspension (or lifting one) by someone who is not a manager.
    `note_for_carers` is what the carers see about the new status, in the manager's words. A
    suspension `lifted_by_panel_only` (an allegation being looked into) ends only by a panel decision.
    """
    household = _lock(household_id)
    _ensure_staff(household, by)
    if household.suspension_needs_panel and to_status != S.RESIGNED:
        raise CarersError(
            "This suspension follows an allegation: only a panel decision can lift it or de-register "
            "the household. A manager records the decision on the panel decision page."
        )
    if to_status not in ALLOWED_TRANSITIONS.get(household.status, set()):
        _refuse_transition(household, to_status)
    if (household.status, to_status) in PANEL_DECIDES:
        decision = PanelDecisionKind(PANEL_DECIDES[(household.status, to_status)]).label.lower()
        raise CarersError(
            f"Only a panel decision can make this household {_label(to_status)}: "
            f"a manager records the decision ({decision}) on the panel decision page."
        )
    if (household.status, to_status) in MANAGER_ONLY and not by.is_manager_of(household.scheme_id):
        raise CarersError("Only a manager of the scheme can suspend a carer household or lift a suspension.")
    if lifted_by_panel_only and to_status != S.SUSPENDED:
        raise CarersError("Only a suspension can be one that a panel decision lifts.")
    _move(household, to_status=to_status, by=by, reason=reason, note=note_for_carers.strip())
    if lifted_by_panel_only:
        household.suspension_needs_panel = True
        _touch(household, "suspension_needs_panel")
    return household


@transaction.atomic
def panel_decision_record(
    *,
    household_id: int,
    by: User,
    decided_on: date,
    decision: str,
    decision_maker: str,
    minutes: str = "",
    max_people: int | None = None,
    support_types: list[str] | None = None,
    client_groups: list[str] | None = None,
    probation: bool = False,
    conditions: str = "",
    note_for_carers: str = "",
) -> PanelDecision:
    """Record a panel decision (managers only) and carry it out.

    Approval adds a new version of the approval terms (earlier versions stay) and approves the
    household if it was waiting for panel, suspended or appealing (lifting a suspension, with any
    conditions or training the carers must do); de-registration and decline change the status; a
    deferral changes nothing but is kept. `note_for_carers` is what the carers see about the
    status the decision leaves them in.
    """
    household = _lock(household_id)
    if not by.is_manager_of(household.scheme_id):
        raise CarersError("Only a manager of the scheme can record panel decisions.")
    if household.status not in PANEL_DECISIONS_FROM[decision]:
        raise CarersError(
            f"A panel cannot {PanelDecisionKind(decision).label.lower()} a household that is "
            f"{_label(household.status)}."
        )
    if decided_on > timezone.localdate():
        raise CarersError("The date of the decision cannot be in the future.")
    if decision == D.RECOMMEND_APPROVAL:
        if not max_people or not support_types or not client_groups:
            raise CarersError(
                "An approval needs its terms: how many people at once, support types and client groups."
            )
        if not 1 <= max_people <= 3:
            raise CarersError("A household can be approved for 1, 2 or 3 people at once.")
    record = PanelDecision.objects.create(
        household=household,
        decided_on=decided_on,
        decision=decision,
        decision_maker=decision_maker,
        minutes=minutes,
        conditions=conditions.strip(),
        recorded_by=by,
    )
    note = note_for_carers.strip()
    if decision == D.RECOMMEND_APPROVAL:
        last = household.terms_versions.order_by("-version").values_list("version", flat=True).first()
        terms = ApprovalTerms.objects.create(
            household=household,
            version=(last or 0) + 1,
            panel_decision=record,
            max_people=max_people,
            support_types=list(support_types),
            client_groups=list(client_groups),
            effective_from=decided_on,
        )
        household.current_terms = terms
        _touch(household, "current_terms")
        if household.status in (S.READY_FOR_PANEL, S.SUSPENDED, S.APPEALING):
            to_status = S.PROBATION if probation and household.status == S.READY_FOR_PANEL else S.APPROVED
            _move(household, to_status=to_status, by=by, reason=minutes, decision=record, note=note)
    elif decision == D.DECLINE:
        _move(household, to_status=S.DECLINED, by=by, reason=minutes, decision=record, note=note)
    elif decision == D.DEREGISTER:
        _move(household, to_status=S.DEREGISTERED, by=by, reason=minutes, decision=record, note=note)
    return record


# --- Households and the people in them -----------------------------------------------------
PROFILE_FIELDS = (
    "name",
    "address",
    "postcode",
    "about_us",
    "has_pets",
    "pets",
    "smoking",
    "spare_rooms",
    "ground_floor_bedroom",
    "level_access",
    "adapted_bathroom",
    "hoist",
    "faith",
    "culture",
    "experience",
)
CARER_FIELDS = ("first_name", "last_name", "gender", "phone", "email")


def _set_postcode(household: Household, postcode: str) -> None:
    """Store the postcode normalised, with its grid reference (or its district's) when we know it."""
    household.postcode = geo.normalise_postcode(postcode) or postcode.strip().upper()
    coordinates = geo.coordinates_for(household.postcode)
    household.easting, household.northing = coordinates or (None, None)


@transaction.atomic
def household_create(*, scheme: Scheme, by: User, name: str, postcode: str, address: str = "", carer: dict):
    """A new household at enquiry, with its first carer."""
    if scheme.pk not in by.staff_scheme_ids:
        raise CarersError("You can only add households to a scheme you work in.")
    household = Household(scheme=scheme, name=name, address=address)
    _set_postcode(household, postcode)
    household.save()
    HouseholdTransition.objects.create(household=household, to_status=household.status, by=by)
    Carer.objects.create(household=household, position=1, **{f: carer.get(f, "") for f in CARER_FIELDS})
    return household


@transaction.atomic
def household_update(*, household_id: int, by: User, languages=None, interests=None, **fields) -> Household:
    """Change the household's profile. Staff may change everything; a carer only what the scheme allows."""
    household = _lock(household_id)
    allowed = editable_parts(household, by)
    asked = set(fields) | {
        n for n, v in (("languages", languages), ("interests", interests)) if v is not None
    }
    if not asked <= allowed:
        raise CarersError("Your scheme has not asked you to change these details; contact your coordinator.")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "postcode":
            if value != household.postcode:
                _set_postcode(household, value)
        else:
            setattr(household, name, value)
    household.updated_at = timezone.now()
    household.save()
    if languages is not None:
        household.languages.set(languages)
    if interests is not None:
        household.interests.set(interests)
    return household


def editable_parts(household: Household, user: User) -> set[str]:
    """What this user may change in the household's profile: every field for staff of its scheme;
    for one of its carers, 'about_us', 'interests' and 'members' as far as the scheme allows."""
    if household.scheme_id in user.staff_scheme_ids:
        return set(PROFILE_FIELDS) | {"languages", "interests", "members"}
    # Reads the household's carers through .all(), so a page that prefetched them asks nothing more.
    if user.kind == User.Kind.CARER and any(c.user_id == user.pk for c in household.carers.all()):
        rules = CarerSettings.for_household(household)
        return (
            ({"about_us"} if rules.carers_may_edit_about_us else set())
            | ({"interests"} if rules.carers_may_edit_interests else set())
            | ({"members"} if rules.carers_may_edit_members else set())
        )
    return set()


@transaction.atomic
def carer_add(*, household_id: int, by: User, **fields) -> Carer:
    """Add the second carer of a joint approval. A household has at most two carers."""
    household = _lock(household_id)
    _ensure_staff(household, by)
    taken = set(household.carers.values_list("position", flat=True))
    if len(taken) >= 2:
        raise CarersError("This household already has two carers; a joint approval is for two people.")
    position = 1 if 1 not in taken else 2
    _touch(household)
    return Carer.objects.create(household=household, position=position, **fields)


@transaction.atomic
def carer_update(*, carer_id: int, by: User, **fields) -> Carer:
    carer = Carer.objects.select_for_update(of=("self",)).select_related("household").get(pk=carer_id)
    _ensure_staff(carer.household, by)
    for name, value in fields.items():
        if name not in CARER_FIELDS:
            raise ValueError(f"Not a carer field: {name}")
        setattr(carer, name, value)
    carer.save()
    return carer


@transaction.atomic
def carer_invite(*, carer_id: int, by: User) -> Carer:
    """Invite a carer to sign in, by the email address on their record, and link the account to them.

    The invitation (and the account it creates) and the link are one transaction: both or neither.
    """
    carer = (
        Carer.objects.select_for_update(of=("self",))
        .select_related("household__scheme", "user")
        .get(pk=carer_id)
    )
    _ensure_staff(carer.household, by)
    if not carer.email:
        raise CarersError(f"Add an email address for {carer.full_name} before inviting them.")
    if carer.user and carer.user.is_active:
        raise CarersError(f"{carer.full_name} can already sign in.")
    invitation, _token = invitation_create(
        scheme=carer.household.scheme, email=carer.email, full_name=carer.full_name, kind="carer", by=by
    )
    linked = Carer.objects.filter(user=invitation.user).exclude(pk=carer.pk).first()
    if linked:
        raise CarersError("This email address is already the account of another carer.")
    carer.user = invitation.user
    carer.save(update_fields=["user"])
    return carer


def _ensure_may_edit_members(household: Household, by: User) -> None:
    if "members" not in editable_parts(household, by):
        raise CarersError("Your scheme has not asked you to change these details; contact your coordinator.")


@transaction.atomic
def household_member_add(
    *, household_id: int, by: User, name: str, relationship: str, age_band: str
) -> HouseholdMember:
    household = _lock(household_id)
    _ensure_may_edit_members(household, by)
    return HouseholdMember.objects.create(
        household=household, name=name, relationship=relationship, age_band=age_band
    )


@transaction.atomic
def household_member_update(*, member_id: int, by: User, **fields) -> HouseholdMember:
    """Change a household member; set `left_on` when they move out (the record is kept)."""
    member = (
        HouseholdMember.objects.select_for_update(of=("self",)).select_related("household").get(pk=member_id)
    )
    _ensure_may_edit_members(member.household, by)
    for name in ("name", "relationship", "age_band", "left_on"):
        if name in fields:
            setattr(member, name, fields[name])
    member.save()
    return member


# --- Checks and training ---------------------------------------------------------------------
def check_expiry(*, scheme_id: int, check_type: str, done_on: date, rules: CarerSettings | None = None):
    """When a check done on `done_on` expires under the scheme's renewal period; None if it does not."""
    rules = rules or CarerSettings.for_scheme(scheme_id)
    months = rules.renewal_months(check_type)
    return add_months(done_on, months) if months else None


def _refresh_current(household_id: int, carer_id: int | None, check_type: str, title: str) -> None:
    """The newest record of a kind is the current one; earlier ones are kept as evidence."""
    same_kind = Check.objects.filter(
        household_id=household_id, carer_id=carer_id, check_type=check_type, title=title
    )
    newest = same_kind.order_by("-done_on", "-pk").values_list("pk", flat=True).first()
    same_kind.exclude(pk=newest).filter(is_current=True).update(is_current=False)
    same_kind.filter(pk=newest, is_current=False).update(is_current=True)


def _validate_check(household: Household, *, check_type: str, carer: Carer | None, done_on: date) -> None:
    if CHECK_RULES[check_type].per_carer:
        if carer is None:
            raise CarersError("Say which carer this check or course is for.")
        if carer.household_id != household.pk:
            raise CarersError("That carer is not part of this household.")
    elif carer is not None:
        raise CarersError("This check is of the home, not of one carer: leave the carer empty.")
    if done_on > timezone.localdate():
        raise CarersError("The date done cannot be in the future.")


@transaction.atomic
def check_record(
    *,
    household_id: int,
    by: User,
    check_type: str,
    done_on: date,
    carer: Carer | None = None,
    title: str = "",
    evidence: str = "",
) -> Check:
    """Record a check or course, verified by `by`. Its expiry comes from the scheme's renewal period.

    Recording a newer one of the same kind makes it the current record; the earlier stays.
    """
    household = _lock(household_id)
    _ensure_staff(household, by)
    _validate_check(household, check_type=check_type, carer=carer, done_on=done_on)
    carer_id = carer.pk if carer else None
    current = Check.objects.filter(
        household=household, carer_id=carer_id, check_type=check_type, title=title, is_current=True
    ).first()
    # A record entered late, older than the current one, is kept as evidence but does not displace it.
    is_newest = current is None or done_on >= current.done_on
    if current and is_newest:
        current.is_current = False
        current.save(update_fields=["is_current"])
    return Check.objects.create(
        household=household,
        carer_id=carer_id,
        check_type=check_type,
        title=title,
        done_on=done_on,
        expires_on=check_expiry(scheme_id=household.scheme_id, check_type=check_type, done_on=done_on),
        evidence=evidence,
        verified_by=by,
        is_current=is_newest,
    )


@transaction.atomic
def check_update(*, check_id: int, by: User, done_on: date, evidence: str = "") -> Check:
    """Correct the date or evidence of a record; the expiry is computed again."""
    household_id = Check.objects.values_list("household_id", flat=True).get(pk=check_id)
    household = _lock(household_id)
    _ensure_staff(household, by)
    check = Check.objects.select_for_update(of=("self",)).select_related("carer").get(pk=check_id)
    _validate_check(household, check_type=check.check_type, carer=check.carer, done_on=done_on)
    check.done_on = done_on
    check.evidence = evidence
    check.expires_on = check_expiry(
        scheme_id=household.scheme_id, check_type=check.check_type, done_on=done_on
    )
    check.verified_by = by
    check.save()
    _refresh_current(household.pk, check.carer_id, check.check_type, check.title)
    check.refresh_from_db(fields=["is_current"])
    return check


@transaction.atomic
def carer_settings_update(*, scheme_id: int, by: User, **values) -> CarerSettings:
    """Change a scheme's renewal periods and carer permissions. Every stored expiry of a check type
    whose period changed is computed again, so the registry and matching agree with the new rules.
    """
    if not by.is_manager_of(scheme_id):
        raise CarersError("Only a manager of the scheme can change its carer settings.")
    Scheme.objects.select_for_update().get(pk=scheme_id)
    rules, _ = CarerSettings.objects.get_or_create(scheme_id=scheme_id)
    changed_types = [
        check_type
        for check_type in CHECK_RULES
        if f"{check_type}_months" in values
        and values[f"{check_type}_months"] != rules.renewal_months(check_type)
    ]
    for name, value in values.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    if changed_types:
        checks = list(Check.objects.filter(household__scheme_id=scheme_id, check_type__in=changed_types))
        for check in checks:
            check.expires_on = check_expiry(
                scheme_id=scheme_id, check_type=check.check_type, done_on=check.done_on, rules=rules
            )
        Check.objects.bulk_update(checks, ["expires_on"], batch_size=1000)
    return rules


# --- Availability ------------------------------------------------------------------------------
def _validate_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise CarersError("The end date must be on or after the start date.")


@transaction.atomic
def availability_add(
    *, household_id: int, by: User, starts_on: date, ends_on: date, reason: str, note: str = ""
) -> Availability:
    """A period when the household cannot take anyone."""
    household = _lock(household_id)
    _ensure_staff(household, by)
    _validate_period(starts_on, ends_on)
    return Availability.objects.create(
        household=household, starts_on=starts_on, ends_on=ends_on, reason=reason, note=note
    )


@transaction.atomic
def availability_update(
    *, period_id: int, by: User, starts_on: date, ends_on: date, reason: str, note: str = ""
):
    period = (
        Availability.objects.select_for_update(of=("self",)).select_related("household").get(pk=period_id)
    )
    _ensure_staff(period.household, by)
    _validate_period(starts_on, ends_on)
    period.starts_on, period.ends_on, period.reason, period.note = starts_on, ends_on, reason, note
    period.save()
    return period


@transaction.atomic
def availability_remove(*, period_id: int, by: User) -> None:
    """Remove a period entered by mistake or no longer planned. Its history is kept."""
    period = (
        Availability.objects.select_for_update(of=("self",)).select_related("household").get(pk=period_id)
    )
    _ensure_staff(period.household, by)
    period.delete()
