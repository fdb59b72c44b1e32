"""Staff pages: candidate ranking, the proposal board, a proposal's record and the actions on it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers.models import Household
from people.access import get_referral_for_user
from people.selectors import person_side_decider
from sharedlives.accounts.access import staff_required
from sharedlives.audit.services import access_record
from sharedlives.files.selectors import main_photos

from . import disclosure, ranking, services
from .access import get_proposal_for_user
from .forms import ConfirmForm, IntroductionForm, StaffResponseForm, WithdrawForm
from .models import CLOSED_STATUSES, OPEN_STATUSES, MatchProposal, ProposalStatus


def _page_number(value) -> int:
    """A page number from the address; anything that is not one is the first page."""
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


@staff_required
def candidates(request, referral_pk):
    """The ranked shortlist for a referral, the households left out and why, and a button to propose.
    Each household on the page comes with its main approved photo (one query for the page)."""
    referral = get_referral_for_user(request.user, referral_pk)
    include_neighbours = request.GET.get("neighbours") == "1"
    result = ranking.rank(
        referral,
        include_neighbours=include_neighbours,
        page=_page_number(request.GET.get("page")),
        excluded_page=_page_number(request.GET.get("left_out_page")),
    )
    shown = [*result.shortlist, *result.excluded]
    photos = main_photos(Household, [c.household.pk for c in shown]) if shown else {}
    for c in shown:
        c.photo = photos.get(c.household.pk)
    return render(
        request,
        "matching/candidates.html",
        {
            "referral": referral,
            "person": referral.person,
            "ranking": result,
            "include_neighbours": include_neighbours,
            "has_neighbours": len(result.schemes) > 1
            if include_neighbours
            else bool(ranking.neighbour_ids(referral.person.scheme_id)),
        },
    )


@require_POST
@staff_required
def propose(request, referral_pk):
    referral = get_referral_for_user(request.user, referral_pk)
    try:
        household_id = int(request.POST.get("household", ""))
    except ValueError:
        messages.error(request, "Choose a household to propose.")
        return redirect("matching:candidates", referral_pk=referral.pk)
    candidate = ranking.candidate(referral, household_id, include_neighbours=True)
    if candidate is None:
        messages.error(request, "That household is not one of the candidates for this referral.")
        return redirect("matching:candidates", referral_pk=referral.pk)
    household = candidate.household
    if not candidate.eligible:
        messages.error(
            request, f"{household.name} cannot be proposed: {'; '.join(candidate.excluded_because)}."
        )
        return redirect("matching:candidates", referral_pk=referral.pk)
    try:
        proposal = services.proposal_create(
            referral_id=referral.pk,
            household_id=household.pk,
            by=request.user,
            score=candidate.score,
            reasons=candidate.reasons,
        )
    except services.MatchingError as e:
        messages.error(request, str(e))
        return redirect("matching:candidates", referral_pk=referral.pk)
    messages.success(
        request, f"Draft proposal of {household.name} created. Check it, then send it to both sides."
    )
    return redirect(proposal)


# What the board shows of a proposal, its person and household: only these columns are read.
BOARD_FIELDS = (
    "status",
    "status_changed_at",
    "carer_deadline",
    "person__first_name",
    "person__preferred_name",
    "person__last_name",
    "household__name",
)
OPEN_ON_BOARD = 500  # a guard: no scheme has near this many proposals in progress
RECENT_OUTCOMES = 10  # the latest confirmed or closed proposals shown, newest first
RECENT_DAYS = 90


@staff_required
def board(request):
    """Every open proposal of the user's schemes by stage, longest waiting first, with age and
    deadline; then the latest outcomes of the last 90 days, newest first: confirmed ones in their
    column, closed ones in a table. At most RECENT_OUTCOMES outcomes, however long the history."""
    today = timezone.localdate()
    proposals = MatchProposal.objects.for_user(request.user).select_related("person", "household")
    proposals = proposals.only(*BOARD_FIELDS)
    in_progress = proposals.filter(status__in=OPEN_STATUSES).order_by("status_changed_at", "pk")
    outcomes = proposals.filter(
        status__in=(ProposalStatus.CONFIRMED, *CLOSED_STATUSES),
        status_changed_at__gte=timezone.now() - timezone.timedelta(days=RECENT_DAYS),
    ).order_by("-status_changed_at", "-pk")
    columns = {status: [] for status in (*OPEN_STATUSES, ProposalStatus.CONFIRMED)}
    closed = []
    for proposal in [*in_progress[:OPEN_ON_BOARD], *outcomes[:RECENT_OUTCOMES]]:
        columns.get(proposal.status, closed).append(proposal)
    return render(
        request,
        "matching/board.html",
        {
            "columns": [(ProposalStatus(s).label, s, items) for s, items in columns.items()],
            "closed": closed,
            "today": today,
        },
    )


def _detail_context(request, proposal, **forms):
    responses = proposal.responses.select_related("recorded_by", "representative")
    return {
        "proposal": proposal,
        "decider": person_side_decider(proposal.person),
        "responses": responses,
        "transitions": proposal.transitions.select_related("by"),
        "introductions": proposal.introductions.all(),
        "opinions": proposal.opinions.select_related("representative"),
        "response_form": forms.get("response_form") or StaffResponseForm(proposal=proposal),
        "introduction_form": forms.get("introduction_form") or IntroductionForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "confirm_form": forms.get("confirm_form")
        or ConfirmForm(initial={"start_date": proposal.proposed_start or timezone.localdate()}),
        "arrangement": getattr(proposal, "arrangement", None)
        if proposal.status == ProposalStatus.CONFIRMED
        else None,
    }


def _staff_proposal(request, pk):
    if not request.user.is_scheme_staff:
        raise PermissionDenied
    return get_proposal_for_user(request.user, pk)


@staff_required
def proposal_detail(request, pk):
    proposal = _staff_proposal(request, pk)
    return render(request, "matching/proposal_detail.html", _detail_context(request, proposal))


@staff_required
def proposal_print(request, pk):
    """The proposal on A4 for the matching meeting: where it stands, what each side sees of the
    other, the answers and the introductions. Staff-only notes and decline reasons are left off."""
    proposal = _staff_proposal(request, pk)
    access_record(user=request.user, obj=proposal.person, page="proposal summary")
    return render(
        request,
        "print/proposal.html",
        {
            "proposal": proposal,
            "scheme": proposal.household.scheme,
            "decider": person_side_decider(proposal.person),
            "person_profile": disclosure.person_profile_for_carer(proposal),
            "household_profile": disclosure.household_profile_for_person(proposal),
            "responses": proposal.responses.select_related("recorded_by", "representative"),
            "introductions": proposal.introductions.all(),
            "printed_on": timezone.localdate(),
            "back_url": proposal.get_absolute_url(),
            "back_label": "Back to the proposal",
        },
    )


def _act(request, proposal, action, success: str):
    try:
        action()
    except services.MatchingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect(proposal)


@require_POST
@staff_required
def proposal_send(request, pk):
    proposal = _staff_proposal(request, pk)
    return _act(
        request,
        proposal,
        lambda: services.proposal_send(proposal_id=proposal.pk, by=request.user),
        "Proposal sent. Both sides have been told; the carers have until the deadline to answer.",
    )


@require_POST
@staff_required
def proposal_record_response(request, pk):
    proposal = _staff_proposal(request, pk)
    form = StaffResponseForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return render(
            request, "matching/proposal_detail.html", _detail_context(request, proposal, response_form=form)
        )
    data = form.cleaned_data
    try:
        services.proposal_respond(
            proposal_id=proposal.pk,
            side=data["side"],
            answer=data["answer"],
            by=request.user,
            channel=data["channel"],
            representative_id=data["representative"].pk if data["representative"] else None,
            consulted=data["consulted"],
            note=data["note"],
        )
    except services.MatchingError as e:
        form.add_error(None, str(e))
        return render(
            request, "matching/proposal_detail.html", _detail_context(request, proposal, response_form=form)
        )
    proposal.refresh_from_db()
    messages.success(
        request, f"Answer recorded. The proposal is now: {proposal.get_status_display().lower()}."
    )
    return redirect(proposal)


@require_POST
@staff_required
def proposal_record_introduction(request, pk):
    proposal = _staff_proposal(request, pk)
    form = IntroductionForm(request.POST)
    if form.is_valid():
        try:
            services.introduction_record(proposal_id=proposal.pk, by=request.user, **form.cleaned_data)
        except services.MatchingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Introduction recorded. When both sides are ready, record their agreement."
            )
            return redirect(proposal)
    return render(
        request, "matching/proposal_detail.html", _detail_context(request, proposal, introduction_form=form)
    )


@require_POST
@staff_required
def proposal_withdraw(request, pk):
    proposal = _staff_proposal(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_withdraw(
                proposal_id=proposal.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.MatchingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Proposal withdrawn. Both sides will see that it is not going ahead.")
            return redirect(proposal)
    return render(
        request, "matching/proposal_detail.html", _detail_context(request, proposal, withdraw_form=form)
    )


@require_POST
@staff_required
def proposal_confirm(request, pk):
    proposal = _staff_proposal(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            arrangement = services.proposal_confirm(
                proposal_id=proposal.pk, by=request.user, start_date=form.cleaned_data["start_date"]
            )
        except services.MatchingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"Arrangement confirmed, starting {arrangement.start_date:%d %B %Y}. "
                "Both sides have been told, and it now shows on their home pages.",
            )
            return redirect(proposal)
    return render(
        request, "matching/proposal_detail.html", _detail_context(request, proposal, confirm_form=form)
    )
