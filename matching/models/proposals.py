"""Match proposals, two-way consent, introductions and the arrangement they lead to.

Nobody is placed: an arrangement exists only for a proposal on which both the carer
household and the person side (the person, or whoever may lawfully decide for them)
have said yes twice, first "interested", then, after introductions, "agree".
"""

from datetime import date

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from arrangements.scoping import scope_to_user
from sharedlives import history
from sharedlives.choices import SupportType
from sharedlives.db import TransitionBase, choices_constraint


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    INTRODUCTIONS = "introductions", "Introductions"
    AGREED = "agreed", "Agreed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Not going ahead"
    WITHDRAWN = "withdrawn", "Withdrawn by the scheme"
    LAPSED = "lapsed", "Lapsed"


OPEN_STATUSES = (
    ProposalStatus.DRAFT,
    ProposalStatus.PROPOSED,
    ProposalStatus.INTRODUCTIONS,
    ProposalStatus.AGREED,
)
CLOSED_STATUSES = (ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN, ProposalStatus.LAPSED)


class Side(models.TextChoices):
    CARER = "carer", "Carer household"
    PERSON = "person", "Person"


class Round(models.TextChoices):
    INTEREST = "interest", "Interest"
    AGREEMENT = "agreement", "Agreement"


class Answer(models.TextChoices):
    INTERESTED = "interested", "Interested"
    NOT_INTERESTED = "not_interested", "Not interested"
    AGREE = "agree", "Agree"
    DECLINE = "decline", "Decline"
    WITHDRAW = "withdraw", "Withdraw a yes"


YES_ANSWERS = (Answer.INTERESTED, Answer.AGREE)


class Basis(models.TextChoices):
    OWN_DECISION = "own_decision", "Their own decision"
    ATTORNEY = "attorney", "Health and welfare attorney"
    DEPUTY = "deputy", "Welfare deputy"
    BEST_INTERESTS = "best_interests", "Best-interests decision made by staff"


class Channel(models.TextChoices):
    PORTAL = "portal", "Online"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"


class OpinionKind(models.TextChoices):
    SUPPORT = "support", "Supports it"
    CONCERNS = "concerns", "Has concerns"
    OBJECT = "object", "Objects"


class IntroductionKind(models.TextChoices):
    MEETING = "meeting", "First meeting"
    TEA_VISIT = "tea_visit", "Tea visit"
    DAY_VISIT = "day_visit", "Day visit"
    OVERNIGHT = "overnight", "Overnight stay"
    TRIAL_STAY = "trial_stay", "Trial stay"


class MatchingSettings(models.Model):
    """A scheme's matching settings: score weights and the carers' answer period."""

    scheme = models.OneToOneField(
        "accounts.Scheme", on_delete=models.CASCADE, related_name="matching_settings"
    )
    answer_days = models.PositiveSmallIntegerField(
        "Days a carer has to answer a proposal", default=7, help_text="After this the proposal lapses."
    )
    weight_interest = models.PositiveSmallIntegerField("Points per shared interest", default=10)
    weight_language = models.PositiveSmallIntegerField(
        "Points for a shared language (other than English)", default=15
    )
    weight_experience = models.PositiveSmallIntegerField("Points per matching experience", default=12)
    weight_faith = models.PositiveSmallIntegerField("Points for the same faith", default=8)
    weight_distance = models.PositiveSmallIntegerField(
        "Points for being close (falls to 0 at the limit)", default=20
    )
    distance_limit_km = models.PositiveSmallIntegerField(
        "Distance at which closeness stops counting (km)", default=40
    )

    class Meta:
        verbose_name_plural = "matching settings"

    def __str__(self):
        return f"Matching settings of {self.scheme}"

    @classmethod
    def for_scheme(cls, scheme_id: int) -> "MatchingSettings":
        found = cls.objects.filter(scheme_id=scheme_id).first()
        return found or cls(scheme_id=scheme_id)


class ProposalQuerySet(models.QuerySet):
    def for_user(self, user):
        """As `scope_to_user`, and drafts are never shown outside staff."""
        scoped = scope_to_user(self, user, family_needs_proposal_rights=True)
        return (
            scoped
            if user.is_authenticated and user.kind == user.Kind.STAFF
            else scoped.exclude(status=ProposalStatus.DRAFT)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


@history.track()
class MatchProposal(models.Model):
    Status = ProposalStatus

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="proposals")
    referral = models.ForeignKey("people.Referral", on_delete=models.PROTECT, related_name="proposals")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="proposals")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    proposed_start = models.DateField("Hoped-for start", null=True, blank=True)
    carer_deadline = models.DateField("Carer to answer by", null=True, blank=True)
    score = models.IntegerField(default=0)
    reasons = models.JSONField(
        default=list, blank=True, help_text="Why this household was suggested, in plain words."
    )
    note = models.TextField("Note for staff", max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", ProposalStatus),
            choices_constraint("support_type", SupportType),
            # One live proposal per referral and household: a second would split the answers.
            models.UniqueConstraint(
                fields=["referral", "household"],
                condition=models.Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="matching_one_open_proposal_per_referral_household",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status"], name="matching_proposal_board_idx"),
            # The board's latest outcomes: a scheme's proposals whose status changed since a date.
            models.Index(fields=["scheme", "status_changed_at"], name="matching_proposal_recent_idx"),
        ]

    def __str__(self):
        return f"Proposal {self.pk}: {self.person_id} with household {self.household_id}"

    def get_absolute_url(self):
        return reverse("matching:proposal_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def current_round(self) -> str | None:
        if self.status == ProposalStatus.PROPOSED:
            return Round.INTEREST
        if self.status == ProposalStatus.INTRODUCTIONS:
            return Round.AGREEMENT
        return None

    @property
    def public_status(self) -> str:
        """The status as carers, people and families see it: closed is just "not going ahead"."""
        if self.is_closed:
            return "Not going ahead"
        return {
            ProposalStatus.PROPOSED: "Waiting for answers",
            ProposalStatus.INTRODUCTIONS: "Getting to know each other",
            ProposalStatus.AGREED: "Both sides agree",
            ProposalStatus.CONFIRMED: "Confirmed",
        }.get(self.status, self.get_status_display())

    def days_in_status(self, today: date | None = None) -> int:
        return ((today or timezone.localdate()) - timezone.localtime(self.status_changed_at).date()).days


class ProposalTransition(TransitionBase):
    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        pass


class Response(models.Model):
    """One side's answer. Rows are never changed: a new answer is a new row, and the latest decides."""

    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="responses")
    side = models.CharField(max_length=10, choices=Side.choices)
    round = models.CharField(max_length=10, choices=Round.choices)
    answer = models.CharField(max_length=20, choices=Answer.choices)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    representative = models.ForeignKey(
        "people.Representative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The attorney or deputy who decided, when the basis is their authority.",
    )
    consulted = models.TextField(
        "Who was consulted", max_length=2000, blank=True, help_text="Required for a best-interests decision."
    )
    note = models.TextField("Reason or note (staff only)", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            choices_constraint("side", Side),
            choices_constraint("round", Round),
            choices_constraint("answer", Answer),
            choices_constraint("basis", Basis),
            choices_constraint("channel", Channel),
            models.CheckConstraint(
                condition=~models.Q(basis=Basis.BEST_INTERESTS) | ~models.Q(consulted=""),
                name="matching_best_interests_names_who_was_consulted",
            ),
        ]
        # Consent is evidence: the database refuses to change or delete an answer.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_side_display()}: {self.get_answer_display()}"


class RepresentativeOpinion(models.Model):
    """A view given by a representative who cannot decide: staff see it and weigh it."""

    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="opinions")
    representative = models.ForeignKey("people.Representative", on_delete=models.PROTECT, related_name="+")
    view = models.CharField(max_length=10, choices=OpinionKind.choices)
    comment = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [choices_constraint("view", OpinionKind)]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.representative}: {self.get_view_display()}"


@history.track()
class Introduction(models.Model):
    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="introductions")
    kind = models.CharField(max_length=20, choices=IntroductionKind.choices)
    happened_on = models.DateField()
    attended = models.CharField("Who took part", max_length=300)
    carer_feedback = models.TextField("How it went for the carers", max_length=4000, blank=True)
    person_feedback = models.TextField("How it went for the person", max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["happened_on", "pk"]
        constraints = [choices_constraint("kind", IntroductionKind)]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.happened_on}"
