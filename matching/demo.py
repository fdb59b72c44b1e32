"""Demo proposals in every status, answered by every kind of decision-maker, and arrangements.

Runs after the carers and people steps. Idempotent: does nothing if the demo scheme has proposals.
"""

from datetime import timedelta

from django.utils import timezone

from carers.models import Household
from people import services as people_services
from people.models import CapacityAssessment, Referral, ReferralStatus

from . import ranking, services
from .models import MatchProposal


def seed(ctx: dict) -> None:
    scheme = ctx["scheme"]
    if MatchProposal.objects.filter(scheme=scheme).exists():
        return
    users = ctx["users"]
    staff = users["coordinator@demo.sharedlives.test"]
    carer_user = users["carer@demo.sharedlives.test"]
    helen = users["family.authority@demo.sharedlives.test"]
    today = timezone.localdate()

    referrals = {
        r.person.full_name: r
        for r in Referral.objects.filter(
            person__scheme=scheme, status=ReferralStatus.MATCHING
        ).select_related("person")
    }
    priya = Household.objects.filter(carers__user=carer_user).first()
    used = {getattr(priya, "pk", None)}

    matchable = list(Household.objects.matchable().filter(scheme=scheme).order_by("name"))

    def household(referral):
        """The best-ranked household not yet used; failing that, any matchable one (a demo has few carers)."""
        shortlist = [c.household for c in ranking.rank(referral).shortlist]
        for hh in shortlist + matchable:
            if hh.pk not in used:
                used.add(hh.pk)
                return hh
        return (shortlist + matchable)[0] if shortlist + matchable else None

    def propose(referral, hh, *, send=True):
        if hh is None:
            raise RuntimeError(f"The demo has no suitable household for {referral}.")
        proposal = services.proposal_create(referral_id=referral.pk, household_id=hh.pk, by=staff)
        if send:
            services.proposal_send(proposal_id=proposal.pk, by=staff)
        return proposal

    def staff_answer(proposal, side, answer, **kwargs):
        kwargs.setdefault("channel", "phone")
        return services.proposal_respond(
            proposal_id=proposal.pk, side=side, answer=answer, by=staff, **kwargs
        )

    # Daniel decides for himself (capacity presumed): proposed to Priya's household, waiting for both.
    if "Daniel Hughes" in referrals and priya:
        propose(referrals["Daniel Hughes"], priya)
        withdrawn = propose(referrals["Daniel Hughes"], household(referrals["Daniel Hughes"]))
        services.proposal_withdraw(
            proposal_id=withdrawn.pk,
            by=staff,
            reason="The household has a long holiday booked over the move date.",
        )

    # Rose lacks capacity for this decision; Helen holds her health and welfare LPA and answers online.
    if "Rose Hughes" in referrals:
        rose = propose(referrals["Rose Hughes"], household(referrals["Rose Hughes"]))
        staff_answer(rose, "carer", "interested", note="Keen; they cared for a parent with dementia.")
        services.proposal_respond(proposal_id=rose.pk, side="person", answer="interested", by=helen)
        services.introduction_record(
            proposal_id=rose.pk,
            by=staff,
            kind="tea_visit",
            happened_on=today - timedelta(days=3),
            attended="Rose, Helen, both carers, coordinator",
            carer_feedback="Lovely afternoon; Rose enjoyed the garden.",
            person_feedback="Rose smiled a lot and asked to see the roses again.",
        )
        lapsed = propose(referrals["Rose Hughes"], household(referrals["Rose Hughes"]))
        MatchProposal.objects.filter(pk=lapsed.pk).update(carer_deadline=today - timedelta(days=1))
        services.proposals_lapse(today=today)

    # Harvey gave his answers in person; both sides agree and staff are ready to confirm.
    if "Harvey Collins" in referrals:
        harvey = propose(referrals["Harvey Collins"], household(referrals["Harvey Collins"]))
        staff_answer(harvey, "carer", "interested")
        staff_answer(harvey, "person", "interested", channel="in_person")
        staff_answer(harvey, "carer", "agree")
        staff_answer(harvey, "person", "agree", channel="in_person")

    # Aisha lacks capacity and nobody holds a welfare authority: staff decide in her best interests.
    if "Aisha Rahman" in referrals:
        aisha = referrals["Aisha Rahman"]
        if not CapacityAssessment.objects.filter(person=aisha.person).exists():
            people_services.capacity_assessment_record(
                person_id=aisha.person_id,
                by=staff,
                decision=CapacityAssessment.Decision.ARRANGEMENT,
                assessed_on=today - timedelta(days=40),
                assessor="Jo Patel, social worker",
                outcome=CapacityAssessment.Outcome.LACKS_CAPACITY,
                note="Could not weigh up a move, even with photos and a visit.",
            )
        declined = propose(aisha, household(aisha))
        staff_answer(
            declined,
            "person",
            "interested",
            channel="in_person",
            consulted="Her sister, her social worker, her nurse",
        )
        staff_answer(declined, "carer", "not_interested", note="Their son is moving back home in the spring.")
        propose(aisha, household(aisha), send=False)

    # Ben: confirmed day support, starting next month.
    if "Ben Walsh" in referrals:
        ben = propose(referrals["Ben Walsh"], household(referrals["Ben Walsh"]))
        staff_answer(ben, "carer", "interested")
        staff_answer(ben, "person", "interested", channel="in_person")
        staff_answer(ben, "carer", "agree")
        staff_answer(ben, "person", "agree", channel="in_person")
        services.proposal_confirm(proposal_id=ben.pk, by=staff, start_date=today + timedelta(days=21))
