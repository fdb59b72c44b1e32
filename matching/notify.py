"""Emails about proposals, sent after the change is committed. They never carry anyone's reasons."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from people.models import Representative

from .models import MatchProposal, ProposalStatus

STAGE_SENTENCES = {
    ProposalStatus.PROPOSED: "There is a new Shared Lives proposal for you to look at.",
    ProposalStatus.INTRODUCTIONS: "Both sides are interested. Your coordinator will arrange introductions.",
    ProposalStatus.AGREED: "Both sides agree. Your coordinator will confirm the arrangement.",
    ProposalStatus.CONFIRMED: "The arrangement is confirmed.",
    ProposalStatus.DECLINED: "This proposal is not going ahead.",
    ProposalStatus.WITHDRAWN: "This proposal is not going ahead.",
    ProposalStatus.LAPSED: "This proposal is not going ahead.",
}


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def recipients(proposal: MatchProposal) -> list[tuple[str, str, str]]:
    """(email, greeting name, link) for everyone on both sides who signs in to see this proposal."""
    out = []
    for carer in proposal.household.carers.select_related("user").filter(user__is_active=True):
        out.append((carer.user.email, carer.first_name, _link("matching:carer_proposal", proposal.pk)))
    person = proposal.person
    if person.user_id and person.user.is_active:
        out.append((person.user.email, person.known_as, _link("matching:person_proposal", proposal.pk)))
    representatives = (
        Representative.objects.current()
        .filter(person=person, may_see_proposals=True, user__is_active=True)
        .select_related("user")
    )
    for rep in representatives:
        out.append(
            (rep.user.email, rep.full_name.split(" ")[0], _link("matching:family_proposal", proposal.pk))
        )
    return out


def _send(proposal_id: int, subject: str) -> None:
    proposal = MatchProposal.objects.select_related("person", "household", "scheme", "person__user").get(
        pk=proposal_id
    )
    sentence = STAGE_SENTENCES.get(proposal.status)
    if not sentence:
        return
    messages = []
    for email, name, link in recipients(proposal):
        body = render_to_string(
            "matching/email/proposal.txt",
            {
                "name": name,
                "sentence": sentence,
                "link": link,
                "scheme": proposal.scheme,
                "proposal": proposal,
            },
        )
        messages.append((subject, body, None, [email]))
    send_mass_mail(messages, fail_silently=False)


def proposal_sent(proposal_id: int) -> None:
    _send(proposal_id, "A Shared Lives proposal for you")


def proposal_moved(proposal_id: int) -> None:
    _send(proposal_id, "News about your Shared Lives proposal")
