"""Every way a proposal or an arrangement changes. One function per change, one transaction each.

Lock first (select_for_update), check, change, write a transition row, send mail on commit.
The consent rules live here and nowhere else: whatever a form posts, the server decides
who may answer for each side.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import Arrangement, ArrangementStatus, EndReason
from arrangements.services import ArrangementError
from carers.models import Household
from people import services as people_services
from people.models import Person, Referral, ReferralStatus, Representative
from people.selectors import person_side_decider
from sharedlives.accounts.models import User

from .. import notify
from ..models import (
    YES_ANSWERS,
    Answer,
    Basis,
    Channel,
    Introduction,
    MatchingSettings,
    MatchProposal,
    ProposalStatus,
    ProposalTransition,
    RepresentativeOpinion,
    Response,
    Round,
    Side,
)
from ..ranking import neighbour_ids
from .errors import MatchingError

# The answers each round accepts, and the status a proposal must be in to accept them.
ROUND_OF_ANSWER = {
    Answer.INTERESTED: Round.INTEREST,
    Answer.NOT_INTERESTED: Round.INTEREST,
    Answer.AGREE: Round.AGREEMENT,
    Answer.DECLINE: Round.AGREEMENT,
}
STATUS_OF_ROUND = {Round.INTEREST: ProposalStatus.PROPOSED, Round.AGREEMENT: ProposalStatus.INTRODUCTIONS}
WITHDRAWABLE = (
    ProposalStatus.PROPOSED,
    ProposalStatus.INTRODUCTIONS,
    ProposalStatus.AGREED,
    ProposalStatus.CONFIRMED,
)


def _ensure_staff(scheme_id: int, by: User) -> None:
    if scheme_id not in by.staff_scheme_ids:
        raise MatchingError("Only staff of this scheme can do that.")


# Every status change a proposal may make, from -> to. The services below check the rules that
# lead to each move; `_move` refuses anything not listed, and the data makers follow the same table.
P = ProposalStatus
PROPOSAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    P.DRAFT: (P.PROPOSED, P.WITHDRAWN),
    P.PROPOSED: (P.INTRODUCTIONS, P.DECLINED, P.WITHDRAWN, P.LAPSED),
    P.INTRODUCTIONS: (P.AGREED, P.DECLINED, P.WITHDRAWN),
    P.AGREED: (P.CONFIRMED, P.DECLINED, P.WITHDRAWN),
    # A yes withdrawn before the arrangement starts.
    P.CONFIRMED: (P.DECLINED,),
    P.DECLINED: (),
    P.WITHDRAWN: (),
    P.LAPSED: (),
}


def _move(proposal: MatchProposal, to: str, *, by: User | None, reason: str = "") -> None:
    if to not in PROPOSAL_TRANSITIONS[proposal.status]:
        raise MatchingError(
            f"A proposal that is {proposal.get_status_display().lower()} cannot become "
            f"{ProposalStatus(to).label.lower()}."
        )
    ProposalTransition.objects.create(
        proposal=proposal, from_status=proposal.status, to_status=to, by=by, reason=reason
    )
    proposal.status = to
    proposal.status_changed_at = timezone.now()
    proposal.save(update_fields=["status", "status_changed_at"])


def _lock(proposal_id: int) -> MatchProposal:
    return MatchProposal.objects.select_for_update().select_related("person", "household").get(pk=proposal_id)


def latest_answers(proposal: MatchProposal, round: str) -> dict[str, Response | None]:
    """The latest answer of each side in `round` (a later withdrawal counts as the latest answer)."""
    latest: dict[str, Response | None] = {Side.CARER: None, Side.PERSON: None}
    for response in proposal.responses.filter(round=round).order_by("at", "pk"):
        latest[response.side] = response
    return latest


def _both_said(proposal: MatchProposal, round: str, answer: str) -> bool:
    latest = latest_answers(proposal, round)
    return all(r is not None and r.answer == answer for r in latest.values())


@transaction.atomic
def proposal_create(
    *,
    referral_id: int,
    household_id: int,
    by: User,
    score: int = 0,
    reasons: list | None = None,
    note: str = "",
) -> MatchProposal:
    """A draft proposal of this household for this referral. Nobody outside staff sees a draft."""
    referral = Referral.objects.select_for_update().select_related("person").get(pk=referral_id)
    _ensure_staff(referral.person.scheme_id, by)
    if referral.status != ReferralStatus.MATCHING:
        raise MatchingError("Move the referral to matching before proposing carers.")
    household = Household.objects.get(pk=household_id)
    allowed_schemes = {referral.person.scheme_id, *neighbour_ids(referral.person.scheme_id)}
    if household.scheme_id not in allowed_schemes:
        raise MatchingError("This household belongs to a scheme that does not share carers with yours.")
    if not household.is_matchable():
        raise MatchingError(f"{household.name} cannot be matched now: check their approval and checks.")
    if MatchProposal.objects.open().filter(referral=referral, household=household).exists():
        raise MatchingError(f"There is already an open proposal of {household.name} for this referral.")
    proposal = MatchProposal.objects.create(
        scheme_id=referral.person.scheme_id,
        referral=referral,
        person=referral.person,
        household=household,
        support_type=referral.support_type,
        proposed_start=referral.wanted_from,
        score=score,
        reasons=reasons or [],
        note=note,
        created_by=by,
    )
    ProposalTransition.objects.create(proposal=proposal, to_status=ProposalStatus.DRAFT, by=by)
    return proposal


@transaction.atomic
def proposal_send(*, proposal_id: int, by: User, today: date | None = None) -> MatchProposal:
    """Send a draft to both sides. The carers have the scheme's answer period to say if interested."""
    proposal = _lock(proposal_id)
    _ensure_staff(proposal.scheme_id, by)
    if proposal.status != ProposalStatus.DRAFT:
        raise MatchingError("Only a draft can be sent.")
    days = MatchingSettings.for_scheme(proposal.scheme_id).answer_days
    proposal.carer_deadline = (today or timezone.localdate()) + timedelta(days=days)
    proposal.save(update_fields=["carer_deadline"])
    _move(proposal, ProposalStatus.PROPOSED, by=by)
    transaction.on_commit(lambda: notify.proposal_sent(proposal.pk))
    return proposal


def _resolve_person_side(
    proposal: MatchProposal, *, by: User, channel: str, representative_id: int | None, consulted: str
) -> tuple[str, Representative | None]:
    """Who is answering for the person, on what basis. Raises MatchingError if `by` may not."""
    person: Person = proposal.person
    decider = person_side_decider(person)
    name = person.known_as
    if by.kind == User.Kind.PERSON:
        if person.user_id != by.pk:
            raise MatchingError("You can only answer proposals made to you.")
        if decider.kind != "person":
            raise MatchingError(
                "A capacity assessment says someone else makes this decision with you. "
                "Tell your coordinator what you think: they will listen."
            )
        return Basis.OWN_DECISION, None
    if by.kind == User.Kind.FAMILY:
        mine = [r for r in decider.representatives if r.user_id == by.pk]
        if decider.kind != "representative" or not mine:
            raise MatchingError(
                f"You can give your views about this proposal, but you cannot make the decision for {name}."
            )
        return decider.basis_for(mine[0]), mine[0]
    if by.kind == User.Kind.STAFF and proposal.scheme_id in by.staff_scheme_ids:
        if channel == Channel.PORTAL:
            raise MatchingError("Say how the answer was given: in person, by phone or by letter.")
        if decider.kind == "person":
            if representative_id:
                raise MatchingError(f"{name} makes this decision; record {name}'s own answer.")
            return Basis.OWN_DECISION, None
        if decider.kind == "representative":
            chosen = [r for r in decider.representatives if r.pk == representative_id]
            if not chosen:
                names = " or ".join(r.full_name for r in decider.representatives)
                raise MatchingError(f"{name} lacks capacity for this decision: record the answer of {names}.")
            return decider.basis_for(chosen[0]), chosen[0]
        if not consulted.strip():
            raise MatchingError("A best-interests decision must say who was consulted.")
        return Basis.BEST_INTERESTS, None
    raise MatchingError(f"You cannot answer for {name}.")


def _resolve_carer_side(proposal: MatchProposal, *, by: User, channel: str) -> str:
    if by.kind == User.Kind.CARER:
        if not proposal.household.carers.filter(user=by).exists():
            raise MatchingError("You can only answer proposals made to your household.")
        return Basis.OWN_DECISION
    if by.kind == User.Kind.STAFF and proposal.scheme_id in by.staff_scheme_ids:
        if channel == Channel.PORTAL:
            raise MatchingError("Say how the carers gave their answer: in person, by phone or by letter.")
        return Basis.OWN_DECISION
    raise MatchingError("You cannot answer for this household.")


@transaction.atomic
def proposal_respond(
    *,
    proposal_id: int,
    side: str,
    answer: str,
    by: User,
    channel: str = Channel.PORTAL,
    representative_id: int | None = None,
    consulted: str = "",
    note: str = "",
) -> Response:
    """Record one side's answer and move the proposal if both sides have now said the same.

    Interest round (proposed): both "interested" -> introductions. Agreement round (introductions):
    both "agree" -> agreed. Any "not interested", "decline" or withdrawal of a yes -> not going ahead.
    """
    proposal = _lock(proposal_id)
    side = Side(side)
    answer = Answer(answer)
    channel = Channel(channel)
    if side == Side.PERSON:
        basis, representative = _resolve_person_side(
            proposal, by=by, channel=channel, representative_id=representative_id, consulted=consulted
        )
    else:
        basis, representative = _resolve_carer_side(proposal, by=by, channel=channel), None

    if answer == Answer.WITHDRAW:
        round = _ensure_can_withdraw(proposal, side)
    else:
        round = ROUND_OF_ANSWER[answer]
        if proposal.status != STATUS_OF_ROUND[round]:
            raise MatchingError(_not_now_message(proposal, answer))

    response = Response.objects.create(
        proposal=proposal,
        side=side,
        round=round,
        answer=answer,
        basis=basis,
        channel=channel,
        representative=representative,
        consulted=consulted.strip() if basis == Basis.BEST_INTERESTS else "",
        note=note,
        recorded_by=by,
    )
    if answer not in YES_ANSWERS:
        _close_after_no(proposal, by=by, side=side, note=note)
    elif answer == Answer.INTERESTED and _both_said(proposal, Round.INTEREST, Answer.INTERESTED):
        _move(proposal, ProposalStatus.INTRODUCTIONS, by=by)
        transaction.on_commit(lambda: notify.proposal_moved(proposal.pk))
    elif answer == Answer.AGREE and _both_said(proposal, Round.AGREEMENT, Answer.AGREE):
        _move(proposal, ProposalStatus.AGREED, by=by)
        transaction.on_commit(lambda: notify.proposal_moved(proposal.pk))
    return response


def _not_now_message(proposal: MatchProposal, answer: str) -> str:
    if proposal.status in (ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN, ProposalStatus.LAPSED):
        return "This proposal is not going ahead, so it cannot be answered any more."
    if answer in (Answer.AGREE, Answer.DECLINE):
        return "Agreeing comes after both sides are interested and introductions have started."
    return "This proposal is past the interest stage."


def _ensure_can_withdraw(proposal: MatchProposal, side: str) -> str:
    if proposal.status not in WITHDRAWABLE:
        raise MatchingError("There is nothing to withdraw: this proposal is not going ahead.")
    if proposal.status == ProposalStatus.CONFIRMED:
        arrangement = proposal.arrangement
        if arrangement.start_date <= timezone.localdate() or arrangement.status != ArrangementStatus.PLANNED:
            raise MatchingError("The arrangement has started; ending it is done from the arrangement.")
    round = Round.AGREEMENT if proposal.status != ProposalStatus.PROPOSED else Round.INTEREST
    latest = latest_answers(proposal, round)[side]
    if latest is None or latest.answer not in YES_ANSWERS:
        raise MatchingError("There is no yes to withdraw.")
    return round


def _close_after_no(proposal: MatchProposal, *, by: User, side: str, note: str) -> None:
    # The reason is for staff only: the other side is told "not going ahead" and nothing more.
    who = "carer household" if side == Side.CARER else "person side"
    if proposal.status == ProposalStatus.CONFIRMED:
        arrangement_services.arrangement_withdraw(
            arrangement_id=proposal.arrangement.pk,
            by=by,
            end_reason=EndReason.CARERS_CHOICE if side == Side.CARER else EndReason.PERSONS_CHOICE,
        )
    _move(proposal, ProposalStatus.DECLINED, by=by, reason=f"Said no ({who}). {note}".strip())
    transaction.on_commit(lambda: notify.proposal_moved(proposal.pk))


@transaction.atomic
def proposal_withdraw(*, proposal_id: int, by: User, reason: str) -> MatchProposal:
    """Staff withdraw a proposal that has not been confirmed."""
    proposal = _lock(proposal_id)
    _ensure_staff(proposal.scheme_id, by)
    if not proposal.is_open:
        raise MatchingError("Only an open proposal can be withdrawn.")
    if not reason.strip():
        raise MatchingError("Say why the proposal is withdrawn.")
    _move(proposal, ProposalStatus.WITHDRAWN, by=by, reason=reason)
    transaction.on_commit(lambda: notify.proposal_moved(proposal.pk))
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal_id: int, by: User, start_date: date) -> Arrangement:
    """Create the arrangement from an agreed proposal. Exactly once, whoever clicks and however often.

    Refused unless both sides' latest answers are "agree", the household is still matchable and has
    a free place from the start date, and the person has no overlapping arrangement of the same kind.
    """
    proposal = _lock(proposal_id)
    _ensure_staff(proposal.scheme_id, by)
    if proposal.status == ProposalStatus.CONFIRMED:
        raise MatchingError("This proposal is already confirmed.")
    if proposal.status != ProposalStatus.AGREED or not _both_said(proposal, Round.AGREEMENT, Answer.AGREE):
        raise MatchingError("An arrangement needs both sides to agree first.")
    try:
        arrangement = arrangement_services.arrangement_create(
            scheme_id=proposal.scheme_id,
            proposal=proposal,
            person=proposal.person,
            household_id=proposal.household_id,
            support_type=proposal.support_type,
            start_date=start_date,
            by=by,
        )
    except ArrangementError as e:
        raise MatchingError(str(e)) from e
    _move(proposal, ProposalStatus.CONFIRMED, by=by)
    if Referral.objects.filter(pk=proposal.referral_id, status=ReferralStatus.MATCHING).exists():
        people_services.referral_mark_matched(
            referral_id=proposal.referral_id, by=by, note="Arrangement confirmed."
        )
    transaction.on_commit(lambda: notify.proposal_moved(proposal.pk))
    return arrangement


@transaction.atomic
def proposals_lapse(*, today: date | None = None) -> int:
    """Lapse proposals the carers did not answer by the deadline. Idempotent: returns how many lapsed."""
    today = today or timezone.localdate()
    overdue = MatchProposal.objects.select_for_update(skip_locked=True).filter(
        status=ProposalStatus.PROPOSED, carer_deadline__lt=today
    )
    lapsed = 0
    for proposal in overdue:
        if latest_answers(proposal, Round.INTEREST)[Side.CARER] is not None:
            continue
        _move(
            proposal,
            ProposalStatus.LAPSED,
            by=None,
            reason=f"No answer from the carers by {proposal.carer_deadline}.",
        )
        lapsed += 1
    return lapsed


@transaction.atomic
def opinion_record(
    *, proposal_id: int, by: User, view: str, comment: str = "", representative_id: int | None = None
):
    """A representative's view (support / concerns / object). Anyone representing the person may give one."""
    proposal = _lock(proposal_id)
    if by.kind == User.Kind.FAMILY:
        representative = (
            Representative.objects.current().filter(person_id=proposal.person_id, user=by).first()
        )
    elif by.kind == User.Kind.STAFF and proposal.scheme_id in by.staff_scheme_ids:
        representative = (
            Representative.objects.current()
            .filter(person_id=proposal.person_id, pk=representative_id)
            .first()
        )
    else:
        representative = None
    if representative is None:
        raise MatchingError("Only someone representing the person can give a view here.")
    if not proposal.is_open:
        raise MatchingError("This proposal is closed; views can no longer be added.")
    return RepresentativeOpinion.objects.create(
        proposal=proposal, representative=representative, view=view, comment=comment, recorded_by=by
    )


@transaction.atomic
def introduction_record(*, proposal_id: int, by: User, **fields) -> Introduction:
    """Log a meeting, tea visit, day visit, overnight or trial stay, with both sides' feedback."""
    proposal = _lock(proposal_id)
    _ensure_staff(proposal.scheme_id, by)
    if proposal.status not in (ProposalStatus.INTRODUCTIONS, ProposalStatus.AGREED):
        raise MatchingError("Introductions start once both sides are interested.")
    return Introduction.objects.create(proposal=proposal, recorded_by=by, **fields)
