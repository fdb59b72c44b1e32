"""Incidents and accidents, safeguarding concerns (Care Act 2014), allegations about carers with the
safety plans of their live arrangements, complaints and compliments, and the notifications the
regulator must be sent.

Every status change is a service (safeguarding/services) that locks the row and writes a transition
row. Who may see what is in safeguarding/access.py: a concern's detail is for the scheme's managers
and safeguarding leads only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sharedlives import history
from sharedlives.db import TransitionBase, choices_constraint

LONG_TEXT = 5000


def _choices_or_blank(field: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


class SafeguardingSettings(models.Model):
    """A scheme's targets for safeguarding and complaints."""

    scheme = models.OneToOneField(
        "accounts.Scheme", on_delete=models.CASCADE, related_name="safeguarding_settings"
    )
    complaint_acknowledge_days = models.PositiveSmallIntegerField(
        "Acknowledge a complaint within (working days)", default=3
    )
    complaint_answer_days = models.PositiveSmallIntegerField(
        "Answer a complaint within (working days)", default=20
    )
    safety_plan_hours = models.PositiveSmallIntegerField(
        "Record a safety plan for each live arrangement within (hours)", default=24
    )
    refer_within_days = models.PositiveSmallIntegerField(
        "Refer a concern to the council within (working days)", default=1
    )

    class Meta:
        verbose_name_plural = "safeguarding settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint_acknowledge_days__gte=1, complaint_answer_days__gte=1)
                & Q(safety_plan_hours__gte=1, refer_within_days__gte=1),
                name="safeguarding_settings_positive",
            )
        ]

    def __str__(self):
        return f"Safeguarding settings of {self.scheme}"

    @classmethod
    def for_scheme(cls, scheme_id: int) -> "SafeguardingSettings":
        found = cls.objects.filter(scheme_id=scheme_id).first()
        return found or cls(scheme_id=scheme_id)

    @classmethod
    def of(cls, scheme) -> "SafeguardingSettings":
        """The scheme's settings, or the defaults: no query when they were loaded with the scheme
        (`select_related("scheme__safeguarding_settings")`)."""
        try:
            return scheme.safeguarding_settings
        except cls.DoesNotExist:
            return cls(scheme=scheme)


# --- Incidents and accidents -------------------------------------------------------------------
class IncidentKind(models.TextChoices):
    ACCIDENT = "accident", "Accident or fall"
    INCIDENT = "incident", "Incident"
    MEDICATION = "medication", "Medicines error"
    MISSING = "missing", "Went missing"
    BEHAVIOUR = "behaviour", "Behaviour that put someone at risk"
    DEATH = "death", "A death"
    DOLS_APPLICATION = "dols_application", "Application to deprive someone of their liberty"
    DOLS_OUTCOME = "dols_outcome", "Outcome of an application to deprive someone of their liberty"
    OTHER = "other", "Something else"


class Harm(models.TextChoices):
    NONE = "none", "Nobody was hurt"
    MINOR = "minor", "A minor injury"
    SERIOUS = "serious", "A serious injury"
    DEATH = "death", "Someone died"


class MedicalHelp(models.TextChoices):
    NONE = "none", "None needed"
    FIRST_AID = "first_aid", "First aid"
    GP = "gp", "GP, nurse or pharmacist"
    HOSPITAL = "hospital", "Ambulance or hospital"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    UNDER_REVIEW = "under_review", "Being reviewed"
    CLOSED = "closed", "Closed"


class IncidentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff: their schemes' incidents. A carer: the incidents they reported. Anyone else: none."""
        if not user.is_authenticated:
            return self.none()
        if user.kind == user.Kind.STAFF:
            return self.filter(scheme_id__in=user.staff_scheme_ids)
        if user.kind == user.Kind.CARER:
            return self.filter(reported_by=user)
        return self.none()

    def open(self):
        return self.exclude(status=IncidentStatus.CLOSED)


@history.track()
class Incident(models.Model):
    """An incident or accident: what happened, to whom, what was done at once. Reviewed by a manager."""

    Kind = IncidentKind
    Harm = Harm
    MedicalHelp = MedicalHelp
    Status = IncidentStatus

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField("What kind of event", max_length=20, choices=Kind.choices, default=Kind.INCIDENT)
    occurred_at = models.DateTimeField("When it happened")
    location = models.CharField("Where it happened", max_length=200)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        help_text="The person supported it involved, if any.",
    )
    household = models.ForeignKey(
        "carers.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        help_text="The carer household it involved, if any.",
    )
    others_involved = models.CharField(
        "Anyone else involved", max_length=500, blank=True, help_text="Names and how they were involved."
    )
    what_happened = models.TextField("What happened", max_length=LONG_TEXT)
    harm = models.CharField("Was anyone hurt", max_length=10, choices=Harm.choices, default=Harm.NONE)
    injuries = models.TextField("Injuries", max_length=LONG_TEXT, blank=True)
    medical_help = models.CharField(
        "First aid or medical help", max_length=10, choices=MedicalHelp.choices, default=MedicalHelp.NONE
    )
    police_involved = models.BooleanField("The police were called or are investigating", default=False)
    police_reference = models.CharField(max_length=100, blank=True)
    immediate_action = models.TextField("What was done straight away", max_length=LONG_TEXT, blank=True)
    is_safeguarding_worry = models.BooleanField(
        "I am worried someone is being harmed, abused or neglected", default=False
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actions = models.TextField("Actions agreed", max_length=LONG_TEXT, blank=True)
    lessons = models.TextField("Lessons learned", max_length=LONG_TEXT, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.TextField(
        "Withheld from the person's copy of their record, because",
        max_length=2000,
        blank=True,
        help_text="Empty: the person may be given this record in a subject access request.",
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            choices_constraint("kind", IncidentKind),
            choices_constraint("harm", Harm),
            choices_constraint("medical_help", MedicalHelp),
            choices_constraint("status", IncidentStatus),
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.CLOSED) | Q(closed_at__isnull=False),
                name="safeguarding_incident_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status", "occurred_at"], name="sg_incident_scheme_status"),
            models.Index(fields=["person", "-occurred_at"], name="sg_incident_person"),
            models.Index(fields=["household", "-occurred_at"], name="sg_incident_household"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("safeguarding:incident_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:06d}"


class IncidentTransition(TransitionBase):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        pass


# --- Safeguarding concerns -----------------------------------------------------------------
class AbuseCategory(models.TextChoices):
    """The categories of abuse and neglect of the Care Act 2014 statutory guidance."""

    PHYSICAL = "physical", "Physical"
    SEXUAL = "sexual", "Sexual"
    PSYCHOLOGICAL = "psychological", "Psychological or emotional"
    FINANCIAL = "financial", "Financial or material"
    NEGLECT = "neglect", "Neglect and acts of omission"
    DISCRIMINATORY = "discriminatory", "Discriminatory"
    ORGANISATIONAL = "organisational", "Organisational"
    DOMESTIC = "domestic", "Domestic abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    SELF_NEGLECT = "self_neglect", "Self-neglect"


class ConcernStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    REFERRED = "referred", "Referred to the council"
    ENQUIRY = "enquiry", "Enquiry under way"
    OUTCOME = "outcome", "Outcome recorded"
    CLOSED = "closed", "Closed"


class ConcernOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated"
    PARTLY = "partly", "Partly substantiated"
    NOT = "not", "Not substantiated"
    INCONCLUSIVE = "inconclusive", "Inconclusive"


OPEN_CONCERN_STATUSES = (
    ConcernStatus.RAISED,
    ConcernStatus.REFERRED,
    ConcernStatus.ENQUIRY,
    ConcernStatus.OUTCOME,
)


class ConcernQuerySet(models.QuerySet):
    def for_user(self, user):
        """The concerns whose detail `user` may see: the managers and safeguarding leads of the
        concern's scheme. Nobody else, not the coordinator who raised it once it is passed on."""
        if not user.is_authenticated or user.kind != user.Kind.STAFF:
            return self.none()
        return self.filter(scheme_id__in=user.safeguarding_scheme_ids)

    def open(self):
        return self.filter(status__in=OPEN_CONCERN_STATUSES)


@history.track()
class Concern(models.Model):
    """A safeguarding concern about a person supported, raised by anyone who works with them."""

    Category = AbuseCategory
    Status = ConcernStatus
    Outcome = ConcernOutcome

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="concerns")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="concerns")
    categories = ArrayField(models.CharField(max_length=20, choices=Category.choices))
    summary = models.TextField("What was seen, heard or told", max_length=LONG_TEXT)
    immediate_risk = models.BooleanField("The person is at risk now", default=False)
    immediate_action = models.TextField(
        "What has been done to keep them safe", max_length=LONG_TEXT, blank=True
    )
    source_incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    # Who the concern is about, when it is a person in a position of trust: a carer or someone who
    # lives in a carer household. Naming either opens an allegation case on the household.
    about_household = models.ForeignKey(
        "carers.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    about_carer = models.ForeignKey(
        "carers.Carer", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    about_member = models.ForeignKey(
        "carers.HouseholdMember", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    about_other = models.CharField("About someone else", max_length=300, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The manager or safeguarding lead handling it: whom other staff should ask.",
    )
    referred_on = models.DateField("Referred to the council on", null=True, blank=True)
    council_reference = models.CharField("Council's reference", max_length=100, blank=True)
    council_contact = models.CharField("Named contact at the council", max_length=200, blank=True)
    enquiry_started_on = models.DateField(null=True, blank=True)
    enquiry_by = models.CharField("Who is making the enquiry", max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(max_length=LONG_TEXT, blank=True)
    actions = models.TextField("Actions", max_length=LONG_TEXT, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.TextField(
        "Withheld from the person's copy of their record, because",
        max_length=2000,
        blank=True,
        help_text="Empty: the person may be given this record in a subject access request.",
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            choices_constraint("status", ConcernStatus),
            _choices_or_blank("outcome", ConcernOutcome),
            models.CheckConstraint(
                condition=Q(categories__contained_by=AbuseCategory.values) & ~Q(categories=[]),
                name="safeguarding_concern_categories_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.RAISED) | Q(referred_on__isnull=False),
                name="safeguarding_concern_referred_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ConcernStatus.OUTCOME, ConcernStatus.CLOSED]) | ~Q(outcome=""),
                name="safeguarding_concern_outcome_recorded",
            ),
            models.CheckConstraint(
                condition=(Q(about_carer__isnull=True) & Q(about_member__isnull=True))
                | Q(about_household__isnull=False),
                name="safeguarding_concern_about_names_household",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status", "raised_at"], name="sg_concern_scheme_status"),
            models.Index(fields=["person", "status"], name="sg_concern_person"),
            models.Index(fields=["about_household", "status"], name="sg_concern_household"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("safeguarding:concern_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SG-{self.pk:06d}"

    noun = "safeguarding concern"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONCERN_STATUSES

    @property
    def category_labels(self) -> list[str]:
        return [AbuseCategory(c).label for c in self.categories]

    @property
    def is_allegation(self) -> bool:
        return self.about_household_id is not None


class ConcernTransition(TransitionBase):
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        pass


# --- Allegations about carers ------------------------------------------------------------------
class AllegationStatus(models.TextChoices):
    OPEN = "open", "Open"
    AT_PANEL = "at_panel", "Gone to panel"
    CLOSED = "closed", "Closed"


class AllegationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated or user.kind != user.Kind.STAFF:
            return self.none()
        return self.filter(household__scheme_id__in=user.safeguarding_scheme_ids)

    def open(self):
        return self.exclude(status=AllegationStatus.CLOSED)


@history.track()
class Allegation(models.Model):
    """The "person in a position of trust" case a concern about a carer opens on their household."""

    Status = AllegationStatus

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="allegation")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="allegations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message_to_carers = models.TextField(
        "What the carers are told",
        max_length=2000,
        blank=True,
        help_text="In a manager's words. Never who raised the concern.",
    )
    panel_decision = models.ForeignKey(
        "carers.PanelDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AllegationQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            choices_constraint("status", AllegationStatus),
            models.CheckConstraint(
                condition=Q(suspended_at__isnull=True) | ~Q(message_to_carers=""),
                name="safeguarding_allegation_suspension_explained",
            ),
        ]
        indexes = [models.Index(fields=["household", "status"], name="sg_allegation_household")]

    def __str__(self):
        return f"Allegation about {self.household} ({self.concern.reference})"

    def get_absolute_url(self):
        return reverse("safeguarding:concern_detail", args=[self.concern_id])


class SafetyPlanDecision(models.TextChoices):
    STAY = "stay", "Stays, with monitoring"
    COVER = "cover", "Moves to cover"
    END = "end", "The arrangement ends"


@history.track()
class SafetyPlan(models.Model):
    """What happens to one live arrangement of a household while an allegation is looked into."""

    Decision = SafetyPlanDecision

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="safety_plans")
    arrangement = models.ForeignKey("arrangements.Arrangement", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    detail = models.TextField("The plan", max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [choices_constraint("decision", SafetyPlanDecision)]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.recorded_at:%d %b %Y})"


# --- Complaints and compliments ----------------------------------------------------------------
class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"


class FeedbackFrom(models.TextChoices):
    PERSON = "person", "The person supported"
    FAMILY = "family", "A family member or representative"
    CARER = "carer", "A Shared Lives carer"
    OTHER = "other", "Someone else"


class Channel(models.TextChoices):
    PORTAL = "portal", "In the app"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Being looked into"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY = "partly", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


OPEN_COMPLAINT_STATUSES = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACKNOWLEDGED,
    ComplaintStatus.INVESTIGATING,
)


class ComplaintQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff: their schemes'. Anyone else: the ones they made themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.kind == user.Kind.STAFF:
            return self.filter(scheme_id__in=user.staff_scheme_ids)
        return self.filter(made_by=user)

    def open(self):
        return self.filter(status__in=OPEN_COMPLAINT_STATUSES)


@history.track()
class Complaint(models.Model):
    """A complaint or a compliment, from the app or recorded by staff from a call or a letter."""

    Kind = FeedbackKind
    From = FeedbackFrom
    Channel = Channel
    Status = ComplaintStatus
    Outcome = ComplaintOutcome

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who sent it in the app; empty when staff recorded it.",
    )
    from_who = models.CharField("From", max_length=20, choices=From.choices)
    complainant_name = models.CharField("Their name", max_length=200)
    complainant_contact = models.CharField("How to reach them", max_length=300, blank=True)
    channel = models.CharField("How it came", max_length=20, choices=Channel.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    household = models.ForeignKey(
        "carers.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    received_on = models.DateField(default=timezone.localdate)
    summary = models.TextField("What it is about", max_length=LONG_TEXT)
    wanted_outcome = models.TextField("What would put it right", max_length=LONG_TEXT, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledge_by = models.DateField(editable=False)
    answer_by = models.DateField(editable=False)
    acknowledged_on = models.DateField(null=True, blank=True)
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    response = models.TextField("The answer", max_length=LONG_TEXT, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.TextField(
        "Withheld from the person's copy of their record, because",
        max_length=2000,
        blank=True,
        help_text="Empty: the person may be given this record in a subject access request.",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            choices_constraint("kind", FeedbackKind),
            choices_constraint("from_who", FeedbackFrom),
            choices_constraint("channel", Channel),
            choices_constraint("status", ComplaintStatus),
            _choices_or_blank("outcome", ComplaintOutcome),
            models.CheckConstraint(
                condition=~Q(status__in=[ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED])
                | Q(kind=FeedbackKind.COMPLIMENT)
                | (~Q(outcome="") & Q(answered_on__isnull=False)),
                name="safeguarding_complaint_answered_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "status", "acknowledge_by"], name="sg_complaint_ack"),
            models.Index(fields=["scheme", "status", "answer_by"], name="sg_complaint_answer"),
            models.Index(fields=["person", "-received_on"], name="sg_complaint_person"),
            models.Index(fields=["made_by", "-received_on"], name="sg_complaint_made_by"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("safeguarding:complaint_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"CF-{self.pk:06d}"

    @property
    def noun(self) -> str:
        """ "complaint" or "compliment", for sentences about it."""
        return self.get_kind_display().lower()


class ComplaintTransition(TransitionBase):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        pass


# --- Notifications to the regulator ------------------------------------------------------------
class NotificationTrigger(models.TextChoices):
    ABUSE = "abuse", "Abuse or an allegation of abuse"
    SERIOUS_INJURY = "serious_injury", "A serious injury"
    POLICE = "police", "An incident reported to or investigated by the police"
    DEATH = "death", "The death of a person supported"
    DOLS_APPLICATION = "dols_application", "An application to deprive someone of their liberty"
    DOLS_OUTCOME = "dols_outcome", "The outcome of an application to deprive someone of their liberty"


class SentHow(models.TextChoices):
    PORTAL = "portal", "The regulator's online form"
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PHONE = "phone", "Phone"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Managers and safeguarding leads of the scheme: a notification carries a concern's facts."""
        if not user.is_authenticated or user.kind != user.Kind.STAFF:
            return self.none()
        return self.filter(scheme_id__in=user.safeguarding_scheme_ids)

    def due(self):
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """A notification the regulator must be sent about one event. Due from the moment the event is
    recorded ("without delay"), until someone records when and how it was sent."""

    Trigger = NotificationTrigger
    SentHow = SentHow

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="notifications")
    regulator = models.CharField(max_length=20, help_text="The scheme's regulator when it fell due.")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    due_since = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_how = models.CharField(max_length=10, choices=SentHow.choices, blank=True)
    regulator_reference = models.CharField(max_length=100, blank=True)
    sent_text = models.TextField(blank=True, help_text="The facts as they were sent.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-due_since", "-pk"]
        constraints = [
            choices_constraint("trigger", NotificationTrigger),
            _choices_or_blank("sent_how", SentHow),
            # Exactly one event it is about; nothing is due twice for the same event.
            models.CheckConstraint(
                condition=(Q(incident__isnull=False) & Q(concern__isnull=True))
                | (Q(incident__isnull=True) & Q(concern__isnull=False)),
                name="safeguarding_notification_one_source",
            ),
            models.UniqueConstraint(
                fields=["incident", "trigger"],
                condition=Q(incident__isnull=False),
                name="safeguarding_notification_once_per_incident",
            ),
            models.UniqueConstraint(
                fields=["concern", "trigger"],
                condition=Q(concern__isnull=False),
                name="safeguarding_notification_once_per_concern",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | ~Q(sent_how=""), name="safeguarding_notification_sent_how"
            ),
        ]
        indexes = [
            models.Index(
                fields=["scheme", "due_since"], condition=Q(sent_at__isnull=True), name="sg_notification_due"
            )
        ]

    def __str__(self):
        return f"{self.get_trigger_display()} ({'sent' if self.sent_at else 'due'})"

    def get_absolute_url(self):
        return reverse("safeguarding:notification_detail", args=[self.pk])

    @property
    def source(self):
        return self.incident or self.concern
