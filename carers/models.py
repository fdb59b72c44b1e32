"""Carer registry: households, their carers, the approval lifecycle, approval terms, checks and availability.

State changes live in `carers/services.py`; these models hold the data and the invariants the
database can keep (statuses, places 1 to 3, dates in order, at most two carers per household).
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sharedlives import history
from sharedlives.choices import ClientGroup, Faith, Gender, SupportType
from sharedlives.db import (
    TransitionBase,
    choices_constraint,
    derived_column_row_trigger,
    derived_column_triggers,
)

from .check_rules import CHECK_RULES, MANDATORY_CHECKS, PER_CARER_CHECKS, CheckRule, CheckType

# Checks and awards "expiring soon" within this many days show on the compliance dashboard.
EXPIRING_WITHIN_DAYS = 30


class HouseholdStatus(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    INITIAL_VISIT = "initial_visit", "Initial visit"
    ASSESSMENT = "assessment", "Assessment"
    READY_FOR_PANEL = "ready_for_panel", "Ready for panel"
    APPROVED = "approved", "Approved"
    PROBATION = "probation", "Approved (probation)"
    ON_HOLD = "on_hold", "On hold"
    SUSPENDED = "suspended", "Suspended"
    APPEALING = "appealing", "De-registered, appeal lodged"
    RESIGNED = "resigned", "Resigned"
    DEREGISTERED = "deregistered", "De-registered"
    DECLINED = "declined", "Not approved"
    WITHDRAWN = "withdrawn", "Withdrawn before approval"


# Approved carers: the only statuses from which a household may be matched.
APPROVED_STATUSES = (HouseholdStatus.APPROVED, HouseholdStatus.PROBATION)
# Finished: nothing more happens to these households, so their checks no longer need chasing.
CLOSED_STATUSES = (
    HouseholdStatus.RESIGNED,
    HouseholdStatus.DEREGISTERED,
    HouseholdStatus.DECLINED,
    HouseholdStatus.WITHDRAWN,
)


class Smoking(models.TextChoices):
    NONE = "none", "Nobody smokes"
    OUTSIDE = "outside", "Someone smokes, outside only"
    INSIDE = "inside", "Someone smokes indoors"


class AgeBand(models.TextChoices):
    UNDER_5 = "under_5", "Under 5"
    AGE_5_11 = "5_11", "5 to 11"
    AGE_12_17 = "12_17", "12 to 17"
    AGE_18_64 = "18_64", "18 to 64"
    AGE_65_PLUS = "65_plus", "65 or over"


CHILD_AGE_BANDS = (AgeBand.UNDER_5, AgeBand.AGE_5_11, AgeBand.AGE_12_17)


def _valid_on(day) -> Q:
    """Checks that count on `day`: the current record of its kind, not expired."""
    return Q(is_current=True) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))


class HouseholdQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff: their schemes' households. A carer: their own household. Anyone else: none."""
        if not user.is_authenticated:
            return self.none()
        if user.kind == user.Kind.STAFF:
            return self.filter(scheme_id__in=user.staff_scheme_ids)
        if user.kind == user.Kind.CARER:
            return self.filter(carers__user=user)
        return self.none()

    def matchable(self, on=None):
        """Households that may be offered to someone on `on` (default today): approved (or on
        probation) with approval terms, at least one carer, and a current, unexpired record of every
        mandatory check (for every carer where the check is personal). A filter on one indexed
        column, `matchable_until`, which the database keeps up to date (see matchable_until_sql).
        """
        return self.filter(matchable_on(on))


def matchable_on(day=None) -> Q:
    """The condition of `HouseholdQuerySet.matchable`, for annotations and aggregate filters.
    Never NULL (so `is_matchable=False` finds the households that cannot be matched)."""
    return Q(matchable_until__isnull=False, matchable_until__gte=day or timezone.localdate())


# The day the first mandatory check of a household lapses, NULL when it cannot be matched at all:
# not approved, no approval terms, no carer, or a mandatory check missing for it or one of its
# carers. A check that does not expire counts as lasting until NEVER_LAPSES.
#
# Ranking, the registry and the dashboard ask "matchable today?" of thousands of households; as
# a chain of EXISTS per check type this cost more than the rest of those pages (and as a SQL
# function PostgreSQL planned it once per row). So the answer is stored on the household and kept
# by triggers (Household.Meta, Check.Meta, Carer.Meta): whatever writes a check, a carer, a status
# or approval terms (services, admin, bulk loads) brings `matchable_until` up to date in the same
# statement. The mandatory checks come from CHECK_RULES; changing them changes the trigger SQL,
# which `makemigrations --check` then asks for a migration of.
NEVER_LAPSES = date.max


def _sql_list(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]::text[]"


def matchable_until_sql(row: str) -> str:
    """The SQL expression of `matchable_until` for the household row `row` (an alias or NEW)."""
    household_checks = [str(t) for t in MANDATORY_CHECKS if t not in PER_CARER_CHECKS]
    carer_checks = [str(t) for t in MANDATORY_CHECKS if t in PER_CARER_CHECKS]
    return f"""CASE WHEN {row}.status IN ({", ".join(f"'{s}'" for s in APPROVED_STATUSES)})
      AND {row}.current_terms_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM carers_carer c WHERE c.household_id = {row}.id)
    THEN (
      SELECT CASE WHEN bool_and(need.until IS NOT NULL) THEN min(need.until) END
      FROM (
        SELECT (
          SELECT max(COALESCE(k.expires_on, DATE '{NEVER_LAPSES.isoformat()}'))
          FROM carers_check k
          WHERE k.household_id = {row}.id AND k.is_current AND k.check_type = wanted.check_type
            AND (wanted.carer_id IS NULL OR k.carer_id = wanted.carer_id)
        ) AS until
        FROM (
          SELECT NULL::bigint AS carer_id, kind AS check_type
          FROM unnest({_sql_list(household_checks)}) AS kind
          UNION ALL
          SELECT c.id, kind FROM carers_carer c CROSS JOIN unnest({_sql_list(carer_checks)}) AS kind
          WHERE c.household_id = {row}.id
        ) AS wanted
      ) AS need
    ) END"""


def refresh_matchable_triggers() -> list:
    """The triggers on checks and carers that bring their household's `matchable_until` up to date."""
    return derived_column_triggers(
        name="matchable",
        table="carers_household",
        column="matchable_until",
        expression=matchable_until_sql("t"),
        key="household_id",
    )


@history.track(exclude=["matchable_until"])
class Household(models.Model):
    """A carer household: one or two carers, the people they live with, their home and their approval."""

    Status = HouseholdStatus
    Smoking = Smoking

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="households")
    name = models.CharField(
        max_length=200, help_text="How the household is known, e.g. 'Priya and Sam Shah'."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENQUIRY)
    status_note = models.TextField(
        "What the carers are told about their status",
        max_length=2000,
        blank=True,
        help_text="In a manager's words, shown to the carers while they are suspended or on hold.",
    )
    suspension_needs_panel = models.BooleanField(
        default=False,
        editable=False,
        help_text="Suspended while an allegation is looked into: only a panel decision lifts it.",
    )
    current_terms = models.ForeignKey(
        "ApprovalTerms",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The latest approval terms; set by the panel decision that made them.",
    )
    matchable_until = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last day the household may be matched, until a check is renewed; empty when it "
        "may not be matched. Kept by the database (see matchable_until_sql).",
    )

    address = models.TextField(blank=True, help_text="Staff only; never shown to people or families.")
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True, editable=False)
    northing = models.PositiveIntegerField(null=True, blank=True, editable=False)

    about_us = models.TextField("About us", blank=True)
    has_pets = models.BooleanField("Pets in the home", default=False)
    pets = models.CharField("Which pets", max_length=200, blank=True)
    smoking = models.CharField(max_length=10, choices=Smoking.choices, default=Smoking.NONE)
    spare_rooms = models.PositiveSmallIntegerField(default=0)
    ground_floor_bedroom = models.BooleanField(default=False)
    level_access = models.BooleanField("Level access (no steps to the door)", default=False)
    adapted_bathroom = models.BooleanField(default=False)
    hoist = models.BooleanField(default=False)
    faith = models.CharField(max_length=20, choices=Faith.choices, blank=True)
    culture = models.CharField("Culture and traditions", max_length=200, blank=True)
    experience = ArrayField(
        models.CharField(max_length=40, choices=ClientGroup.choices),
        default=list,
        blank=True,
        help_text="Client groups the household has experience of supporting.",
    )
    languages = models.ManyToManyField(
        "reference.Language", through="HouseholdLanguage", blank=True, related_name="+"
    )
    interests = models.ManyToManyField(
        "reference.Interest", through="HouseholdInterest", blank=True, related_name="+"
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            choices_constraint("status", HouseholdStatus),
            choices_constraint("smoking", Smoking),
            models.CheckConstraint(
                condition=Q(faith="") | Q(faith__in=Faith.values), name="carers_household_faith_valid"
            ),
            models.CheckConstraint(
                condition=Q(experience__contained_by=ClientGroup.values),
                name="carers_household_experience_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status"], name="carers_household_scheme_status"),
            models.Index(fields=["scheme", "matchable_until"], name="carers_household_matchable"),
            # The registry's default order: its first page without sorting the whole scheme.
            models.Index(fields=["scheme", "name", "id"], name="carers_household_scheme_name"),
        ]
        triggers = [
            # A status change or new approval terms compute it again; the triggers on checks and
            # carers cover the rest.
            derived_column_row_trigger(
                column="matchable_until",
                expression=matchable_until_sql("NEW"),
                update_of=("status", "current_terms_id"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("carers:household_detail", args=[self.pk])

    @property
    def adaptations(self) -> list[str]:
        """The home's adaptations, as the staff and carer pages name them (people proposed a match
        read plainer words: matching.disclosure)."""
        return [
            label
            for present, label in [
                (self.ground_floor_bedroom, "Ground-floor bedroom"),
                (self.level_access, "Level access"),
                (self.adapted_bathroom, "Adapted bathroom"),
                (self.hoist, "Hoist"),
            ]
            if present
        ]

    def is_matchable(self, on=None) -> bool:
        """Whether the household may be offered to someone on `on` (default today), as
        `Household.objects.matchable()` decides, read from this row."""
        return self.matchable_until is not None and self.matchable_until >= (on or timezone.localdate())

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    @property
    def coordinates(self) -> tuple[int, int] | None:
        return (self.easting, self.northing) if self.easting is not None else None


@history.track()
class HouseholdLanguage(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "language"], name="carers_household_language_unique")
        ]

    def __str__(self):
        return f"{self.household_id}: {self.language_id}"


@history.track()
class HouseholdInterest(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    interest = models.ForeignKey("reference.Interest", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "interest"], name="carers_household_interest_unique")
        ]

    def __str__(self):
        return f"{self.household_id}: {self.interest_id}"


@history.track()
class Carer(models.Model):
    """One approved (or applying) carer. A household has one, or two under a joint approval."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="carers")
    position = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="1 for the first carer, 2 for a joint carer."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carer",
        limit_choices_to={"kind": "carer"},
        help_text="Their sign-in account, once invited.",
    )

    class Meta:
        ordering = ["household_id", "position"]
        constraints = [
            # At most two carers per household: joint approval is two people, never more.
            models.CheckConstraint(condition=Q(position__in=[1, 2]), name="carers_carer_position_1_or_2"),
            models.UniqueConstraint(fields=["household", "position"], name="carers_carer_position_unique"),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=Gender.values), name="carers_carer_gender_valid"
            ),
        ]
        triggers = refresh_matchable_triggers()  # a household with no carer, or a new one, changes

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class MemberQuerySet(models.QuerySet):
    def living_there(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


@history.track()
class HouseholdMember(models.Model):
    """Someone else who lives in the home: a partner who is not a carer, children, a lodger."""

    AgeBand = AgeBand

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=100, help_text="To the carers, e.g. 'son', 'lodger'.")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    left_on = models.DateField(
        "Moved out on", null=True, blank=True, help_text="Leave empty while they live in the home."
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["household_id", "name", "pk"]
        constraints = [choices_constraint("age_band", AgeBand)]

    def __str__(self):
        return self.name

    @property
    def is_child(self) -> bool:
        return self.age_band in CHILD_AGE_BANDS


class HouseholdTransition(TransitionBase):
    """One row per status change of a household."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="transitions")
    panel_decision = models.ForeignKey(
        "PanelDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )

    class Meta(TransitionBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=HouseholdStatus.values),
                name="carers_transition_from_valid",
            ),
            models.CheckConstraint(
                condition=Q(to_status__in=HouseholdStatus.values), name="carers_transition_to_valid"
            ),
        ]

    def get_from_status_display(self) -> str:
        return HouseholdStatus(self.from_status).label if self.from_status else "New"

    def get_to_status_display(self) -> str:
        return HouseholdStatus(self.to_status).label


class PanelDecisionKind(models.TextChoices):
    RECOMMEND_APPROVAL = "approve", "Recommend approval"
    DEFER = "defer", "Defer"
    DECLINE = "decline", "Decline"
    DEREGISTER = "deregister", "De-register"


@history.track()
class PanelDecision(models.Model):
    """What the panel (and the scheme's decision-maker) decided about a household, on a date."""

    Decision = PanelDecisionKind

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="panel_decisions")
    decided_on = models.DateField("Date of decision")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_maker = models.CharField(max_length=150, help_text="Who made the decision, and their role.")
    minutes = models.TextField("Minutes", blank=True)
    conditions = models.TextField(
        "Conditions or training required",
        max_length=2000,
        blank=True,
        help_text="What the carers must do to continue, shown to them.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [choices_constraint("decision", PanelDecisionKind)]

    def __str__(self):
        return f"{self.get_decision_display()} on {self.decided_on:%d %b %Y}"


@history.track()
class ApprovalTerms(models.Model):
    """What a household is approved for. Each approving panel decision adds a new version; none is changed."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="terms_versions")
    version = models.PositiveIntegerField()
    panel_decision = models.OneToOneField(PanelDecision, on_delete=models.PROTECT, related_name="terms")
    max_people = models.PositiveSmallIntegerField("Most people at once")
    support_types = ArrayField(models.CharField(max_length=40, choices=SupportType.choices))
    client_groups = ArrayField(models.CharField(max_length=40, choices=ClientGroup.choices))
    effective_from = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["household_id", "-version"]
        verbose_name_plural = "approval terms"
        constraints = [
            models.UniqueConstraint(fields=["household", "version"], name="carers_terms_version_unique"),
            models.CheckConstraint(
                condition=Q(max_people__gte=1, max_people__lte=3), name="carers_terms_max_people_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(support_types__contained_by=SupportType.values) & ~Q(support_types=[]),
                name="carers_terms_support_types_valid",
            ),
            models.CheckConstraint(
                condition=Q(client_groups__contained_by=ClientGroup.values) & ~Q(client_groups=[]),
                name="carers_terms_client_groups_valid",
            ),
        ]

    def __str__(self):
        return f"Version {self.version}: up to {self.max_people}"

    def get_support_types_display(self) -> list[str]:
        return [SupportType(v).label for v in self.support_types]

    def get_client_groups_display(self) -> list[str]:
        return [ClientGroup(v).label for v in self.client_groups]


class CheckQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def expired(self, on=None):
        day = on or timezone.localdate()
        return self.filter(is_current=True, expires_on__lt=day)

    def due_within(self, days: int = EXPIRING_WITHIN_DAYS, on=None):
        """Current records that have expired or expire within `days` days."""
        day = on or timezone.localdate()
        return self.filter(is_current=True, expires_on__lte=day + timedelta(days=days))


@history.track()
class Check(models.Model):
    """A check or training record: DBS, reference, gas certificate, a course...

    Renewing adds a new record; the newest of each kind (per household, carer, type and course
    title) is the current one and the earlier ones stay as evidence. The expiry is computed by the
    service from the scheme's renewal period and stored so that queries can use it.
    """

    Type = CheckType

    # Indexed by carers_check_household (household, is_current, expires_on) below.
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="checks", db_index=False)
    carer = models.ForeignKey(
        Carer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        help_text="For personal checks and training; empty for checks of the home.",
    )
    check_type = models.CharField("Check", max_length=30, choices=Type.choices)
    title = models.CharField("Course title", max_length=150, blank=True)
    done_on = models.DateField("Date done")
    expires_on = models.DateField(null=True, blank=True, editable=False)
    is_current = models.BooleanField("Current record", default=True, editable=False)
    evidence = models.TextField("Evidence seen", blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on", "-pk"]
        constraints = [
            choices_constraint("check_type", CheckType),
            models.CheckConstraint(
                condition=(Q(check_type__in=PER_CARER_CHECKS) & Q(carer__isnull=False))
                | (~Q(check_type__in=PER_CARER_CHECKS) & Q(carer__isnull=True)),
                name="carers_check_carer_matches_type",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("done_on")),
                name="carers_check_expires_after_done",
            ),
            models.UniqueConstraint(
                fields=["household", "carer", "check_type", "title"],
                condition=Q(is_current=True),
                nulls_distinct=False,
                name="carers_check_one_current",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_on"], condition=Q(is_current=True), name="carers_check_current_expiry"
            ),
            # The compliance dashboard: a household's current checks due by a date.
            models.Index(
                fields=["household", "expires_on"],
                condition=Q(is_current=True),
                name="carers_check_current_due",
            ),
            # A household's checks, past and current (the foreign key's own index, widened so
            # that the planner does not take it for the current checks due: see migration 0005).
            models.Index(fields=["household", "is_current", "expires_on"], name="carers_check_household"),
        ]
        triggers = refresh_matchable_triggers()

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        # The enum's label: get_check_type_display() rebuilds a dict of every choice on each call.
        return self.title or CheckType(self.check_type).label

    @property
    def rule(self) -> CheckRule:
        return CHECK_RULES[self.check_type]

    def is_expired(self, on=None) -> bool:
        return self.expires_on is not None and self.expires_on < (on or timezone.localdate())

    def is_expiring(self, on=None, days: int = EXPIRING_WITHIN_DAYS) -> bool:
        day = on or timezone.localdate()
        return self.expires_on is not None and day <= self.expires_on <= day + timedelta(days=days)


@history.track()
class CarerSettings(models.Model):
    """A scheme's rules for its carer registry: how often each check is renewed, what carers may edit.

    A scheme without a row uses the defaults below. A renewal period left empty means the check
    does not expire.
    """

    scheme = models.OneToOneField(
        "accounts.Scheme", on_delete=models.CASCADE, primary_key=True, related_name="carer_settings"
    )
    dbs_months = models.PositiveSmallIntegerField("Enhanced DBS", null=True, blank=True, default=36)
    reference_1_months = models.PositiveSmallIntegerField("First reference", null=True, blank=True)
    reference_2_months = models.PositiveSmallIntegerField("Second reference", null=True, blank=True)
    medical_months = models.PositiveSmallIntegerField("GP / medical report", null=True, blank=True)
    health_safety_months = models.PositiveSmallIntegerField(
        "Home health and safety", null=True, blank=True, default=12
    )
    gas_safety_months = models.PositiveSmallIntegerField("Gas safety", null=True, blank=True, default=12)
    insurance_months = models.PositiveSmallIntegerField("Insurance", null=True, blank=True, default=12)
    landlord_months = models.PositiveSmallIntegerField(
        "Landlord / mortgage permission", null=True, blank=True
    )
    carer_review_months = models.PositiveSmallIntegerField("Carer review", null=True, blank=True, default=12)
    first_aid_months = models.PositiveSmallIntegerField("First aid", null=True, blank=True, default=36)
    safeguarding_months = models.PositiveSmallIntegerField("Safeguarding", null=True, blank=True, default=36)
    mental_capacity_act_months = models.PositiveSmallIntegerField(
        "Mental Capacity Act", null=True, blank=True, default=36
    )
    medication_months = models.PositiveSmallIntegerField("Medication", null=True, blank=True, default=24)
    data_protection_months = models.PositiveSmallIntegerField(
        "Data protection", null=True, blank=True, default=24
    )
    awareness_months = models.PositiveSmallIntegerField("Awareness courses", null=True, blank=True)

    carers_may_edit_about_us = models.BooleanField("Carers may edit 'about us'", default=True)
    carers_may_edit_interests = models.BooleanField("Carers may edit their interests", default=True)
    carers_may_edit_members = models.BooleanField("Carers may edit their household members", default=True)
    max_photos = models.PositiveSmallIntegerField(
        "Photos per household",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text="How many photos a household may have (the carers, the home, the spare room, pets...).",
    )

    class Meta:
        verbose_name = "carer settings"
        verbose_name_plural = "carer settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{t}_months__gte": 1}) | Q(**{f"{t}_months__isnull": True}),
                name=f"carers_settings_{t}_months_positive",
            )
            for t in CheckType.values
        ]

    def __str__(self):
        return f"Carer settings of {self.scheme_id}"

    @classmethod
    def for_scheme(cls, scheme_id: int) -> "CarerSettings":
        """The scheme's settings, or unsaved defaults if it has never changed them."""
        return cls.objects.filter(scheme_id=scheme_id).first() or cls(scheme_id=scheme_id)

    @classmethod
    def for_household(cls, household: "Household") -> "CarerSettings":
        """The settings of the household's scheme. No query when the household's own query selected
        them (select_related("scheme__carer_settings")); else one, as for_scheme()."""
        if not Household.scheme.is_cached(household):
            return cls.for_scheme(household.scheme_id)
        try:
            return household.scheme.carer_settings
        except cls.DoesNotExist:
            return cls(scheme_id=household.scheme_id)

    def renewal_months(self, check_type: str) -> int | None:
        return getattr(self, f"{check_type}_months")


class AvailabilityReason(models.TextChoices):
    HOLIDAY = "holiday", "Holiday"
    ILLNESS = "illness", "Illness"
    FAMILY = "family", "Family circumstances"
    OTHER = "other", "Other"


@history.track()
class Availability(models.Model):
    """A period when the household cannot take anyone (holiday, illness...). Both dates included."""

    Reason = AvailabilityReason

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="unavailable_periods")
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["household_id", "starts_on", "pk"]
        verbose_name = "unavailable period"
        verbose_name_plural = "unavailable periods"
        constraints = [
            choices_constraint("reason", AvailabilityReason),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="carers_availability_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} {self.starts_on:%d %b %Y} to {self.ends_on:%d %b %Y}"
