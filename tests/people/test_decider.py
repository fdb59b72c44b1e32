"""Who may make the person-side decision (DESIGN.md 4.4), on every combination that matters."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from people import services
from people.models import AuthorityKind, CapacityAssessment, Decision
from people.selectors import can_decide_for, person_side_decider
from sharedlives.accounts.models import User
from tests.factories import UserFactory

from .factories import CapacityAssessmentFactory, LegalAuthorityFactory, PersonFactory, RepresentativeFactory

HAS = CapacityAssessment.Outcome.HAS_CAPACITY
LACKS = CapacityAssessment.Outcome.LACKS_CAPACITY
TODAY = date(2025, 6, 1)


@pytest.fixture
def person(scheme_a):
    return PersonFactory(scheme=scheme_a, first_name="Rose", last_name="Hughes")


def _assess(person, outcome, on=date(2025, 1, 15), decision=Decision.ARRANGEMENT):
    return CapacityAssessmentFactory(person=person, outcome=outcome, assessed_on=on, decision=decision)


def _holder(person, kind=AuthorityKind.HEALTH_WELFARE_LPA, name="Helen Hughes", **authority):
    user = UserFactory(kind=User.Kind.FAMILY, full_name=name)
    representative = RepresentativeFactory(person=person, full_name=name, user=user)
    LegalAuthorityFactory(
        representative=representative, kind=kind, **{"checked_on": date(2024, 1, 10), **authority}
    )
    return representative


def test_capacity_is_presumed_when_nothing_is_recorded_so_the_person_decides(person):
    decider = person_side_decider(person, on=TODAY)
    assert decider.kind == "person"
    assert decider.capacity_presumed and decider.representatives == ()
    assert "capacity is presumed" in decider.explanation


def test_person_assessed_as_having_capacity_decides_even_with_a_welfare_attorney(person):
    _assess(person, HAS)
    _holder(person)
    decider = person_side_decider(person, on=TODAY)
    assert decider.kind == "person"
    assert not decider.capacity_presumed


@pytest.mark.parametrize("kind", [AuthorityKind.HEALTH_WELFARE_LPA, AuthorityKind.WELFARE_DEPUTY])
def test_person_lacking_capacity_is_decided_for_by_a_valid_welfare_attorney_or_deputy(person, kind):
    _assess(person, LACKS)
    holder = _holder(person, kind=kind)
    decider = person_side_decider(person, on=TODAY)
    assert decider.kind == "representative"
    assert decider.representatives == (holder,)
    assert decider.basis_for(decider.representatives[0]) == (
        "attorney" if kind == AuthorityKind.HEALTH_WELFARE_LPA else "deputy"
    )
    assert "Helen Hughes may decide" in decider.explanation


@pytest.mark.parametrize(
    ("case", "authority"),
    [
        ("welfare LPA expired", {"expires_on": TODAY - timedelta(days=1)}),
        ("welfare LPA expires today", {"expires_on": TODAY}),
        (
            "welfare LPA removed",
            {"removed_at": datetime(2025, 5, 1, tzinfo=UTC), "removed_reason": "Revoked"},
        ),
        ("property and finance LPA only", {"kind": AuthorityKind.PROPERTY_FINANCE_LPA}),
        ("finance deputy only", {"kind": AuthorityKind.FINANCE_DEPUTY}),
        ("DWP appointee only", {"kind": AuthorityKind.DWP_APPOINTEE}),
    ],
)
def test_person_lacking_capacity_without_a_valid_welfare_authority_gets_a_best_interests_decision(
    person, case, authority
):
    _assess(person, LACKS)
    _holder(person, **authority)
    decider = person_side_decider(person, on=TODAY)
    assert decider.kind == "best_interests", case
    assert decider.representatives == ()
    assert "best-interests" in decider.explanation


def test_person_lacking_capacity_with_no_representative_at_all_gets_a_best_interests_decision(person):
    _assess(person, LACKS)
    assert person_side_decider(person, on=TODAY).kind == "best_interests"


def test_a_welfare_lpa_expiring_tomorrow_still_counts_today(person):
    _assess(person, LACKS)
    _holder(person, expires_on=TODAY + timedelta(days=1))
    assert person_side_decider(person, on=TODAY).kind == "representative"


def test_a_removed_representatives_authority_no_longer_counts(person, coordinator_a):
    _assess(person, LACKS)
    holder = _holder(person)
    services.representative_remove(representative_id=holder.pk, by=coordinator_a, reason="Moved abroad")
    assert person_side_decider(person, on=timezone.localdate()).kind == "best_interests"


def test_a_later_assessment_of_capacity_overrides_an_earlier_lack_of_it(person):
    _holder(person)
    _assess(person, LACKS, on=date(2024, 3, 1))
    _assess(person, HAS, on=date(2025, 3, 1))
    assert person_side_decider(person, on=TODAY).kind == "person"


def test_a_later_lack_of_capacity_overrides_an_earlier_assessment_of_capacity(person):
    _assess(person, HAS, on=date(2024, 3, 1))
    _assess(person, LACKS, on=date(2025, 3, 1))
    assert person_side_decider(person, on=TODAY).kind == "best_interests"


def test_of_two_assessments_on_the_same_day_the_one_recorded_last_applies(person):
    _assess(person, LACKS, on=date(2025, 3, 1))
    _assess(person, HAS, on=date(2025, 3, 1))
    assert person_side_decider(person, on=TODAY).kind == "person"


def test_an_assessment_for_another_decision_does_not_count(person):
    _assess(person, LACKS, decision=Decision.SHARING_INFORMATION)
    assert person_side_decider(person, on=TODAY).kind == "person"
    assert (
        person_side_decider(person, decision=Decision.SHARING_INFORMATION, on=TODAY).kind == "best_interests"
    )


def test_the_answer_for_a_date_before_the_assessment_is_the_person(person):
    _assess(person, LACKS, on=date(2025, 3, 1))
    assert person_side_decider(person, on=date(2025, 2, 28)).kind == "person"


def test_two_valid_welfare_holders_are_both_allowed(person):
    _assess(person, LACKS)
    first = _holder(person, name="Ann Attorney")
    second = _holder(person, kind=AuthorityKind.WELFARE_DEPUTY, name="Dee Deputy")
    _holder(person, kind=AuthorityKind.PROPERTY_FINANCE_LPA, name="Fin Finance")
    assert person_side_decider(person, on=TODAY).representatives == (first, second)


def test_an_unknown_decision_is_a_programming_error(person):
    with pytest.raises(ValueError):
        person_side_decider(person, decision="what to have for tea")


class TestCanDecideFor:
    def test_the_person_decides_for_themselves_when_capacity_is_presumed(self, person_p, person_user):
        assert can_decide_for(person_user, person_p)

    def test_a_family_member_without_authority_never_decides(self, person_p, family_without_authority):
        assert not can_decide_for(family_without_authority, person_p)
        CapacityAssessmentFactory(person=person_p, outcome=LACKS)
        assert not can_decide_for(family_without_authority, person_p)

    def test_the_welfare_attorney_decides_only_once_the_person_lacks_capacity(
        self, person_p, person_user, family_with_authority
    ):
        assert not can_decide_for(family_with_authority, person_p)
        CapacityAssessmentFactory(person=person_p, outcome=LACKS, assessed_on=timezone.localdate())
        assert can_decide_for(family_with_authority, person_p)
        assert not can_decide_for(person_user, person_p)

    def test_staff_decide_only_through_best_interests_and_only_in_their_scheme(
        self, person_p, coordinator_a, coordinator_b
    ):
        assert not can_decide_for(coordinator_a, person_p)
        CapacityAssessmentFactory(person=person_p, outcome=LACKS, assessed_on=timezone.localdate())
        assert can_decide_for(coordinator_a, person_p)
        assert not can_decide_for(coordinator_b, person_p)

    def test_removing_an_authority_takes_effect_on_the_next_call(
        self, person_p, family_with_authority, coordinator_a
    ):
        CapacityAssessmentFactory(person=person_p, outcome=LACKS, assessed_on=timezone.localdate())
        assert can_decide_for(family_with_authority, person_p)
        authority = person_p.representatives.get(user=family_with_authority).authorities.get()
        services.authority_remove(authority_id=authority.pk, by=coordinator_a, reason="Revoked by the court")
        assert not can_decide_for(family_with_authority, person_p)


def test_prefetched_assessments_give_the_same_answer_as_the_database(person, django_assert_num_queries):
    """Pages that prefetch the assessments (the staff record) must decide exactly as the query does."""
    from people.models import Person
    from people.selectors import latest_capacity_assessment

    _assess(person, LACKS, on=date(2025, 3, 1))
    _assess(person, HAS, on=date(2025, 3, 1))
    _assess(person, LACKS, on=date(2025, 5, 1))
    _assess(person, HAS, on=date(2025, 2, 1), decision=Decision.SHARING_INFORMATION)
    prefetched = Person.objects.prefetch_related("capacity_assessments").get(pk=person.pk)
    for on in [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1), date(2025, 6, 1)]:
        for decision in (Decision.ARRANGEMENT, Decision.SHARING_INFORMATION):
            expected = latest_capacity_assessment(person, decision=decision, on=on)
            with django_assert_num_queries(0):
                assert latest_capacity_assessment(prefetched, decision=decision, on=on) == expected, (
                    on,
                    decision,
                )


def test_prefetched_authorities_give_the_same_answer_as_the_database(person, django_assert_num_queries):
    """The staff record decides from its prefetched representatives and authorities: on every
    situation an authority can be in, that must agree with `LegalAuthority.objects.valid_on`."""
    from django.db.models import Prefetch

    from people.models import LegalAuthority, Person, Representative
    from people.selectors import representatives_with_welfare_authority

    removed = {"removed_reason": "Revoked"}
    # Each holder has one authority, checked on 10 January 2024 unless said otherwise.
    situations = {
        "Ann, no end": {},
        "Bea, expired": {"expires_on": date(2025, 3, 1)},
        "Cal, expires later": {"expires_on": date(2025, 9, 1)},
        "Dan, removed before": {"removed_at": datetime(2025, 2, 1, 12, tzinfo=UTC), **removed},
        "Eve, removed after": {"removed_at": datetime(2025, 8, 1, 12, tzinfo=UTC), **removed},
        # 23:30 UTC on 31 May is 00:30 on 1 June in London: removed on 1 June, by the local date.
        "Fay, removed late at night": {"removed_at": datetime(2025, 5, 31, 23, 30, tzinfo=UTC), **removed},
        "Gus, checked later": {"checked_on": date(2025, 4, 1)},
        "Hal, wrong kind": {"kind": AuthorityKind.PROPERTY_FINANCE_LPA},
        "Ida, deputy": {"kind": AuthorityKind.WELFARE_DEPUTY, "expires_on": date(2025, 6, 2)},
    }
    for name, authority in situations.items():
        _holder(person, name=name, **authority)
    removed_holder = _holder(person, name="Jo, holder removed")
    Representative.objects.filter(pk=removed_holder.pk).update(
        removed_at=datetime(2025, 1, 1, tzinfo=UTC), removed_reason="Moved abroad"
    )
    # Kim holds two: one that has expired and one that still counts.
    kim = _holder(person, name="Kim, two authorities", expires_on=date(2024, 6, 1))
    LegalAuthorityFactory(representative=kim, checked_on=date(2024, 7, 1))

    prefetched = Person.objects.prefetch_related(
        Prefetch(
            "representatives",
            queryset=Representative.objects.prefetch_related(
                Prefetch("authorities", queryset=LegalAuthority.objects.all())
            ),
        )
    ).get(pk=person.pk)

    def held(representatives):
        return [(r.full_name, [a.pk for a in r.valid_welfare_authorities]) for r in representatives]

    days = [date(2024, 1, 9), date(2024, 1, 10), date(2024, 6, 1), date(2025, 2, 1), date(2025, 3, 1)]
    days += [date(2025, 4, 1), date(2025, 5, 31), date(2025, 6, 1), date(2025, 6, 2), date(2025, 8, 2)]
    authorities = [a for r in prefetched.representatives.all() for a in r.authorities.all()]
    for on in days:
        expected = held(representatives_with_welfare_authority(person, on=on))
        in_force = set(
            LegalAuthority.objects.valid_on(on)
            .filter(representative__person=person)
            .values_list("pk", flat=True)
        )
        with django_assert_num_queries(0):
            assert held(representatives_with_welfare_authority(prefetched, on=on)) == expected, on
            assert {a.pk for a in authorities if a.is_valid_on(on)} == in_force, on
    # The situations differ: on 1 June 2025 Bea's has expired, Dan's and Fay's were removed, Hal's
    # is the wrong kind and Jo was removed; the others count.
    names = [name for name, _ in held(representatives_with_welfare_authority(person, on=TODAY))]
    assert names == [
        "Ann, no end",
        "Cal, expires later",
        "Eve, removed after",
        "Gus, checked later",
        "Ida, deputy",
        "Kim, two authorities",
    ]
