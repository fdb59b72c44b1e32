"""The records the benchmarked pages are about, found with the ORM in whatever the database holds.

Works on any dataset of the usual shape (`seed_scale`'s, the demo's, the tests' world): the
largest scheme by households, a coordinator and a manager of it, a referral there that can be
ranked, the busiest person and household, a proposal waiting for the person's own answer and the main photo
of its household, a carer whose household has arrangements, a family member with welfare
authority and a proposal they see, a month of bookings, a month of payments, the safeguarding
concern with the most on its page, and the person the carer supports now (their records' pages).
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from arrangements.models import CONTINUOUS_TYPES, LIVE_ARRANGEMENT_STATUSES, Arrangement, Booking
from carers.models import Carer, Household
from matching.models import MatchProposal, ProposalStatus, Response, Side
from people.models import (
    WELFARE_AUTHORITIES,
    CapacityAssessment,
    LegalAuthority,
    Person,
    Referral,
    ReferralStatus,
)
from records.access import carer_arrangements, open_support
from safeguarding.models import Concern
from sharedlives.accounts.models import Scheme, SchemeMembership, User
from sharedlives.files.models import Photo
from sharedlives.files.selectors import approved_photos

from .pages import CARER, FAMILY, MANAGER, PERSON, STAFF


class MissingTarget(Exception):
    """The database has no record of a shape a benchmarked page needs."""


@dataclass(frozen=True)
class Month:
    household_id: int
    year: int
    month: int


@dataclass
class Targets:
    scheme: Scheme
    users: dict[str, User]  # by persona
    referral_id: int  # open referral of the largest scheme, ranked by the candidates pages
    person_id: int  # the person of the largest scheme with the most records
    household_id: int  # the household of the largest scheme with the most arrangements
    proposal_id: int  # a proposal waiting for the person's own (easy-read) answer
    family_proposal_id: int  # a proposal the family member sees, waiting for an answer if one is
    photo_id: int  # the main photo of the household in proposal_id, which the person sees
    calendar: Month  # a household's busiest month of bookings
    statement: Month  # a household's month with payments
    concern_id: int  # the safeguarding concern with the most on its page
    supported_person_id: int  # a person the carer supports now: their records' pages

    def user(self, persona: str) -> User:
        return self.users[persona]


def _first(queryset, what: str):
    found = queryset.first()
    if found is None:
        raise MissingTarget(f"No {what} in this database.")
    return found


def largest_scheme() -> Scheme:
    return _first(
        Scheme.objects.annotate(n=Count("households")).filter(n__gt=0).order_by("-n", "pk"),
        "scheme with carer households",
    )


def staff_of(scheme: Scheme, *, role: str | None = None) -> User:
    """A coordinator (else a manager), or one of `role`, of the scheme with an authenticator app,
    preferring one whose dashboard covers this scheme alone."""
    has_totp = Exists(Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP))
    memberships = SchemeMembership.objects.filter(scheme=scheme, user__is_active=True)
    if role:
        memberships = memberships.filter(role=role)
    membership = _first(
        memberships.filter(has_totp)
        .annotate(schemes=Count("user__memberships"))
        # "coordinator" sorts before "manager"
        .order_by("role", "schemes", "pk")
        .select_related("user"),
        f"active staff member of {scheme} with two-step sign-in",
    )
    return membership.user


def busiest_concern(scheme: Scheme) -> Concern:
    """The concern with the most status changes: an allegation about a carer if there is one, since
    its page shows the most (the household, its live arrangements, their safety plans)."""
    return _first(
        Concern.objects.filter(scheme=scheme)
        .annotate(n=Count("transitions"))
        .order_by(F("about_household").asc(nulls_last=True), "-n", "pk"),
        f"safeguarding concern in {scheme}",
    )


def rankable_referral(scheme: Scheme) -> Referral:
    open_referrals = Referral.objects.filter(person__scheme=scheme, status=ReferralStatus.MATCHING)
    return _first(
        open_referrals.filter(person__profile__isnull=False).order_by("pk"),
        f"referral in matching in {scheme}",
    )


def busiest_person(scheme: Scheme) -> Person:
    return _first(
        Person.objects.filter(scheme=scheme)
        .annotate(
            n=Count("referrals", distinct=True)
            + Count("representatives", distinct=True)
            + Count("arrangements", distinct=True)
        )
        .order_by("-n", "pk"),
        f"person in {scheme}",
    )


def busiest_household(scheme: Scheme) -> Household:
    return _first(
        Household.objects.filter(scheme=scheme).annotate(n=Count("arrangements")).order_by("-n", "pk"),
        f"household in {scheme}",
    )


def waiting_proposal(scheme: Scheme) -> MatchProposal:
    """A sent proposal the person has not answered yet, whose person signs in: the largest
    scheme's if it has one."""
    answered = Response.objects.filter(proposal=OuterRef("pk"), side=Side.PERSON)
    waiting = (
        MatchProposal.objects.filter(
            status=ProposalStatus.PROPOSED, person__user__isnull=False, person__user__is_active=True
        )
        .exclude(Exists(answered))
        .select_related("person__user")
    )
    return waiting.filter(scheme=scheme).order_by("pk").first() or _first(
        waiting.order_by("pk"), "sent proposal waiting for the person's own answer"
    )


def carer_with_arrangements(scheme: Scheme) -> User:
    """A carer who signs in, of a household with live arrangements: one supporting someone now (whose
    records they keep) if there is one."""
    live = Arrangement.objects.filter(household=OuterRef("household"), status__in=LIVE_ARRANGEMENT_STATUSES)
    supporting = Exists(open_support(Arrangement.objects.filter(household=OuterRef("household"))))
    carers = (
        Carer.objects.filter(user__isnull=False, user__is_active=True)
        .filter(Exists(live))
        .annotate(supporting=supporting)
        .select_related("user")
    )
    carer = carers.filter(household__scheme=scheme).order_by("-supporting", "pk").first() or _first(
        carers.order_by("-supporting", "pk"), "carer who signs in with a live arrangement"
    )
    return carer.user


def supported_person(carer: User) -> Person:
    """The person the carer supports now with the most daily notes: the records pages' person."""
    arrangement = _first(
        carer_arrangements(carer)
        .annotate(notes=Count("daily_notes"))
        .select_related("person")
        .order_by("-notes", "start_date", "pk"),
        f"person whose support is open to {carer}",
    )
    return arrangement.person


def family_with_authority(scheme: Scheme) -> User:
    """A family member with a welfare authority who signs in: one deciding for someone assessed as
    lacking capacity if there is one (their pages then work out who decides), the scheme's first."""
    lacks = CapacityAssessment.objects.filter(
        person=OuterRef("representative__person"), outcome=CapacityAssessment.Outcome.LACKS_CAPACITY
    )
    authorities = (
        LegalAuthority.objects.valid_on(timezone.localdate())
        .filter(kind__in=WELFARE_AUTHORITIES, representative__user__is_active=True)
        .annotate(decides=Exists(lacks))
        .select_related("representative__user")
        .order_by("-decides", "pk")
    )
    authority = authorities.filter(representative__person__scheme=scheme).first() or _first(
        authorities, "family member with welfare authority who signs in"
    )
    return authority.representative.user


def busiest_booking_month(scheme: Scheme) -> Month:
    row = _first(
        Booking.objects.active()
        .filter(household__scheme=scheme)
        .annotate(month=TruncMonth("starts_on"))
        .values("household_id", "month")
        .annotate(n=Count("pk"))
        .order_by("-n", "household_id", "month"),
        f"booking in {scheme}",
    )
    return Month(row["household_id"], row["month"].year, row["month"].month)


def statement_month(scheme: Scheme) -> Month:
    """A household's month with payments: last month, for the household of the scheme with the most
    paid live-in arrangements then; else the month of the latest booking of a paid arrangement;
    else the month the latest paid arrangement started."""
    first_of_this = timezone.localdate().replace(day=1)
    last_month = (first_of_this - timedelta(days=1)).replace(day=1)
    paid = Arrangement.objects.filter(scheme=scheme, payment_band__isnull=False)
    row = (
        paid.filter(support_type__in=CONTINUOUS_TYPES, start_date__lt=first_of_this)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=last_month))
        .values("household_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "household_id")
        .first()
    )
    if row is not None:
        return Month(row["household_id"], last_month.year, last_month.month)
    booking = Booking.objects.active().filter(arrangement__in=paid).order_by("-starts_on", "pk").first()
    if booking is not None:
        return Month(booking.household_id, booking.starts_on.year, booking.starts_on.month)
    latest = _first(paid.order_by("-start_date", "pk"), f"arrangement with a payment band in {scheme}")
    return Month(latest.household_id, latest.start_date.year, latest.start_date.month)


def family_proposal(family: User) -> MatchProposal:
    """A proposal the family member sees: one waiting for the answer on the person's side if there
    is one."""
    seen = MatchProposal.objects.for_user(family)
    answered = Response.objects.filter(proposal=OuterRef("pk"), side=Side.PERSON)
    waiting = seen.filter(status=ProposalStatus.PROPOSED).exclude(Exists(answered))
    return waiting.order_by("pk").first() or _first(seen.order_by("pk"), f"proposal that {family} may see")


def proposal_photo(proposal: MatchProposal) -> Photo:
    """The main approved photo of the proposal's household: what the person's pages show first."""
    photos = approved_photos(proposal.household)
    if not photos:
        raise MissingTarget(f"No approved photo of the household proposed in {proposal}.")
    return photos[0]


def find_targets() -> Targets:
    scheme = largest_scheme()
    proposal = waiting_proposal(scheme)
    family = family_with_authority(scheme)
    carer = carer_with_arrangements(scheme)
    return Targets(
        scheme=scheme,
        users={
            STAFF: staff_of(scheme),
            MANAGER: staff_of(scheme, role=SchemeMembership.Role.MANAGER),
            CARER: carer,
            FAMILY: family,
            PERSON: proposal.person.user,
        },
        referral_id=rankable_referral(scheme).pk,
        person_id=busiest_person(scheme).pk,
        household_id=busiest_household(scheme).pk,
        proposal_id=proposal.pk,
        family_proposal_id=family_proposal(family).pk,
        photo_id=proposal_photo(proposal).pk,
        calendar=busiest_booking_month(scheme),
        statement=statement_month(scheme),
        concern_id=busiest_concern(scheme).pk,
        supported_person_id=supported_person(carer).pk,
    )
