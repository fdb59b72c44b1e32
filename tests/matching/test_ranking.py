"""Candidate ranking: every hard filter excludes with its reason; the score orders a hand-built case."""

from datetime import date

import pytest
from django.urls import reverse

from carers.models import Household
from matching import ranking, services
from matching.models import MatchProposal, ProposalStatus
from people.models import Profile, ReferralStatus
from sharedlives.choices import ClientGroup, Faith, Gender, SupportType
from sharedlives.reference.models import Interest, Language
from tests.carers.factories import (
    AvailabilityFactory,
    HouseholdFactory,
    MemberFactory,
    add_postcode,
    matchable_household,
)
from tests.people.factories import ReferralFactory

START = date(2030, 1, 1)


@pytest.fixture
def referral(person_p):
    return ReferralFactory(
        person=person_p,
        status=ReferralStatus.MATCHING,
        support_type=SupportType.LONG_TERM,
        client_groups=[ClientGroup.LEARNING_DISABILITY],
        wanted_from=START,
    )


def _by_name(result):
    """The candidates by household name, after checking that the rules agree wherever they run:
    the paged SQL of rank(), the sentences of explain() and the single candidate propose() checks."""
    candidates = result.shortlist + result.excluded
    for c in candidates:
        alone = ranking.candidate(result.referral, c.household.pk, include_neighbours=True)
        assert c.household.eligible == c.eligible == alone.eligible, c.household.name
        assert c.score == alone.score and c.excluded_because == alone.excluded_because, c.household.name
    return {c.household.name: c for c in candidates}


def _excluded_reasons(referral, name):
    candidate = _by_name(ranking.rank(referral))[name]
    assert not candidate.eligible, f"{name} should be excluded"
    return " / ".join(candidate.excluded_because)


def test_matchable_household_is_shortlisted(referral, scheme_a, coordinator_a):
    matchable_household(scheme_a, by=coordinator_a, name="Fits")
    assert _by_name(ranking.rank(referral))["Fits"].eligible


def test_household_on_hold_is_excluded_with_its_status(referral, scheme_a, coordinator_a):
    matchable_household(scheme_a, by=coordinator_a, name="Paused", status=Household.Status.ON_HOLD)
    household = Household.objects.get(name="Paused")
    household.status = Household.Status.ON_HOLD
    household.save()
    assert "On hold" in _excluded_reasons(referral, "Paused")


def test_expired_mandatory_check_excludes(referral, scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a, name="Lapsed DBS")
    household.checks.filter(check_type="dbs").update(done_on=date(2017, 1, 1), expires_on=date(2020, 1, 1))
    assert "check is missing or has expired" in _excluded_reasons(referral, "Lapsed DBS")


def test_support_type_not_approved_excludes(referral, scheme_a, coordinator_a):
    matchable_household(scheme_a, by=coordinator_a, name="Day only").current_terms.__class__.objects.filter(
        household__name="Day only"
    ).update(support_types=[SupportType.DAY_SUPPORT])
    assert "Not approved for long-term" in _excluded_reasons(referral, "Day only")


def test_client_group_not_approved_excludes(referral, scheme_a, coordinator_a):
    referral.client_groups = [ClientGroup.AUTISM]
    referral.save()
    matchable_household(scheme_a, by=coordinator_a, name="LD only")
    assert "Not approved for autism" in _excluded_reasons(referral, "LD only")


def test_no_free_place_excludes(referral, scheme_a, coordinator_a, person_q):
    household = matchable_household(scheme_a, by=coordinator_a, name="Full")
    household.current_terms.max_people = 1
    household.current_terms.save()
    other = ReferralFactory(person=person_q, status=ReferralStatus.MATCHING)
    proposal = services.proposal_create(referral_id=other.pk, household_id=household.pk, by=coordinator_a)
    from arrangements.models import Arrangement

    Arrangement.objects.create(
        scheme=scheme_a,
        proposal=proposal,
        person=person_q,
        household=household,
        support_type="long_term",
        start_date=date(2029, 6, 1),
        created_by=coordinator_a,
    )
    assert "No free place (1 of 1 taken)" in _excluded_reasons(referral, "Full")


def test_availability_gap_at_the_start_excludes(referral, scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a, name="Away")
    AvailabilityFactory(household=household, starts_on=date(2029, 12, 20), ends_on=date(2030, 1, 5))
    assert "Not available on 01 January 2030" in _excluded_reasons(referral, "Away")


@pytest.mark.parametrize(
    ("preference", "household_kwargs", "expected"),
    [
        ("no_pets", {"has_pets": True, "pets": "a dog"}, "does not want pets"),
        ("no_smoking", {"smoking": "inside"}, "smoke-free"),
        ("needs_level_access", {"ground_floor_bedroom": False, "level_access": False}, "level access"),
    ],
)
def test_deal_breakers_exclude(referral, scheme_a, coordinator_a, preference, household_kwargs, expected):
    profile = referral.person.profile
    setattr(profile, preference, True)
    profile.save()
    matchable_household(scheme_a, by=coordinator_a, name="Breaker", **household_kwargs)
    matchable_household(scheme_a, by=coordinator_a, name="Fine", ground_floor_bedroom=True)
    assert expected in _excluded_reasons(referral, "Breaker")
    assert _by_name(ranking.rank(referral))["Fine"].eligible


def test_children_in_the_home_exclude_when_the_person_does_not_want_children(
    referral, scheme_a, coordinator_a
):
    profile = referral.person.profile
    profile.no_children = True
    profile.save()
    household = matchable_household(scheme_a, by=coordinator_a, name="Kids")
    MemberFactory(household=household, age_band="5_11")
    assert "Children live there" in _excluded_reasons(referral, "Kids")


def test_carer_gender_preference_excludes_households_without_such_a_carer(referral, scheme_a, coordinator_a):
    profile = referral.person.profile
    profile.carer_gender = Gender.WOMAN
    profile.save()
    men = matchable_household(scheme_a, by=coordinator_a, name="Men only")
    men.carers.update(gender=Gender.MAN)
    women = matchable_household(scheme_a, by=coordinator_a, name="A woman carer")
    women.carers.update(gender=Gender.WOMAN)
    assert "No woman carer" in _excluded_reasons(referral, "Men only")
    assert _by_name(ranking.rank(referral))["A woman carer"].eligible


def test_other_schemes_are_left_out_unless_neighbours_are_included(
    referral, scheme_a, scheme_b, coordinator_b
):
    matchable_household(scheme_b, by=coordinator_b, name="Next door")
    assert "Next door" not in _by_name(ranking.rank(referral))
    assert "Next door" not in _by_name(ranking.rank(referral, include_neighbours=True))
    scheme_a.neighbours.add(scheme_b)
    assert _by_name(ranking.rank(referral, include_neighbours=True))["Next door"].eligible


def test_score_orders_a_hand_built_case_with_reasons_people_can_read(referral, scheme_a, coordinator_a):
    gardening, football, baking, chess = (
        Interest.objects.get_or_create(name=n)[0] for n in ("Gardening", "Football", "Baking", "Chess")
    )
    polish = Language.objects.get_or_create(name="Polish")[0]
    person = referral.person
    person.faith = Faith.CHRISTIAN
    add_postcode("NS1 1AA", 400000, 300000)
    add_postcode("NS2 2BB", 403000, 304000)  # 5 km away
    add_postcode("NS9 9ZZ", 460000, 300000)  # 60 km away
    person.postcode, person.easting, person.northing = "NS1 1AA", 400000, 300000
    person.save()
    person.languages.add(polish)
    person.profile.interests.add(gardening, football, baking)

    best = matchable_household(
        scheme_a,
        by=coordinator_a,
        name="Best",
        faith=Faith.CHRISTIAN,
        experience=[ClientGroup.LEARNING_DISABILITY],
    )
    Household.objects.filter(pk=best.pk).update(postcode="NS2 2BB", easting=403000, northing=304000)
    best.interests.add(gardening, football, baking)
    best.languages.add(polish)
    middle = matchable_household(scheme_a, by=coordinator_a, name="Middle")
    Household.objects.filter(pk=middle.pk).update(postcode="NS2 2BB", easting=403000, northing=304000)
    middle.interests.add(chess, gardening)
    far = matchable_household(scheme_a, by=coordinator_a, name="Far")
    Household.objects.filter(pk=far.pk).update(postcode="NS9 9ZZ", easting=460000, northing=300000)

    result = ranking.rank(referral)
    assert [c.household.name for c in result.shortlist] == ["Best", "Middle", "Far"]
    reasons = result.shortlist[0].reasons
    assert "Shares 3 interests: baking, football, gardening" in reasons
    assert "Speaks Polish" in reasons
    assert "Has supported people with learning disability before" in reasons
    assert "Same faith (Christian)" in reasons
    assert "5 km away" in reasons
    # 3 interests x10 + language 15 + experience 12 + faith 8 + closeness 20 x (1 - 5/40) = 82.5 -> 82
    assert result.shortlist[0].score == 30 + 15 + 12 + 8 + round(20 * (1 - 5 / 40))
    assert result.shortlist[2].score == 0  # 60 km is past the 40 km limit


def test_a_person_without_a_profile_yet_is_still_matched_on_their_languages(
    referral, scheme_a, coordinator_a
):
    polish = Language.objects.get_or_create(name="Polish")[0]
    referral.person.languages.add(polish)
    Profile.objects.filter(person=referral.person).delete()
    speaks = matchable_household(scheme_a, by=coordinator_a, name="Speaks it")
    speaks.languages.add(polish)
    matchable_household(scheme_a, by=coordinator_a, name="Does not")
    result = ranking.rank(referral)
    assert [c.household.name for c in result.shortlist] == ["Speaks it", "Does not"]
    assert result.shortlist[0].reasons == ["Speaks Polish"]


@pytest.mark.parametrize("households", [10, 200])
def test_ranking_page_uses_constant_queries(
    client_coordinator_a, referral, scheme_a, households, django_assert_num_queries
):
    HouseholdFactory.create_batch(households, scheme=scheme_a, status=Household.Status.APPROVED)
    url = reverse("matching:candidates", args=[referral.pk])
    client_coordinator_a.get(url)
    # session, user, memberships, referral (+person), profile (+ids of its interests and of the
    # person's languages), settings, the ranking (with the open proposals of the referral),
    # the main photos of the households on the page (one query), neighbours exist;
    # carers:detail links need nothing more
    with django_assert_num_queries(9):
        response = client_coordinator_a.get(url)
    assert response.status_code == 200


def test_ranking_pages_the_shortlist_and_the_left_out_separately_with_true_totals(
    client_coordinator_a, referral, scheme_a
):
    """Thousands of households across schemes: each list shows 20 at a time, with its full size."""
    HouseholdFactory.create_batch(25, scheme=scheme_a, status=Household.Status.ASSESSMENT)  # not registered
    left_out = HouseholdFactory.create_batch(23, scheme=scheme_a, status=Household.Status.ON_HOLD)
    result = ranking.rank(referral, per_page=10, excluded_page=3)
    assert result.excluded_part.total == 23 and result.excluded_part.pages == 3
    assert len(result.excluded) == 3 and result.excluded_part.first_number == 21
    assert {c.household.pk for c in result.excluded} <= {h.pk for h in left_out}
    # Past the end: the first page.
    assert ranking.rank(referral, per_page=10, excluded_page=9).excluded_part.page == 1

    url = reverse("matching:candidates", args=[referral.pk])
    html = client_coordinator_a.get(url, {"left_out_page": "2"}).content.decode()
    assert "21 to 23 of 23" in html and "Previous 20" in html
    assert client_coordinator_a.get(url, {"left_out_page": "two"}).status_code == 200


def test_coordinator_proposes_from_the_ranking(client_coordinator_a, referral, scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a, name="Chosen")
    response = client_coordinator_a.post(
        reverse("matching:propose", args=[referral.pk]), {"household": household.pk}
    )
    proposal = MatchProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.status == "draft" and proposal.household == household


def test_each_shortlisted_household_has_a_propose_button_sending_its_own_id(
    client_coordinator_a, referral, scheme_a, coordinator_a
):
    first = matchable_household(scheme_a, by=coordinator_a, name="First")
    second = matchable_household(scheme_a, by=coordinator_a, name="Second")
    html = client_coordinator_a.get(reverse("matching:candidates", args=[referral.pk])).content.decode()
    for household in (first, second):
        assert f'name="household" value="{household.pk}"' in html
        assert f'Propose<span class="visually-hidden"> {household.name}</span>' in html
    assert html.count(f'action="{reverse("matching:propose", args=[referral.pk])}"') == 1


def test_a_household_already_proposed_for_the_referral_shows_so_instead_of_a_button(
    client_coordinator_a, referral, scheme_a, coordinator_a
):
    proposed = matchable_household(scheme_a, by=coordinator_a, name="Proposed")
    withdrawn = matchable_household(scheme_a, by=coordinator_a, name="Withdrawn")
    other_referral = matchable_household(scheme_a, by=coordinator_a, name="Other")
    url = reverse("matching:propose", args=[referral.pk])
    for household in (proposed, withdrawn):
        client_coordinator_a.post(url, {"household": household.pk})
    MatchProposal.objects.filter(household=withdrawn).update(status=ProposalStatus.WITHDRAWN)
    MatchProposal.objects.create(
        scheme=scheme_a,
        referral=ReferralFactory(person=referral.person, support_type=SupportType.SHORT_BREAK),
        person=referral.person,
        household=other_referral,
        status=ProposalStatus.PROPOSED,
        support_type=SupportType.SHORT_BREAK,
        created_by=coordinator_a,
    )
    html = client_coordinator_a.get(reverse("matching:candidates", args=[referral.pk])).content.decode()
    assert html.count("Already proposed") == 1
    assert f'name="household" value="{proposed.pk}"' not in html
    for household in (withdrawn, other_referral):
        assert f'name="household" value="{household.pk}"' in html


def test_excluded_household_cannot_be_proposed_by_posting_its_id(
    client_coordinator_a, referral, scheme_a, coordinator_a
):
    household = matchable_household(scheme_a, by=coordinator_a, name="Expired")
    household.checks.update(done_on=date(2017, 1, 1), expires_on=date(2020, 1, 1))
    client_coordinator_a.post(reverse("matching:propose", args=[referral.pk]), {"household": household.pk})
    assert not MatchProposal.objects.exists()


def test_other_scheme_staff_get_404_on_the_ranking(client_coordinator_b, referral):
    assert client_coordinator_b.get(reverse("matching:candidates", args=[referral.pk])).status_code == 404
    assert (
        client_coordinator_b.post(
            reverse("matching:propose", args=[referral.pk]), {"household": 1}
        ).status_code
        == 404
    )


def test_carers_cannot_see_the_ranking(client_carer, referral):
    assert client_carer.get(reverse("matching:candidates", args=[referral.pk])).status_code == 403
