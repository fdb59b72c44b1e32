"""The demo data: idempotent, with the demo logins linked the way the README promises."""

import pytest
from django.core.management import call_command

from people.models import CapacityAssessment, LegalAuthority, Person, Referral, Representative
from people.selectors import person_side_decider
from sharedlives.accounts.models import User


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def _counts():
    return tuple(
        m.objects.count() for m in (Person, Referral, Representative, LegalAuthority, CapacityAssessment)
    )


def test_seed_demo_twice_does_not_duplicate_people_or_their_records(demo):
    before = _counts()
    call_command("seed_demo")
    assert _counts() == before


def test_demo_has_about_25_people_with_referrals_in_every_status_some_in_the_other_scheme(demo):
    northshire = Person.objects.filter(scheme__name="Northshire Shared Lives")
    assert 24 <= northshire.count() <= 30
    assert Person.objects.filter(scheme__name="Riverside Shared Lives").count() >= 2
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(Referral.objects.exclude(closed_reason="").values_list("closed_reason", flat=True)) == set(
        Referral.ClosedReason.values
    )


def test_demo_person_login_is_daniel_hughes_with_capacity_presumed(demo):
    daniel = Person.objects.get(user__email="person@demo.sharedlives.test")
    assert daniel.full_name == "Daniel Hughes"
    assert person_side_decider(daniel).kind == "person"


def test_tom_hughes_represents_daniel_sees_proposals_and_holds_no_authority(demo):
    tom = Representative.objects.get(user__email="family.views@demo.sharedlives.test")
    assert tom.person.full_name == "Daniel Hughes" and tom.may_see_proposals
    assert not tom.authorities.exists()


def test_helen_hughes_holds_a_valid_welfare_lpa_for_rose_who_lacks_capacity(demo):
    helen = User.objects.get(email="family.authority@demo.sharedlives.test")
    rose = Person.objects.get(first_name="Rose", last_name="Hughes")
    decider = person_side_decider(rose)
    assert decider.kind == "representative"
    assert [r.user for r in decider.representatives] == [helen]


def test_demo_has_representatives_with_and_without_authority(demo):
    assert Representative.objects.filter(authorities__isnull=True).exists()
    kinds = set(LegalAuthority.objects.values_list("kind", flat=True))
    assert {"health_welfare_lpa", "property_finance_lpa", "dwp_appointee", "welfare_deputy"} <= kinds
