"""State changes for people supported. One function per change, named `<entity>_<verb>`.

Every function takes the acting staff user as `by`, refuses users who do not work in the
person's scheme, runs in one transaction and locks the row it changes first.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from sharedlives.accounts.models import Invitation, Scheme, User
from sharedlives.accounts.services import AccountsError, invitation_create
from sharedlives.errors import DomainError
from sharedlives.geo import coordinates_for, normalise_postcode, postcode_district

from .models import (
    CapacityAssessment,
    ClosedReason,
    LegalAuthority,
    Person,
    Profile,
    Referral,
    ReferralStatus,
    ReferralTransition,
    Representative,
)


class PeopleError(DomainError):
    """A change to a person's record was refused."""


def _ensure_staff_of(scheme_id: int, by: User) -> None:
    if scheme_id not in by.staff_scheme_ids:
        raise PeopleError("You can only change the records of people in a scheme you work in.")


def _postcode_fields(raw: str, *, prefix: str = "") -> dict:
    """The stored postcode (normalised) and its grid reference, or None when it is unknown."""
    postcode = normalise_postcode(raw) or postcode_district(raw)
    coordinates = coordinates_for(postcode) if postcode else None
    easting, northing = coordinates or (None, None)
    return {f"{prefix}postcode": postcode, f"{prefix}easting": easting, f"{prefix}northing": northing}


def _set_fields(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# --- Person ---------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, scheme: Scheme, by: User, languages: Iterable = (), **fields) -> Person:
    """Record a new person in `scheme`, with an empty profile ready to fill in."""
    _ensure_staff_of(scheme.pk, by)
    fields |= _postcode_fields(fields.pop("postcode", ""))
    person = Person.objects.create(scheme=scheme, **fields)
    person.languages.set(languages)
    Profile.objects.create(person=person)
    return person


@transaction.atomic
def person_update(*, person_id: int, by: User, languages: Iterable | None = None, **fields) -> Person:
    """Change a person's details. The scheme and the linked sign-in are not changed here."""
    person = Person.objects.select_for_update().get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    if "postcode" in fields:
        fields |= _postcode_fields(fields.pop("postcode"))
    _set_fields(person, fields)
    person.save()
    if languages is not None:
        person.languages.set(languages)
    return person


@transaction.atomic
def person_invite(*, person_id: int, by: User) -> tuple[Person, Invitation | None]:
    """Give the person their own sign-in, at the email address on their record.

    An existing person account that is not yet linked to anyone is linked instead; otherwise
    an invitation is sent (after commit) and its new account is linked straight away.
    """
    person = Person.objects.select_for_update().select_related("scheme").get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    if person.user_id:
        raise PeopleError(f"{person.known_as} already has a sign-in.")
    if not person.email:
        raise PeopleError(f"Add an email address for {person.known_as} first.")
    existing = User.objects.select_for_update().filter(email__iexact=person.email).first()
    invitation = None
    if existing is not None and (existing.is_active or existing.has_usable_password()):
        if existing.kind != User.Kind.PERSON:
            raise PeopleError(
                f"{person.email} already signs in as a {existing.get_kind_display().lower()}; "
                "a person's sign-in must be their own."
            )
        if Person.objects.filter(user=existing).exists():
            raise PeopleError(f"{person.email} is already the sign-in of someone else.")
        user = existing
    else:
        invitation, _token = _invite(
            scheme=person.scheme, email=person.email, name=person.full_name, kind=User.Kind.PERSON, by=by
        )
        user = invitation.user
        if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise PeopleError(f"{person.email} is already the sign-in of someone else.")
    person.user = user
    person.save(update_fields=["user"])
    return person, invitation


def _invite(*, scheme: Scheme, email: str, name: str, kind: str, by: User):
    try:
        return invitation_create(scheme=scheme, email=email, full_name=name, kind=kind, by=by)
    except AccountsError as e:
        raise PeopleError(str(e)) from e


# --- Profile --------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, person_id: int, by: User, interests: Iterable | None = None, **fields) -> Profile:
    """Change the person's strengths-based profile (created if it is missing)."""
    person = Person.objects.select_for_update().get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    profile, _ = Profile.objects.select_for_update().get_or_create(person=person)
    if "live_near_postcode" in fields:
        fields |= _postcode_fields(fields.pop("live_near_postcode"), prefix="live_near_")
    _set_fields(profile, fields)
    profile.updated_at = timezone.now()
    profile.save()
    if interests is not None:
        profile.interests.set(interests)
    return profile


# --- Referrals ------------------------------------------------------------------------------

# Which statuses each status may move to. Closed and matched are final: a new need is a new referral.
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.RECEIVED: (ReferralStatus.SCREENING, ReferralStatus.CLOSED),
    ReferralStatus.SCREENING: (ReferralStatus.ASSESSMENT, ReferralStatus.CLOSED),
    ReferralStatus.ASSESSMENT: (ReferralStatus.MATCHING, ReferralStatus.CLOSED),
    ReferralStatus.MATCHING: (ReferralStatus.MATCHED, ReferralStatus.CLOSED),
    ReferralStatus.MATCHED: (),
    ReferralStatus.CLOSED: (),
}


@transaction.atomic
def referral_create(*, person_id: int, by: User, **fields) -> Referral:
    """Record a referral as received, with its first transition row."""
    person = Person.objects.select_for_update().get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    support_type = fields.get("support_type")
    if Referral.objects.open().filter(person=person, support_type=support_type).exists():
        raise PeopleError(
            f"{person.known_as} already has an open referral for "
            f"{Referral(support_type=support_type).get_support_type_display().lower()}. "
            "Update that one, or close it first."
        )
    referral = Referral.objects.create(person=person, status=ReferralStatus.RECEIVED, **fields)
    ReferralTransition.objects.create(referral=referral, to_status=ReferralStatus.RECEIVED, by=by)
    return referral


@transaction.atomic
def referral_update(*, referral_id: int, by: User, **fields) -> Referral:
    """Change an open referral's details. Its status changes only through the transitions below."""
    referral = Referral.objects.select_for_update().select_related("person").get(pk=referral_id)
    _ensure_staff_of(referral.person.scheme_id, by)
    if not referral.is_open:
        raise PeopleError(
            f"This referral is {referral.get_status_display().lower()} and can no longer change."
        )
    support_type = fields.get("support_type", referral.support_type)
    clash = Referral.objects.open().filter(person_id=referral.person_id, support_type=support_type)
    if clash.exclude(pk=referral.pk).exists():
        raise PeopleError(
            f"{referral.person.known_as} already has another open referral for this kind of support."
        )
    _set_fields(referral, fields)
    referral.save()
    return referral


def _referral_move(
    referral_id: int, *, to: str, by: User, note: str = "", closed_reason: str = ""
) -> Referral:
    referral = Referral.objects.select_for_update().select_related("person").get(pk=referral_id)
    _ensure_staff_of(referral.person.scheme_id, by)
    allowed = REFERRAL_TRANSITIONS[referral.status]
    if to not in allowed:
        current = referral.get_status_display().lower()
        target = ReferralStatus(to).label.lower()
        if not allowed:
            raise PeopleError(f"This referral is {current}; it cannot change any more. Start a new referral.")
        raise PeopleError(
            f"A referral in {current} cannot move to {target}. "
            f"Next it can go to: {', '.join(ReferralStatus(s).label.lower() for s in allowed)}."
        )
    from_status = referral.status
    referral.status = to
    referral.closed_reason = closed_reason
    referral.status_changed_at = timezone.now()
    referral.save(update_fields=["status", "closed_reason", "status_changed_at"])
    ReferralTransition.objects.create(
        referral=referral, from_status=from_status, to_status=to, by=by, reason=note
    )
    return referral


@transaction.atomic
def referral_start_screening(*, referral_id: int, by: User, note: str = "") -> Referral:
    """received -> screening: staff check the referral is for Shared Lives."""
    return _referral_move(referral_id, to=ReferralStatus.SCREENING, by=by, note=note)


@transaction.atomic
def referral_start_assessment(*, referral_id: int, by: User, note: str = "") -> Referral:
    """screening -> assessment: staff get to know the person and write the profile."""
    return _referral_move(referral_id, to=ReferralStatus.ASSESSMENT, by=by, note=note)


@transaction.atomic
def referral_start_matching(*, referral_id: int, by: User, note: str = "") -> Referral:
    """assessment -> matching: staff look for carer households."""
    return _referral_move(referral_id, to=ReferralStatus.MATCHING, by=by, note=note)


@transaction.atomic
def referral_mark_matched(*, referral_id: int, by: User, note: str = "") -> Referral:
    """matching -> matched: both sides said yes and an arrangement is agreed."""
    return _referral_move(referral_id, to=ReferralStatus.MATCHED, by=by, note=note)


@transaction.atomic
def referral_close(*, referral_id: int, reason: str, by: User, note: str = "") -> Referral:
    """Any open status -> closed, with the reason (withdrawn, unsuitable, no carer found)."""
    reason = ClosedReason(reason)
    return _referral_move(referral_id, to=ReferralStatus.CLOSED, by=by, note=note, closed_reason=reason)


# The service for each target status, for views that move a referral on by one step.
REFERRAL_MOVES = {
    ReferralStatus.SCREENING: referral_start_screening,
    ReferralStatus.ASSESSMENT: referral_start_assessment,
    ReferralStatus.MATCHING: referral_start_matching,
    ReferralStatus.MATCHED: referral_mark_matched,
}


# --- Representatives and legal authority -----------------------------------------------------


@transaction.atomic
def representative_create(*, person_id: int, by: User, user: User | None = None, **fields) -> Representative:
    """Record a family member, friend, advocate or IMCA. `user` links an existing family sign-in."""
    person = Person.objects.select_for_update().get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    if user is not None and user.kind != User.Kind.FAMILY:
        raise PeopleError("A representative's sign-in must be a family member's account.")
    return Representative.objects.create(person=person, user=user, **fields)


@transaction.atomic
def representative_update(*, representative_id: int, by: User, **fields) -> Representative:
    representative = (
        Representative.objects.select_for_update().select_related("person").get(pk=representative_id)
    )
    _ensure_staff_of(representative.person.scheme_id, by)
    if representative.is_removed:
        raise PeopleError(
            f"{representative.full_name} was removed as a representative and cannot be changed."
        )
    _set_fields(representative, fields)
    representative.save()
    return representative


@transaction.atomic
def representative_remove(*, representative_id: int, by: User, reason: str) -> Representative:
    """Stop someone representing the person. From the next request they see nothing of the person,
    and any authority they held no longer counts."""
    representative = (
        Representative.objects.select_for_update().select_related("person").get(pk=representative_id)
    )
    _ensure_staff_of(representative.person.scheme_id, by)
    if representative.is_removed:
        raise PeopleError(f"{representative.full_name} has already been removed.")
    if not reason.strip():
        raise PeopleError("Say why they no longer represent the person.")
    representative.removed_at = timezone.now()
    representative.removed_by = by
    representative.removed_reason = reason.strip()
    representative.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    return representative


@transaction.atomic
def representative_invite(*, representative_id: int, by: User) -> tuple[Representative, Invitation | None]:
    """Give a representative a family sign-in linked to this person.

    If a family account already exists for their email (they may represent someone else too),
    it is linked and no invitation is sent; otherwise an invitation goes out after commit.
    Returns the representative and the invitation, or None when an account was linked.
    """
    representative = (
        Representative.objects.select_for_update().select_related("person__scheme").get(pk=representative_id)
    )
    person = representative.person
    _ensure_staff_of(person.scheme_id, by)
    if representative.is_removed:
        raise PeopleError(f"{representative.full_name} no longer represents {person.known_as}.")
    if representative.user_id:
        raise PeopleError(f"{representative.full_name} already has a sign-in.")
    if not representative.email:
        raise PeopleError(f"Add an email address for {representative.full_name} first.")
    existing = User.objects.select_for_update().filter(email__iexact=representative.email).first()
    invitation = None
    if existing is not None and existing.kind == User.Kind.FAMILY:
        user = existing
    elif existing is not None and (existing.is_active or existing.has_usable_password()):
        raise PeopleError(
            f"{representative.email} already signs in as a {existing.get_kind_display().lower()}. "
            "Use another email address for their family sign-in."
        )
    else:
        invitation, _token = _invite(
            scheme=person.scheme,
            email=representative.email,
            name=representative.full_name,
            kind=User.Kind.FAMILY,
            by=by,
        )
        user = invitation.user
    if Representative.objects.current().filter(person=person, user=user).exists():
        raise PeopleError(f"That sign-in already represents {person.known_as}.")
    representative.user = user
    representative.save(update_fields=["user"])
    return representative, invitation


@transaction.atomic
def authority_record(
    *,
    representative_id: int,
    by: User,
    kind: str,
    evidence_seen: str,
    checked_on: date,
    expires_on: date | None = None,
    note: str = "",
) -> LegalAuthority:
    """Record a legal authority a representative holds, with the evidence `by` saw."""
    representative = (
        Representative.objects.select_for_update().select_related("person").get(pk=representative_id)
    )
    _ensure_staff_of(representative.person.scheme_id, by)
    if representative.is_removed:
        raise PeopleError(f"{representative.full_name} no longer represents the person.")
    if checked_on > timezone.localdate():
        raise PeopleError("The date the evidence was checked cannot be in the future.")
    if expires_on is not None and expires_on <= checked_on:
        raise PeopleError("The expiry date must be after the date the evidence was checked.")
    return LegalAuthority.objects.create(
        representative=representative,
        kind=LegalAuthority.Kind(kind),
        evidence_seen=evidence_seen,
        checked_by=by,
        checked_on=checked_on,
        expires_on=expires_on,
        note=note,
    )


@transaction.atomic
def authority_remove(*, authority_id: int, by: User, reason: str) -> LegalAuthority:
    """Stop counting an authority (revoked, ended, recorded in error). Takes effect at once."""
    authority = (
        LegalAuthority.objects.select_for_update()
        .select_related("representative__person")
        .get(pk=authority_id)
    )
    _ensure_staff_of(authority.representative.person.scheme_id, by)
    if authority.removed_at:
        raise PeopleError("This authority has already been removed.")
    if not reason.strip():
        raise PeopleError("Say why the authority no longer applies.")
    authority.removed_at = timezone.now()
    authority.removed_by = by
    authority.removed_reason = reason.strip()
    authority.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    return authority


# --- Capacity -------------------------------------------------------------------------------


@transaction.atomic
def capacity_assessment_record(
    *,
    person_id: int,
    by: User,
    decision: str,
    assessed_on: date,
    assessor: str,
    outcome: str,
    note: str = "",
) -> CapacityAssessment:
    """Record a decision-specific capacity assessment. The latest one for a decision applies."""
    person = Person.objects.select_for_update().get(pk=person_id)
    _ensure_staff_of(person.scheme_id, by)
    if assessed_on > timezone.localdate():
        raise PeopleError("The assessment date cannot be in the future.")
    if outcome == CapacityAssessment.Outcome.LACKS_CAPACITY and not note.strip():
        raise PeopleError("Record why the assessor found that they lack capacity for this decision.")
    return CapacityAssessment.objects.create(
        person=person,
        decision=CapacityAssessment.Decision(decision),
        assessed_on=assessed_on,
        assessor=assessor,
        outcome=CapacityAssessment.Outcome(outcome),
        note=note,
        recorded_by=by,
    )
