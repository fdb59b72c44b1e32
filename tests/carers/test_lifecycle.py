"""The approval lifecycle: only the allowed moves, each one a transition row; panel decisions and terms."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from carers import services
from carers.models import ApprovalTerms, Household, HouseholdTransition, PanelDecision
from carers.services import ALLOWED_TRANSITIONS, MANAGER_ONLY, PANEL_DECIDES, CarersError
from sharedlives.choices import ClientGroup, SupportType

from .factories import CarerFactory, HouseholdFactory, TermsFactory

S = Household.Status
ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]
BY_HAND = [
    pair for pair in ALL_PAIRS if pair[1] in ALLOWED_TRANSITIONS[pair[0]] and pair not in PANEL_DECIDES
]
BY_PANEL = [pair for pair in ALL_PAIRS if pair in PANEL_DECIDES]
FORBIDDEN = [pair for pair in ALL_PAIRS if pair[1] not in ALLOWED_TRANSITIONS[pair[0]]]

TERMS = {
    "max_people": 2,
    "support_types": [SupportType.SHORT_BREAK],
    "client_groups": [ClientGroup.AUTISM],
}


def _household(scheme, status):
    household = HouseholdFactory(scheme=scheme, status=status)
    CarerFactory(household=household)
    return household


def test_the_lifecycle_table_names_every_status_and_the_three_kinds_cover_every_move():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    assert len(BY_HAND) + len(BY_PANEL) + len(FORBIDDEN) == len(ALL_PAIRS)
    assert all(pair[1] in ALLOWED_TRANSITIONS[pair[0]] for pair in PANEL_DECIDES)


@pytest.mark.parametrize(("from_status", "to_status"), BY_HAND)
def test_allowed_move_changes_the_status_and_writes_a_transition_row(
    scheme_a, manager_a, from_status, to_status
):
    household = _household(scheme_a, from_status)
    services.household_transition(
        household_id=household.pk, to_status=to_status, by=manager_a, reason="Talked it through"
    )
    household.refresh_from_db()
    assert household.status == to_status
    row = HouseholdTransition.objects.get(household=household)
    assert (row.from_status, row.to_status, row.by, row.reason) == (
        from_status,
        to_status,
        manager_a,
        "Talked it through",
    )


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden_move_is_refused_with_a_readable_message_and_changes_nothing(
    scheme_a, manager_a, from_status, to_status
):
    household = _household(scheme_a, from_status)
    with pytest.raises(CarersError) as refused:
        services.household_transition(household_id=household.pk, to_status=to_status, by=manager_a)
    message = str(refused.value)
    assert S(from_status).label.lower() in message
    assert "cannot" in message
    household.refresh_from_db()
    assert household.status == from_status
    assert not HouseholdTransition.objects.filter(household=household).exists()


@pytest.mark.parametrize(("from_status", "to_status"), BY_PANEL)
def test_moves_that_belong_to_the_panel_cannot_be_made_by_hand(scheme_a, manager_a, from_status, to_status):
    household = _household(scheme_a, from_status)
    with pytest.raises(CarersError, match="Only a panel decision"):
        services.household_transition(household_id=household.pk, to_status=to_status, by=manager_a)
    household.refresh_from_db()
    assert household.status == from_status


@pytest.mark.parametrize(("from_status", "to_status"), sorted(MANAGER_ONLY & set(BY_HAND)))
def test_coordinator_cannot_suspend_or_lift_a_suspension(scheme_a, coordinator_a, from_status, to_status):
    household = _household(scheme_a, from_status)
    with pytest.raises(CarersError, match="Only a manager"):
        services.household_transition(household_id=household.pk, to_status=to_status, by=coordinator_a)
    household.refresh_from_db()
    assert household.status == from_status


def test_coordinator_moves_an_enquiry_to_an_initial_visit(scheme_a, coordinator_a):
    household = _household(scheme_a, S.ENQUIRY)
    services.household_transition(household_id=household.pk, to_status=S.INITIAL_VISIT, by=coordinator_a)
    household.refresh_from_db()
    assert household.status == S.INITIAL_VISIT


def test_staff_of_another_scheme_cannot_move_a_household(scheme_a, coordinator_b):
    household = _household(scheme_a, S.ENQUIRY)
    with pytest.raises(CarersError, match="Only staff of this household's scheme"):
        services.household_transition(household_id=household.pk, to_status=S.INITIAL_VISIT, by=coordinator_b)


def test_transitions_offered_to_a_coordinator_leave_out_panel_and_manager_moves(
    scheme_a, coordinator_a, manager_a
):
    household = _household(scheme_a, S.APPROVED)
    assert services.transitions_for(household, coordinator_a) == [S.ON_HOLD, S.RESIGNED]
    assert services.transitions_for(household, manager_a) == [S.ON_HOLD, S.SUSPENDED, S.RESIGNED]


# --- Panel decisions and approval terms ------------------------------------------------------
def _decide(household, by, decision, **kwargs):
    return services.panel_decision_record(
        household_id=household.pk,
        by=by,
        decided_on=kwargs.pop("decided_on", date(2025, 3, 1)),
        decision=decision,
        decision_maker="Dana Decider, registered manager",
        minutes="Unanimous.",
        **kwargs,
    )


def test_panel_approval_creates_the_first_terms_version_and_approves(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    decision = _decide(household, manager_a, "approve", **TERMS)
    household.refresh_from_db()
    assert household.status == S.APPROVED
    terms = household.current_terms
    assert (terms.version, terms.max_people, terms.panel_decision) == (1, 2, decision)
    assert terms.support_types == [SupportType.SHORT_BREAK] and terms.client_groups == [ClientGroup.AUTISM]
    assert terms.effective_from == date(2025, 3, 1)
    row = household.transitions.get()
    assert (row.from_status, row.to_status, row.panel_decision) == (S.READY_FOR_PANEL, S.APPROVED, decision)


def test_panel_approval_on_probation_makes_the_household_probationary(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    _decide(household, manager_a, "approve", probation=True, **TERMS)
    household.refresh_from_db()
    assert household.status == S.PROBATION


def test_a_later_approval_adds_a_version_and_keeps_the_earlier_one(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    _decide(household, manager_a, "approve", **TERMS)
    _decide(household, manager_a, "approve", **(TERMS | {"max_people": 3}), decided_on=date(2025, 9, 1))
    household.refresh_from_db()
    versions = list(household.terms_versions.order_by("version").values_list("version", "max_people"))
    assert versions == [(1, 2), (2, 3)]
    assert household.current_terms.version == 2
    assert household.status == S.APPROVED
    assert household.transitions.count() == 1  # the review changed the terms, not the status


def test_panel_defers_and_nothing_but_the_decision_changes(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    _decide(household, manager_a, "defer")
    household.refresh_from_db()
    assert household.status == S.READY_FOR_PANEL
    assert PanelDecision.objects.filter(household=household, decision="defer").exists()
    assert not ApprovalTerms.objects.exists() and not household.transitions.exists()


def test_panel_declines_a_household_waiting_for_panel(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    _decide(household, manager_a, "decline")
    household.refresh_from_db()
    assert household.status == S.DECLINED


@pytest.mark.parametrize("from_status", [S.APPROVED, S.PROBATION, S.ON_HOLD, S.SUSPENDED])
def test_panel_deregisters_an_approved_household(scheme_a, manager_a, from_status):
    household = _household(scheme_a, from_status)
    _decide(household, manager_a, "deregister")
    household.refresh_from_db()
    assert household.status == S.DEREGISTERED


def test_deregistration_can_be_appealed_and_an_upheld_appeal_approves_again(
    scheme_a, manager_a, coordinator_a
):
    household = _household(scheme_a, S.APPROVED)
    TermsFactory(household=household)
    _decide(household, manager_a, "deregister")
    services.household_transition(household_id=household.pk, to_status=S.APPEALING, by=coordinator_a)
    _decide(household, manager_a, "approve", **TERMS)
    household.refresh_from_db()
    assert household.status == S.APPROVED
    assert household.current_terms.version == 2
    assert [t.to_status for t in household.transitions.order_by("at", "pk")] == [
        S.DEREGISTERED,
        S.APPEALING,
        S.APPROVED,
    ]


def test_a_dismissed_appeal_leaves_the_household_deregistered(scheme_a, manager_a):
    household = _household(scheme_a, S.APPEALING)
    _decide(household, manager_a, "deregister")
    household.refresh_from_db()
    assert household.status == S.DEREGISTERED


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        ("approve", S.ENQUIRY),
        ("approve", S.DEREGISTERED),
        ("defer", S.APPROVED),
        ("decline", S.APPROVED),
        ("deregister", S.READY_FOR_PANEL),
        ("deregister", S.RESIGNED),
    ],
)
def test_a_panel_decision_that_does_not_fit_the_status_is_refused(scheme_a, manager_a, decision, status):
    household = _household(scheme_a, status)
    with pytest.raises(CarersError, match="A panel cannot"):
        _decide(household, manager_a, decision, **TERMS)
    assert not PanelDecision.objects.exists()


def test_only_a_manager_of_the_scheme_records_panel_decisions(scheme_a, coordinator_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    with pytest.raises(CarersError, match="Only a manager"):
        _decide(household, coordinator_a, "approve", **TERMS)
    assert not PanelDecision.objects.exists()


def test_approval_without_terms_is_refused_and_nothing_is_saved(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    with pytest.raises(CarersError, match="needs its terms"):
        _decide(household, manager_a, "approve", max_people=2, support_types=[], client_groups=["autism"])
    household.refresh_from_db()
    assert household.status == S.READY_FOR_PANEL and not PanelDecision.objects.exists()


def test_a_decision_dated_in_the_future_is_refused(scheme_a, manager_a):
    household = _household(scheme_a, S.READY_FOR_PANEL)
    with pytest.raises(CarersError, match="future"):
        _decide(household, manager_a, "defer", decided_on=timezone.localdate() + timedelta(days=1))


@pytest.mark.parametrize("places", [0, 4])
def test_the_database_refuses_terms_for_0_or_4_people(scheme_a, places):
    household = HouseholdFactory(scheme=scheme_a)
    with transaction.atomic(), pytest.raises(IntegrityError, match="carers_terms_max_people_1_to_3"):
        TermsFactory(household=household, max_people=places)


@pytest.mark.parametrize("places", [1, 3])
def test_the_database_accepts_terms_for_1_to_3_people(scheme_a, places):
    assert TermsFactory(household=HouseholdFactory(scheme=scheme_a), max_people=places).pk


def test_the_database_refuses_terms_without_a_support_type_or_with_an_unknown_one(scheme_a):
    household = HouseholdFactory(scheme=scheme_a)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TermsFactory(household=household, support_types=[])
    with transaction.atomic(), pytest.raises(IntegrityError):
        TermsFactory(household=household, support_types=["sleepover"])


def test_a_household_never_has_a_third_carer(scheme_a, coordinator_a):
    household = HouseholdFactory(scheme=scheme_a)
    CarerFactory(household=household, position=1)
    CarerFactory(household=household, position=2)
    with transaction.atomic(), pytest.raises(IntegrityError):
        CarerFactory(household=household, position=3)
    with pytest.raises(CarersError, match="already has two carers"):
        services.carer_add(household_id=household.pk, by=coordinator_a, first_name="C", last_name="C")


def test_the_database_refuses_an_unknown_status(scheme_a):
    with transaction.atomic(), pytest.raises(IntegrityError):
        HouseholdFactory(scheme=scheme_a, status="fostering")
