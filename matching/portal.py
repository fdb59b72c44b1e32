"""The pages where carers, people supported and their families see and answer proposals.

Each side sees only the other side's disclosed profile (matching/disclosure.py). Who may
answer is decided by matching.services, whatever is posted here.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers.models import Carer, Household
from people.models import Person, Representative
from people.selectors import person_side_decider
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User
from sharedlives.files.selectors import main_photos

from . import disclosure, services
from .access import get_proposal_for_user
from .files import PERSON_PHOTO_FROM
from .forms import OpinionForm, PortalAnswerForm
from .models import YES_ANSWERS, Answer, MatchProposal, ProposalStatus, Round, Side

QUESTION = {
    ProposalStatus.PROPOSED: (Answer.INTERESTED, Answer.NOT_INTERESTED),
    ProposalStatus.INTRODUCTIONS: (Answer.AGREE, Answer.DECLINE),
}


def _answer_state(proposal: MatchProposal, side: str) -> dict:
    """What this side may do now: the two answers of the current round, and whether a yes can be withdrawn."""
    round = proposal.current_round
    latest = services.latest_answers(proposal, round or Round.AGREEMENT)[side]
    answered = latest is not None and round is not None
    can_withdraw = (
        proposal.status in services.WITHDRAWABLE
        and latest is not None
        and latest.answer in YES_ANSWERS
        and not (
            proposal.status == ProposalStatus.CONFIRMED
            and proposal.arrangement.start_date <= timezone.localdate()
        )
    )
    return {
        "choices": QUESTION.get(proposal.status, ()) if not answered else (),
        "latest": latest,
        "can_withdraw": can_withdraw,
    }


# --- Carers ------------------------------------------------------------------------------------


# The carers' first names of each proposed household, for the lists: one query for every row.
CARERS_FIRST_NAMES = Prefetch(
    "household__carers", queryset=Carer.objects.only("household_id", "first_name").order_by("position", "pk")
)


def _with_main_photos(proposals, model, *, key: str, shown=lambda proposal: True) -> list[MatchProposal]:
    """The proposals, each with `main_photo`: the main approved photo of its household or person
    (`key` names the id), where `shown(proposal)` allows it. One query for the whole list."""
    proposals = list(proposals)
    ids = {getattr(p, key) for p in proposals if shown(p)}
    photos = main_photos(model, ids) if ids else {}
    for proposal in proposals:
        proposal.main_photo = photos.get(getattr(proposal, key)) if shown(proposal) else None
    return proposals


@kind_required(User.Kind.CARER)
def carer_proposals(request):
    """The proposals to the carer's household; the person's photo only from introductions on."""
    proposals = (
        MatchProposal.objects.for_user(request.user).select_related("person").order_by("-status_changed_at")
    )
    proposals = _with_main_photos(
        proposals, Person, key="person_id", shown=lambda p: p.status in PERSON_PHOTO_FROM
    )
    return render(request, "matching/portal/carer_list.html", {"proposals": proposals})


@kind_required(User.Kind.CARER)
def carer_proposal(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    form = PortalAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_respond(
                proposal_id=proposal.pk,
                side=Side.CARER,
                answer=form.cleaned_data["answer"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except services.MatchingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _after_answer(form.cleaned_data["answer"]))
            return redirect("matching:carer_proposal", pk=proposal.pk)
    # A refused post (an answer the page does not offer now, a note too long) is shown again with
    # the problem and the note as typed; nothing was sent.
    return render(
        request,
        "matching/portal/carer_detail.html",
        {
            "form": form,
            "proposal": proposal,
            "profile": disclosure.person_profile_for_carer(proposal),
            "introductions": proposal.introductions.all(),
            **_answer_state(proposal, Side.CARER),
        },
    )


def _after_answer(answer: str) -> str:
    if answer in YES_ANSWERS:
        return "Thank you: your answer is sent. We will tell you when the other side has answered."
    if answer == Answer.WITHDRAW:
        return "Your yes is withdrawn. This proposal is not going ahead."
    return "Thank you: your answer is sent. This proposal is not going ahead."


# --- People supported (easy read) and families -------------------------------------------------


def _person_side_page(request, proposal):
    decider = person_side_decider(proposal.person)
    can_decide = decider.allows(request.user)
    representative = None
    if request.user.kind == User.Kind.FAMILY:
        representative = (
            Representative.objects.current().filter(person=proposal.person, user=request.user).first()
        )
    return {
        "proposal": proposal,
        "profile": disclosure.household_profile_for_person(proposal),
        "can_decide": can_decide,
        "decider": decider,
        "representative": representative,
        **_answer_state(proposal, Side.PERSON),
    }


@kind_required(User.Kind.PERSON)
def person_proposals(request):
    proposals = (
        MatchProposal.objects.for_user(request.user)
        .select_related("household")
        .prefetch_related(CARERS_FIRST_NAMES)
        .order_by("-status_changed_at")
    )
    proposals = _with_main_photos(proposals, Household, key="household_id")
    return render(request, "matching/portal/person_list.html", {"proposals": proposals})


@kind_required(User.Kind.PERSON)
def person_proposal(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    return render(request, "matching/portal/person_detail.html", _person_side_page(request, proposal))


@kind_required(User.Kind.FAMILY)
def family_proposals(request):
    proposals = (
        MatchProposal.objects.for_user(request.user)
        .select_related("person", "household")
        .prefetch_related(CARERS_FIRST_NAMES)
        .order_by("-status_changed_at")
    )
    proposals = _with_main_photos(proposals, Household, key="household_id")
    return render(request, "matching/portal/family_list.html", {"proposals": proposals})


@kind_required(User.Kind.FAMILY)
def family_proposal(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    context = _person_side_page(request, proposal)
    context["view_form"] = OpinionForm()
    return render(request, "matching/portal/family_detail.html", context)


@kind_required(User.Kind.PERSON, User.Kind.FAMILY)
def check_answer(request, pk, answer):
    """Check your answer: nothing is sent until the person (or their attorney) presses the button here."""
    proposal = get_proposal_for_user(request.user, pk)
    if answer not in Answer.values:
        raise Http404
    detail = (
        "matching:person_proposal" if request.user.kind == User.Kind.PERSON else "matching:family_proposal"
    )
    if request.method == "POST":
        try:
            services.proposal_respond(
                proposal_id=proposal.pk, side=Side.PERSON, answer=answer, by=request.user
            )
        except services.MatchingError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _after_answer(answer))
        return redirect(detail, pk=proposal.pk)
    context = _person_side_page(request, proposal)
    if not context["can_decide"]:
        # Reached by typing the address: say so before anything is pressed. (A post is refused by
        # the service whatever the page showed.)
        messages.info(
            request,
            f"You can give your views about this proposal, but you cannot make the decision for "
            f"{proposal.person.known_as}. {context['decider'].explanation}",
        )
        return redirect(detail, pk=proposal.pk)
    context.update(answer=answer, answer_label=_answer_words(answer, context["profile"].title), back=detail)
    template = (
        "matching/portal/person_check.html"
        if request.user.kind == User.Kind.PERSON
        else "matching/portal/family_check.html"
    )
    return render(request, template, context)


def _answer_words(answer: str, names: str) -> str:
    return {
        Answer.INTERESTED: f"Yes, I want to meet {names}",
        Answer.NOT_INTERESTED: f"No, I do not want to meet {names}",
        Answer.AGREE: f"Yes, I want to go ahead with {names}",
        Answer.DECLINE: f"No, I do not want to go ahead with {names}",
        Answer.WITHDRAW: "I have changed my mind: I do not want this any more",
    }[answer]


@require_POST
@kind_required(User.Kind.FAMILY)
def family_opinion(request, pk):
    """Any representative who may see the proposal can give a view; staff weigh it."""
    proposal = get_proposal_for_user(request.user, pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_record(proposal_id=proposal.pk, by=request.user, **form.cleaned_data)
        except services.MatchingError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, "Thank you. Your views are sent to the coordinator, who will take them into account."
            )
            return redirect("matching:family_proposal", pk=proposal.pk)
    context = _person_side_page(request, proposal)
    context["view_form"] = form
    return render(request, "matching/portal/family_detail.html", context)
