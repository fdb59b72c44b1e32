"""Handy rows of a loaded scale dataset, for benchmarks and load tests: found by what they are,
not by remembered ids, so they hold for any seed and figures."""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from arrangements.models import Arrangement
from carers.models import Household
from matching.models import MatchProposal, ProposalStatus, Response
from people.choices import WELFARE_AUTHORITIES
from people.models import LegalAuthority, Referral, ReferralStatus, Representative
from sharedlives.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from sharedlives.accounts.models import Scheme, SchemeMembership

from .schemes import EMAIL_DOMAIN


def _waiting_for_person():
    """Proposals sent and not yet answered by the person side."""
    answered = Response.objects.filter(proposal=OuterRef("pk"), side="person")
    return MatchProposal.objects.filter(status=ProposalStatus.PROPOSED).exclude(Exists(answered))


def sample_targets() -> dict:
    """Ids and logins in the largest scheme of the scale dataset (the one with most households).

    Keys: scheme_id, scheme_name, households (in that scheme), coordinator_email, manager_email,
    referral_id (in matching), household_id and carer_email (a carer who signs in, with a proposal
    waiting), person_id, person_email and proposal_id (a person who decides for themselves, with
    that proposal waiting for their answer in the easy-read pages), family_email, family_person_id
    and family_proposal_id (a relative with a health and welfare authority, deciding for someone
    who lacks capacity), arrangement_id (active), password and totp_secret (staff's second step).
    Raises LookupError when there is no scale dataset.
    """
    scheme = (
        Scheme.objects.filter(contact_email__endswith=f".{EMAIL_DOMAIN}")
        .annotate(household_count=Count("households"))
        .order_by("-household_count", "pk")
        .first()
    )
    if scheme is None:
        raise LookupError("No scale dataset here: run `manage.py seed_scale` first.")
    staff = SchemeMembership.objects.filter(scheme=scheme).select_related("user").order_by("user__email")
    coordinator = next(m.user.email for m in staff if m.role == SchemeMembership.Role.COORDINATOR)
    manager = next(m.user.email for m in staff if m.role == SchemeMembership.Role.MANAGER)
    waiting = _waiting_for_person().filter(scheme=scheme)
    for_person = (
        waiting.filter(person__user__isnull=False, household__carers__user__isnull=False)
        .select_related("person__user")
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    authority = LegalAuthority.objects.valid_on(today).filter(
        representative=OuterRef("pk"), kind__in=WELFARE_AUTHORITIES
    )
    family = (
        Representative.objects.current()
        .filter(person__scheme=scheme, user__isnull=False, may_see_proposals=True)
        .filter(Exists(authority), Exists(waiting.filter(person=OuterRef("person"))))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if for_person is None or family is None:
        raise LookupError("The largest scheme has no person or family member with a proposal waiting.")
    household = Household.objects.get(pk=for_person.household_id)
    carer = household.carers.filter(user__isnull=False).select_related("user").first()
    referral = (
        Referral.objects.filter(person__scheme=scheme, status=ReferralStatus.MATCHING).order_by("pk").first()
    )
    arrangement = Arrangement.objects.filter(scheme=scheme, status="active").order_by("pk").first()
    return {
        "scheme_id": scheme.pk,
        "scheme_name": scheme.name,
        "households": scheme.household_count,
        "coordinator_email": coordinator,
        "manager_email": manager,
        "referral_id": referral.pk if referral else None,
        "household_id": household.pk,
        "carer_email": carer.user.email,
        "person_id": for_person.person_id,
        "person_email": for_person.person.user.email,
        "proposal_id": for_person.pk,
        "family_email": family.user.email,
        "family_person_id": family.person_id,
        "family_proposal_id": waiting.filter(person_id=family.person_id).order_by("pk").first().pk,
        "arrangement_id": arrangement.pk if arrangement else None,
        "password": DEMO_PASSWORD,
        "totp_secret": DEMO_TOTP_SECRET,
    }
