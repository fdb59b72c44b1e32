"""Life in the household once an arrangement is confirmed: the carers' copy of the support plan
(with the plan for each risk, the GP and emergency contacts), daily notes, medicines and each dose,
and the person's money the carers hold.

Who may see and write what is in records/access.py: the carers of a household while its support of
the person is open (`support_open`), the person and the representatives who may see their records,
and the scheme's staff. Notes, doses and money entries are fixed once their day has passed: the
database refuses to change them (a correction is a new row that refers to the one it corrects), and
nothing here is ever deleted, except by retention.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sharedlives import history
from sharedlives.db import choices_constraint

LONG_TEXT = 5000
SHORT_TEXT = 200

# The day in the app's time zone, as the database sees it: what "after its day" is measured from.
TODAY_SQL = f"(now() AT TIME ZONE '{settings.TIME_ZONE}')::date"


def fixed_after_its_day(day_column: str) -> list:
    """Triggers: a row may be changed on its own day only, and never deleted (retention aside)."""
    return [
        pgtrigger.Protect(
            name="fixed_after_its_day",
            operation=pgtrigger.Update,
            condition=pgtrigger.Condition(f"OLD.{day_column} < {TODAY_SQL}"),
        ),
        pgtrigger.Protect(name="never_deleted", operation=pgtrigger.Delete),
    ]


class RecordsSettings(models.Model):
    """A scheme's rules for living-together records: when the carers' access opens around a short
    break, and when the coordinator is alerted."""

    scheme = models.OneToOneField(
        "accounts.Scheme", on_delete=models.CASCADE, related_name="records_settings"
    )
    days_around_stay = models.PositiveSmallIntegerField(
        "Short breaks and day support: the carers see the support plan this many days either side of a stay",
        default=7,
    )
    refusals_alert_count = models.PositiveSmallIntegerField(
        "Alert when a person refuses this many doses", default=3
    )
    refusals_alert_days = models.PositiveSmallIntegerField("... within this many days", default=7)
    missed_dose_grace_hours = models.PositiveSmallIntegerField(
        "A dose not recorded this many hours after its time is missed", default=2
    )
    no_note_alert_days = models.PositiveSmallIntegerField(
        "Alert when a live-in arrangement has no daily note for this many days", default=3
    )
    samples_per_month = models.PositiveSmallIntegerField(
        "Records a coordinator samples per household each month", default=3
    )

    class Meta:
        verbose_name_plural = "records settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(refusals_alert_count__gte=1), name="records_refusals_count_min"
            ),
            models.CheckConstraint(condition=Q(refusals_alert_days__gte=1), name="records_refusals_days_min"),
            models.CheckConstraint(condition=Q(no_note_alert_days__gte=1), name="records_no_note_days_min"),
        ]

    def __str__(self):
        return f"Records settings of {self.scheme}"

    @classmethod
    def for_scheme(cls, scheme_id: int) -> "RecordsSettings":
        found = cls.objects.filter(scheme_id=scheme_id).first()
        return found or cls(scheme_id=scheme_id)


# --- The support plan the carers see ---------------------------------------------------------------
@history.track(meta={"db_table": "records_supportplanevent"})
class SupportPlan(models.Model):
    """What the carers need to support the person well, beyond the matching profile (which holds how
    best to support them, what is important to them and the risk summary). Kept by staff."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="support_plan")
    communication = models.TextField("How I communicate", max_length=LONG_TEXT, blank=True)
    routines = models.TextField("My routines", max_length=LONG_TEXT, blank=True)
    allergies = models.TextField("Allergies", max_length=LONG_TEXT, blank=True)
    health_conditions = models.TextField("Health conditions", max_length=LONG_TEXT, blank=True)
    gp_name = models.CharField("GP", max_length=150, blank=True)
    gp_practice = models.CharField("GP practice", max_length=SHORT_TEXT, blank=True)
    gp_phone = models.CharField("GP practice phone", max_length=40, blank=True)
    gp_address = models.TextField("GP practice address", max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Support plan of {self.person}"


@history.track(meta={"db_table": "records_emergencycontactevent"})
class EmergencyContact(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="emergency_contacts")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40)
    note = models.CharField("When to call", max_length=SHORT_TEXT, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.relationship})" if self.relationship else self.name


@history.track(meta={"db_table": "records_riskplanevent"})
class RiskPlan(models.Model):
    """One risk and the plan for it, kept by staff: what the carers see of a risk (the person's
    detailed risk history stays with staff)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="risk_plans")
    risk = models.CharField("The risk", max_length=SHORT_TEXT)
    what_helps = models.TextField("What helps to prevent it", max_length=LONG_TEXT)
    what_to_do = models.TextField("What to do if it happens", max_length=LONG_TEXT)
    who_to_tell = models.CharField("Who to tell", max_length=SHORT_TEXT)
    review_on = models.DateField("Review the plan by")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review_on", "pk"]

    def __str__(self):
        return self.risk


# --- Daily notes -------------------------------------------------------------------------------------
class DailyNote(models.Model):
    """A carer's note of a day, strengths first. Fixed once its day has passed; a correction is a new
    note that refers to the one it corrects."""

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="+")
    arrangement = models.ForeignKey(
        "arrangements.Arrangement", on_delete=models.PROTECT, related_name="daily_notes"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="daily_notes")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="daily_notes")
    day = models.DateField("The day it is about", default=timezone.localdate)
    went_well = models.TextField("What went well", max_length=LONG_TEXT, blank=True)
    activities = models.TextField("What they did", max_length=LONG_TEXT, blank=True)
    saw = models.TextField("Who they saw", max_length=LONG_TEXT, blank=True)
    health_mood = models.TextField("Health and mood", max_length=LONG_TEXT, blank=True)
    to_watch = models.TextField("Anything to watch", max_length=LONG_TEXT, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-written_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    Q(went_well="") & Q(activities="") & Q(saw="") & Q(health_mood="") & Q(to_watch="")
                ),
                name="records_dailynote_says_something",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-day", "-written_at"], name="records_note_person_day_idx"),
            models.Index(fields=["household", "-day"], name="records_note_household_day_idx"),
            models.Index(fields=["arrangement", "-day"], name="records_note_arrangement_idx"),
        ]
        triggers = fixed_after_its_day("day")

    def __str__(self):
        return f"Note of {self.day} about {self.person}"


class NoteWords(models.Model):
    """The person's own words added to a note about them (or a representative's, on their behalf)."""

    note = models.ForeignKey(DailyNote, on_delete=models.PROTECT, related_name="words")
    words = models.TextField(max_length=LONG_TEXT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    day = models.DateField(default=timezone.localdate, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]
        triggers = fixed_after_its_day("day")

    def __str__(self):
        return f"Words on {self.note}"


class NoteReading(models.Model):
    """Staff read a note (a sample of the household's records, or any note) with a comment."""

    note = models.ForeignKey(DailyNote, on_delete=models.PROTECT, related_name="readings")
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(max_length=LONG_TEXT, blank=True)
    sampled = models.BooleanField("Part of the month's sample", default=False)

    class Meta:
        ordering = ["-read_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["note", "read_by"], name="records_note_read_once_by")]

    def __str__(self):
        return f"{self.note} read by {self.read_by}"


# --- Medicines -----------------------------------------------------------------------------------
class Route(models.TextChoices):
    MOUTH = "mouth", "By mouth"
    SKIN = "skin", "On the skin"
    INHALED = "inhaled", "Inhaled"
    EYE = "eye", "In the eye"
    EAR = "ear", "In the ear"
    NOSE = "nose", "In the nose"
    INJECTION = "injection", "Injection"
    PATCH = "patch", "Patch"
    OTHER = "other", "Other"


@history.track(meta={"db_table": "records_medicineevent"})
class Medicine(models.Model):
    """A medicine as the prescription gives it, entered by staff. Regular medicines have their times;
    "as needed" ones their reason and the most in a day."""

    Route = Route

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="medicines")
    name = models.CharField(max_length=150)
    strength = models.CharField(max_length=60, help_text="For example 500 mg, or 5 mg in 5 ml.")
    dose = models.CharField(max_length=100, help_text="For example: one tablet, or 10 ml.")
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.MOUTH)
    times = ArrayField(
        models.TimeField(), blank=True, default=list, help_text="The times of day it is given."
    )
    as_needed = models.BooleanField('"As needed" (PRN)', default=False)
    as_needed_reason = models.CharField("Given when", max_length=SHORT_TEXT, blank=True)
    max_in_day = models.PositiveSmallIntegerField("The most doses in a day", null=True, blank=True)
    starts_on = models.DateField()
    stops_on = models.DateField(null=True, blank=True, help_text="The last day, if the course ends.")
    instructions = models.TextField(max_length=LONG_TEXT, blank=True, help_text="For example: with food.")
    prescriber = models.CharField(max_length=150, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["as_needed", "name", "pk"]
        constraints = [
            choices_constraint("route", Route),
            models.CheckConstraint(
                condition=Q(stops_on__isnull=True) | Q(stops_on__gte=models.F("starts_on")),
                name="records_medicine_stops_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(as_needed=True) & ~Q(as_needed_reason="") & Q(max_in_day__gte=1))
                | (Q(as_needed=False) & Q(times__len__gte=1)),
                name="records_medicine_times_or_as_needed",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.strength}"

    def taken_on(self, day) -> bool:
        """Whether the medicine is prescribed on `day`."""
        return self.starts_on <= day and (self.stops_on is None or day <= self.stops_on)


class DoseOutcome(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_NEEDED = "not_needed", "Not needed"
    NOT_AVAILABLE = "not_available", "Not available"


class DoseRecord(models.Model):
    """One dose: at one of the medicine's times (`due_at`), or an "as needed" dose (no `due_at`).
    Fixed once its day has passed; a correction is a new record that refers to the one it corrects."""

    Outcome = DoseOutcome

    medicine = models.ForeignKey(Medicine, on_delete=models.PROTECT, related_name="doses")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="doses")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="doses")
    day = models.DateField()
    due_at = models.TimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=DoseOutcome.choices)
    at = models.DateTimeField("When", default=timezone.now)
    reason = models.TextField(max_length=LONG_TEXT, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "due_at", "at", "pk"]
        constraints = [
            choices_constraint("outcome", DoseOutcome),
            # Anything but a regular dose given says why.
            models.CheckConstraint(
                condition=(Q(outcome=DoseOutcome.GIVEN) & Q(due_at__isnull=False)) | ~Q(reason=""),
                name="records_doserecord_says_why",
            ),
            # One first record per medicine and time on a day; corrections follow it.
            models.UniqueConstraint(
                fields=["medicine", "day", "due_at"],
                condition=Q(corrects__isnull=True, due_at__isnull=False),
                name="records_dose_once_per_time",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "day"], name="records_dose_person_day_idx"),
            models.Index(fields=["household", "day"], name="records_dose_household_day_idx"),
            models.Index(
                fields=["person", "day"],
                condition=Q(outcome=DoseOutcome.REFUSED),
                name="records_dose_refused_idx",
            ),
        ]
        triggers = fixed_after_its_day("day")

    def __str__(self):
        return f"{self.medicine} on {self.day}: {self.get_outcome_display()}"


# --- The person's money ----------------------------------------------------------------------------
class MoneyDirection(models.TextChoices):
    IN = "in", "Money in"
    OUT = "out", "Money out"


class MoneyEntry(models.Model):
    """Money of the person's that the carers hold, in or out. A receipt (a document of kind
    "receipt" on the entry) or the reason there is none. Fixed once its day has passed; a correction
    is a new entry that refers to the one it corrects."""

    Direction = MoneyDirection

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="money_entries")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="money_entries")
    day = models.DateField("Date", default=timezone.localdate)
    direction = models.CharField(max_length=3, choices=MoneyDirection.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    what = models.CharField("What it was for, or where it came from", max_length=SHORT_TEXT)
    no_receipt_reason = models.CharField("Why there is no receipt", max_length=SHORT_TEXT, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "recorded_at", "pk"]
        verbose_name_plural = "money entries"
        constraints = [
            choices_constraint("direction", MoneyDirection),
            models.CheckConstraint(
                condition=Q(amount__gt=Decimal("0")), name="records_money_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["person", "day", "recorded_at"], name="records_money_person_day_idx")]
        triggers = fixed_after_its_day("day")

    def __str__(self):
        return f"{self.get_direction_display()} £{self.amount} on {self.day}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == MoneyDirection.IN else -self.amount


class MoneyCheckKind(models.TextChoices):
    CARER_COUNT = "carer_count", "Counted and signed by the carer"
    STAFF_CHECK = "staff_check", "Checked by the scheme"


class MoneyCheck(models.Model):
    """The money counted against the recorded balance: by a carer (count and sign) or by staff. A
    difference raises an alert until a later check agrees."""

    Kind = MoneyCheckKind

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="money_checks")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="money_checks")
    kind = models.CharField(max_length=20, choices=MoneyCheckKind.choices)
    counted = models.DecimalField("Money counted", max_digits=9, decimal_places=2)
    recorded_balance = models.DecimalField(max_digits=9, decimal_places=2)
    note = models.TextField(max_length=LONG_TEXT, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)
    day = models.DateField(default=timezone.localdate, editable=False)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        constraints = [
            choices_constraint("kind", MoneyCheckKind),
            models.CheckConstraint(
                condition=Q(counted__gte=Decimal("0")), name="records_money_count_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["person", "-checked_at"], name="records_moneycheck_person_idx")]
        triggers = fixed_after_its_day("day")

    def __str__(self):
        return f"{self.get_kind_display()} on {self.day}"

    @property
    def difference(self) -> Decimal:
        return self.counted - self.recorded_balance
