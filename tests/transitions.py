"""Checks that data written without the services (the demo's history, the national generator) still
follows the services' transition tables."""

from django.db.models import OuterRef, Subquery


def _tables():
    from arrangements.models import Arrangement, ArrangementTransition
    from arrangements.services import ARRANGEMENT_TRANSITIONS
    from carers.models import Household, HouseholdTransition
    from carers.services import ALLOWED_TRANSITIONS
    from matching.models import MatchProposal, ProposalTransition
    from matching.services import PROPOSAL_TRANSITIONS
    from people.models import Referral, ReferralTransition
    from people.services import REFERRAL_TRANSITIONS

    return [
        (Household, HouseholdTransition, "household", ALLOWED_TRANSITIONS),
        (Referral, ReferralTransition, "referral", REFERRAL_TRANSITIONS),
        (MatchProposal, ProposalTransition, "proposal", PROPOSAL_TRANSITIONS),
        (Arrangement, ArrangementTransition, "arrangement", ARRANGEMENT_TRANSITIONS),
    ]


def broken_rules() -> tuple[list[str], dict[str, int]]:
    """Every transition row that is not an allowed move (a first row comes from nothing), and every
    record whose status is not where its transition rows lead (a record still in its first status
    may have none); with how many distinct moves were walked."""
    problems, walked = [], {}
    for model, transitions, fk, allowed in _tables():
        moves = list(transitions.objects.values_list("from_status", "to_status").distinct())
        walked[model.__name__] = len(moves)
        for from_status, to_status in moves:
            if from_status != "" and to_status not in allowed[from_status]:
                problems.append(f"{transitions.__name__}: {from_status} -> {to_status}")
        latest = transitions.objects.filter(**{fk: OuterRef("pk")}).order_by("-at", "-pk").values("to_status")
        led_to = model.objects.annotate(led_to=Subquery(latest[:1]))
        first = next(iter(allowed))  # the status a record starts in
        for pk, status, to_status in led_to.values_list("pk", "status", "led_to"):
            # A record still in its first status may have no row: arrangements are made planned.
            if to_status != status and not (to_status is None and status == first):
                problems.append(f"{model.__name__} {pk} is {status}, its transitions lead to {to_status}")
    return problems, walked
