"""The people and records each journey starts from, made with the factories.

Every journey builds its own world, so each runs alone (`-k`) as well as with the others.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from matching import services
from people.models import ReferralStatus
from sharedlives.accounts.models import SchemeMembership, User
from tests.carers.factories import CarerFactory, HouseholdFactory, approve, give_mandatory_checks
from tests.factories import PASSWORD, SchemeFactory, UserFactory, staff_user, totp_code
from tests.people.factories import (
    LegalAuthorityFactory,
    PersonFactory,
    ReferralFactory,
    RepresentativeFactory,
)

__all__ = ["PASSWORD", "World", "codes_for", "scheme_with_staff", "sent_proposal"]


@dataclass
class World:
    scheme: object
    coordinator: User
    manager: User
    carer: User | None = None
    person_user: User | None = None
    family_authority: User | None = None
    family_views: User | None = None
    household: object = None
    person: object = None
    proposal: object = None


def scheme_with_staff() -> World:
    scheme = SchemeFactory(name="Northshire Shared Lives")
    coordinator = staff_user(scheme, full_name="Casey Coordinator", email="casey@northshire.test")
    manager = staff_user(
        scheme, SchemeMembership.Role.MANAGER, full_name="Morgan Manager", email="morgan@northshire.test"
    )
    return World(scheme=scheme, coordinator=coordinator, manager=manager)


def sent_proposal(*, with_family: bool = True) -> World:
    """Carer Xena's matchable household proposed for Pat, sent to both sides. Pat's mum holds a
    health and welfare LPA; Pat's brother sees proposals without authority."""
    world = scheme_with_staff()
    world.carer = UserFactory(kind=User.Kind.CARER, full_name="Xena Xu", email="xena@example.test")
    household = HouseholdFactory(
        scheme=world.scheme,
        name="Xena and Yan Xu",
        about_us="We love the sea, long walks with our dog and Sunday dinners with friends.",
        has_pets=True,
        pets="A friendly old dog called Biscuit",
    )
    CarerFactory(household=household, first_name="Xena", last_name="Xu", user=world.carer)
    CarerFactory(household=household, first_name="Yan", last_name="Xu", position=2)
    approve(household)
    give_mandatory_checks(household, by=world.coordinator)
    world.household = household

    world.person_user = UserFactory(
        kind=User.Kind.PERSON, full_name="Patricia Parker", email="pat@example.test"
    )
    world.person = PersonFactory(
        scheme=world.scheme,
        first_name="Patricia",
        last_name="Parker",
        preferred_name="Pat",
        user=world.person_user,
        profile__admired_for="Pat makes everyone laugh.",
        profile__risk_detail="SECRET-RISK-DETAIL",
    )
    if with_family:
        world.family_authority = UserFactory(
            kind=User.Kind.FAMILY, full_name="Wendy Parker", email="wendy@example.test"
        )
        mum = RepresentativeFactory(
            person=world.person,
            full_name="Wendy Parker",
            relationship="mum",
            user=world.family_authority,
            may_see_proposals=True,
        )
        LegalAuthorityFactory(representative=mum, checked_by=world.coordinator, checked_on=date(2024, 1, 10))
        world.family_views = UserFactory(
            kind=User.Kind.FAMILY, full_name="Bob Parker", email="bob@example.test"
        )
        RepresentativeFactory(
            person=world.person,
            full_name="Bob Parker",
            relationship="brother",
            user=world.family_views,
            may_see_proposals=True,
        )
    referral = ReferralFactory(
        person=world.person,
        status=ReferralStatus.MATCHING,
        wanted_from=timezone.localdate() + timedelta(days=7),
    )
    draft = services.proposal_create(referral_id=referral.pk, household_id=household.pk, by=world.coordinator)
    world.proposal = services.proposal_send(proposal_id=draft.pk, by=world.coordinator)
    return world


def codes_for():
    """Authenticator codes, each used once: the app refuses a code used before in its 30 seconds,
    so a second sign-in of the same user takes the next one (the app allows one step either side)."""
    offsets = iter((0, 1, -1))
    return lambda: totp_code(next(offsets))
