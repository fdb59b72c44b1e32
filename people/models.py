"""People supported: the person, their referrals, strengths-based profile, representatives,
legal authorities and capacity assessments.

State changes live in `services.py`; who may make the person-side decision is answered
by `selectors.person_side_decider`.
"""

from datetime import date

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from sharedlives import history
from sharedlives.accounts.models import User
from sharedlives.choices import ClientGroup, Faith, Funder, SupportType
from sharedlives.db import TransitionBase, choices_constraint

from .choices import (
    OPEN_REFERRAL_STATUSES,
    WELFARE_AUTHORITIES,
    AuthorityKind,
    CapacityOutcome,
    CarerGenderPreference,
    ClosedReason,
    Decision,
    LivingSituation,
    NeedCategory,
    ReferralStatus,
    RepresentativeRole,
    Urgency,
)


def choices_or_blank_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """Like sharedlives.db.choices_constraint, for an optional field where '' means "not recorded"."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [*choices.values, ""]}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


# Long free text is bounded so that forms can say "too long" instead of storing pages of it.
SHORT_TEXT = 200
LONG_TEXT = 4000


class PersonQuerySet(models.QuerySet):
    def for_user(self, user):
        """People the user may see: staff their schemes' people, a person themselves,
        a family member the people they represent (while not removed). Nobody else any."""
        if not user.is_authenticated:
            return self.none()
        if user.kind == User.Kind.STAFF:
            return self.filter(scheme_id__in=user.staff_scheme_ids)
        if user.kind == User.Kind.PERSON:
            return self.filter(user=user)
        if user.kind == User.Kind.FAMILY:
            return self.filter(
                Exists(
                    Representative.objects.filter(person=OuterRef("pk"), user=user, removed_at__isnull=True)
                )
            )
        return self.none()


@history.track()
class Person(models.Model):
    """Someone a scheme supports or may support. Belongs to exactly one scheme."""

    LivingSituation = LivingSituation

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called, if not their first name."
    )
    pronouns = models.CharField(max_length=40, blank=True, help_text="For example she/her, they/them.")
    date_of_birth = models.DateField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(max_length=500, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    # British National Grid metres, set by the service from the postcode, for distances in matching.
    easting = models.PositiveIntegerField(null=True, blank=True, editable=False)
    northing = models.PositiveIntegerField(null=True, blank=True, editable=False)
    living_situation = models.CharField(
        "current living situation", max_length=20, choices=LivingSituation.choices, blank=True
    )
    living_situation_note = models.CharField(max_length=SHORT_TEXT, blank=True)
    languages = models.ManyToManyField(
        "reference.Language", blank=True, related_name="people", through="PersonLanguage"
    )
    faith = models.CharField(max_length=20, choices=Faith.choices, blank=True)
    culture = models.CharField(
        "culture and identity",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Cultural background, food, festivals, anything that matters to them.",
    )
    funder = models.CharField("funding source", max_length=30, choices=Funder.choices, blank=True)
    social_worker_name = models.CharField(max_length=150, blank=True)
    social_worker_team = models.CharField("social worker's team", max_length=SHORT_TEXT, blank=True)
    social_worker_phone = models.CharField(max_length=40, blank=True)
    social_worker_email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person_record",
        limit_choices_to={"kind": User.Kind.PERSON},
        help_text="Their own sign-in, if they have one.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"
        constraints = [
            choices_or_blank_constraint("living_situation", LivingSituation),
            choices_or_blank_constraint("faith", Faith),
            choices_or_blank_constraint("funder", Funder),
            models.CheckConstraint(
                condition=Q(date_of_birth__gte=date(1900, 1, 1)), name="people_person_born_after_1900"
            ),
        ]
        indexes = [models.Index(fields=["scheme", "last_name", "first_name"], name="people_person_name_idx")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        """The name to use when speaking to or about them."""
        return self.preferred_name or self.first_name

    @property
    def initials(self) -> str:
        return f"{self.known_as[:1]}{self.last_name[:1]}".upper()

    def age(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def age_band(self, on: date | None = None) -> str:
        """A decade ('30s'), for profiles shown before both sides of a match are interested."""
        age = self.age(on)
        return "teens" if age < 20 else f"{age // 10 * 10}s"

    @property
    def coordinates(self) -> tuple[int, int] | None:
        return (self.easting, self.northing) if self.easting is not None else None


@history.track()
class Profile(models.Model):
    """The person's strengths-based profile: strengths first, then needs, wishes and risks."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="profile")
    admired_for = models.TextField("what people like and admire about me", max_length=LONG_TEXT, blank=True)
    important_to_me = models.TextField("what is important to me", max_length=LONG_TEXT, blank=True)
    how_to_support_me = models.TextField("how best to support me", max_length=LONG_TEXT, blank=True)
    interests = models.ManyToManyField(
        "reference.Interest", blank=True, related_name="profiles", through="ProfileInterest"
    )
    need_categories = ArrayField(
        models.CharField(max_length=30, choices=NeedCategory.choices), default=list, blank=True
    )
    needs_summary = models.TextField(
        "needs in plain words", max_length=LONG_TEXT, blank=True, help_text="Shared with carers in a match."
    )
    # Deal-breakers: structured so that matching can filter carer households in SQL.
    no_pets = models.BooleanField("no pets in the home", default=False)
    no_smoking = models.BooleanField("no smoking in the home", default=False)
    no_children = models.BooleanField("no children in the home", default=False)
    needs_level_access = models.BooleanField("needs a ground-floor bedroom or level access", default=False)
    carer_gender = models.CharField(
        "carer gender preference",
        max_length=20,
        choices=CarerGenderPreference.choices,
        default=CarerGenderPreference.NO_PREFERENCE,
    )
    live_near = models.CharField(
        "wants to live near",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Family, a day service, work: who or what, in their words.",
    )
    live_near_postcode = models.CharField(max_length=8, blank=True)
    live_near_easting = models.PositiveIntegerField(null=True, blank=True, editable=False)
    live_near_northing = models.PositiveIntegerField(null=True, blank=True, editable=False)
    other_preferences = models.TextField(max_length=LONG_TEXT, blank=True)
    risk_summary = models.TextField(
        "risks: summary for matching",
        max_length=LONG_TEXT,
        blank=True,
        help_text="What a carer household needs to know to decide. Shared in a match.",
    )
    risk_detail = models.TextField(
        "risks: detail (staff only)",
        max_length=LONG_TEXT * 2,
        blank=True,
        help_text="Never shown to carers, the person or their family.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            choices_constraint("carer_gender", CarerGenderPreference),
            models.CheckConstraint(
                condition=Q(need_categories__contained_by=NeedCategory.values),
                name="people_profile_need_categories_valid",
            ),
        ]

    def __str__(self):
        return f"Profile of {self.person}"

    @property
    def deal_breakers(self) -> list[str]:
        """The person's deal-breakers, in plain words."""
        words = []
        if self.no_pets:
            words.append("No pets in the home")
        if self.no_smoking:
            words.append("No smoking in the home")
        if self.no_children:
            words.append("No children in the home")
        if self.needs_level_access:
            words.append("A ground-floor bedroom or level access")
        if self.carer_gender != CarerGenderPreference.NO_PREFERENCE:
            words.append(f"Main carer: {self.get_carer_gender_display().lower()}")
        return words

    def get_need_categories_display(self) -> list[str]:
        return [NeedCategory(value).label for value in self.need_categories]


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user):
        """Referrals staff may see: those of their schemes' people."""
        if not user.is_authenticated or user.kind != User.Kind.STAFF:
            return self.none()
        return self.filter(person__scheme_id__in=user.staff_scheme_ids)

    def open(self):
        return self.filter(status__in=OPEN_REFERRAL_STATUSES)


@history.track()
class Referral(models.Model):
    """A request for Shared Lives support. A person may have several over time."""

    Status = ReferralStatus
    ClosedReason = ClosedReason

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    closed_reason = models.CharField(max_length=20, choices=ClosedReason.choices, blank=True)
    support_type = models.CharField("support wanted", max_length=20, choices=SupportType.choices)
    client_groups = ArrayField(
        models.CharField(max_length=30, choices=ClientGroup.choices),
        default=list,
        blank=True,
        verbose_name="client groups",
    )
    wanted_from = models.DateField("wanted from", null=True, blank=True)
    frequency = models.CharField(
        "how often", max_length=SHORT_TEXT, blank=True, help_text="For example: one weekend a month."
    )
    reasons = models.TextField("reasons for the referral", max_length=LONG_TEXT)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    referrer_name = models.CharField(max_length=150)
    referrer_organisation = models.CharField(max_length=SHORT_TEXT, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    documents_noted = models.TextField(
        max_length=LONG_TEXT,
        blank=True,
        help_text="Documents received with the referral (care act assessment, support plan, ...).",
    )
    received_on = models.DateField(default=timezone.localdate)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            choices_constraint("status", ReferralStatus),
            choices_or_blank_constraint("closed_reason", ClosedReason),
            choices_constraint("support_type", SupportType),
            choices_constraint("urgency", Urgency),
            models.CheckConstraint(
                condition=Q(client_groups__contained_by=ClientGroup.values),
                name="people_referral_client_groups_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status=ReferralStatus.CLOSED) & ~Q(closed_reason=""))
                | (~Q(status=ReferralStatus.CLOSED) & Q(closed_reason="")),
                name="people_referral_closed_has_reason",
            ),
            # Two open referrals for the same kind of support would be the same request twice.
            models.UniqueConstraint(
                fields=["person", "support_type"],
                condition=Q(status__in=OPEN_REFERRAL_STATUSES),
                name="people_referral_one_open_per_support_type",
            ),
        ]
        indexes = [models.Index(fields=["status", "received_on"], name="people_referral_queue_idx")]

    def __str__(self):
        return f"{self.get_support_type_display()} referral for {self.person}"

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.person_id]) + f"#referral-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    def waiting_days(self, on: date | None = None) -> int | None:
        """Days since the referral arrived, while it is open."""
        if not self.is_open:
            return None
        return ((on or timezone.localdate()) - self.received_on).days

    def get_client_groups_display(self) -> list[str]:
        return [ClientGroup(value).label for value in self.client_groups]

    # The referral's status for the person and their family, in plain words.
    PLAIN_STATUS = {
        ReferralStatus.RECEIVED: "The scheme has the request for Shared Lives support.",
        ReferralStatus.SCREENING: "The scheme is reading the request.",
        ReferralStatus.ASSESSMENT: "The scheme is finding out what support is needed.",
        ReferralStatus.MATCHING: "The scheme is looking for a Shared Lives carer.",
        ReferralStatus.MATCHED: "A Shared Lives carer has been found.",
        ReferralStatus.CLOSED: "This request is finished.",
    }

    @property
    def plain_status(self) -> str:
        return self.PLAIN_STATUS[self.status]

    def get_status_display_full(self) -> str:
        if self.status == ReferralStatus.CLOSED:
            reason = self.get_closed_reason_display()
            return f"Closed: {reason[:1].lower()}{reason[1:]}"
        return self.get_status_display()


class ReferralTransition(TransitionBase):
    """One row per referral status change. Itself the history, so not tracked again; append-only."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class RepresentativeQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated or user.kind != User.Kind.STAFF:
            return self.none()
        return self.filter(person__scheme_id__in=user.staff_scheme_ids)

    def current(self):
        return self.filter(removed_at__isnull=True)


@history.track()
class Representative(models.Model):
    """A family member, friend, advocate or IMCA who speaks up for the person.

    Their views are recorded; they make the person-side decision only with a valid
    welfare authority and only when the person lacks capacity for it (see selectors).
    """

    Role = RepresentativeRole

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="representatives")
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FAMILY)
    relationship = models.CharField(
        max_length=100, blank=True, help_text="In the person's words: mum, brother, my advocate..."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(max_length=500, blank=True)
    may_see_proposals = models.BooleanField(
        default=False, help_text="May see the carers proposed to the person and give their views."
    )
    may_see_records = models.BooleanField(
        default=False,
        help_text="May read the daily notes and other records the carers keep of the person's life "
        "with them, and add words to them.",
    )
    note = models.TextField(max_length=LONG_TEXT, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
        limit_choices_to={"kind": User.Kind.FAMILY},
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.CharField(max_length=SHORT_TEXT, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            choices_constraint("role", RepresentativeRole),
            models.UniqueConstraint(
                fields=["person", "user"],
                condition=Q(user__isnull=False, removed_at__isnull=True),
                name="people_representative_user_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""),
                name="people_representative_removed_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.relationship or self.get_role_display()} of {self.person})"

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.person_id]) + f"#representative-{self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class LegalAuthorityQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated or user.kind != User.Kind.STAFF:
            return self.none()
        return self.filter(representative__person__scheme_id__in=user.staff_scheme_ids)

    def valid_on(self, on: date):
        """Authorities in force on `on`: not expired, not removed by then, holder not removed.
        `LegalAuthority.is_valid_on` is the same rule for one loaded row: change both together."""
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=on),
            Q(removed_at__isnull=True) | Q(removed_at__date__gt=on),
            checked_on__lte=on,
            representative__removed_at__isnull=True,
        )


@history.track()
class LegalAuthority(models.Model):
    """A legal authority a representative holds, with the evidence staff saw."""

    Kind = AuthorityKind

    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="authorities")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    evidence_seen = models.CharField(
        max_length=SHORT_TEXT,
        help_text="What you saw: for example 'Registered LPA, OPG reference 7000-1234-5678'.",
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField()
    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave empty if it does not expire. It stops applying on this date."
    )
    note = models.TextField(max_length=LONG_TEXT, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.CharField(max_length=SHORT_TEXT, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LegalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name_plural = "legal authorities"
        constraints = [
            choices_constraint("kind", AuthorityKind),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("checked_on")),
                name="people_legalauthority_expires_after_checked",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""),
                name="people_legalauthority_removed_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} held by {self.representative.full_name}"

    @property
    def allows_welfare_decision(self) -> bool:
        return self.kind in WELFARE_AUTHORITIES

    def is_valid_on(self, on: date | None = None) -> bool:
        """In force on `on` (default today): `LegalAuthorityQuerySet.valid_on` for one loaded row,
        for pages that have the authorities already. Change both together. Reads the holder, which
        costs no query when the authorities were prefetched from their representative."""
        return self._in_force_on(on or timezone.localdate()) and self.representative.removed_at is None

    def _in_force_on(self, on: date) -> bool:
        # removed_at__date in the queryset is the date in the current time zone, as localtime() is.
        return (
            self.checked_on <= on
            and (self.expires_on is None or self.expires_on > on)
            and (self.removed_at is None or timezone.localtime(self.removed_at).date() > on)
        )

    @property
    def status(self) -> str:
        """What staff read next to the authority itself (whether its holder was removed aside)."""
        if self.removed_at:
            return "removed"
        if not self._in_force_on(timezone.localdate()):
            return "expired"
        return "valid"


class CapacityAssessmentQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated or user.kind != User.Kind.STAFF:
            return self.none()
        return self.filter(person__scheme_id__in=user.staff_scheme_ids)


@history.track()
class CapacityAssessment(models.Model):
    """A decision-specific assessment of mental capacity. Without one, capacity is presumed."""

    Decision = Decision
    Outcome = CapacityOutcome

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="capacity_assessments")
    decision = models.CharField(max_length=30, choices=Decision.choices, default=Decision.ARRANGEMENT)
    assessed_on = models.DateField()
    assessor = models.CharField(
        max_length=150, help_text="Who assessed, and their role: for example 'Sam Lee, social worker'."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CapacityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-created_at", "-pk"]
        constraints = [
            choices_constraint("decision", Decision),
            choices_constraint("outcome", CapacityOutcome),
        ]
        indexes = [
            models.Index(fields=["person", "decision", "-assessed_on"], name="people_capacity_latest_idx")
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.get_decision_display()} ({self.assessed_on:%d %b %Y})"


# The many-to-many links hold care data too, so they have their own tracked rows: adding or
# removing a language or an interest shows in the person's history.
@history.track()
class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="people_personlanguage_unique")
        ]

    def __str__(self):
        return str(self.language_id)


@history.track()
class ProfileInterest(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    interest = models.ForeignKey("reference.Interest", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "interest"], name="people_profileinterest_unique")
        ]

    def __str__(self):
        return str(self.interest_id)
