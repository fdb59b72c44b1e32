"""Arrangements and what follows them: bookings, payment bands, agreements, reviews, reminders.

Money is Decimal. A household's places are counted over every night and day by
arrangements.places, under a lock on the household row. The tables keep the names they had when
arrangements were part of matching (`matching_*`), so no data moved when the app was split out.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sharedlives import history
from sharedlives.choices import Funder, SupportType
from sharedlives.db import (
    TransitionBase,
    choices_constraint,
    derived_column_row_trigger,
    derived_column_triggers,
)

from .scoping import scope_to_user


class ArrangementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDING = "ending", "Ending (notice given)"
    ENDED = "ended", "Ended"


LIVE_ARRANGEMENT_STATUSES = (
    ArrangementStatus.PLANNED,
    ArrangementStatus.ACTIVE,
    ArrangementStatus.PAUSED,
    ArrangementStatus.ENDING,
)

# These arrangements occupy a place on every day from start to end; the others occupy their bookings.
CONTINUOUS_TYPES = (SupportType.LONG_TERM, SupportType.EMERGENCY, SupportType.INTERMEDIATE_CARE)
BOOKED_TYPES = (SupportType.SHORT_BREAK, SupportType.DAY_SUPPORT)


class EndReason(models.TextChoices):
    PLANNED_END = "planned_end", "Planned end"
    PERSONS_CHOICE = "persons_choice", "The person's choice"
    CARERS_CHOICE = "carers_choice", "The carers' choice"
    NEEDS_CHANGED = "needs_changed", "Needs changed"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    DEATH = "death", "Death"
    OTHER = "other", "Other"


class PaymentUnit(models.TextChoices):
    WEEK = "week", "Per week"
    NIGHT = "night", "Per night"
    SESSION = "session", "Per session"


# The first rate of a band holds "from the start": no statement can fall before it (see Month).
RATES_FROM_THE_START = date(2000, 1, 1)


@history.track(meta={"db_table": "matching_paymentbandevent"})
class PaymentBand(models.Model):
    """What a scheme pays its carers: never by the hour. The amounts are the band's rates, each
    holding from its own date (`PaymentRate`), so a change never rewrites a month already past."""

    Unit = PaymentUnit

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="payment_bands")
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=10, choices=PaymentUnit.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "matching_paymentband"
        ordering = ["scheme__name", "name"]
        constraints = [
            choices_constraint("unit", PaymentUnit),
            models.UniqueConstraint(fields=["scheme", "name"], name="matching_paymentband_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_unit_display().lower()})"

    def rate_on(self, day: date) -> "PaymentRate | None":
        """The rate in force on `day`: the latest that holds from that day or before. Reads
        `rates.all()`, so a list prefetches `rates` and asks no more queries."""
        return rate_in_force(self.rates.all(), day)

    @property
    def current_rate(self) -> "PaymentRate | None":
        return self.rate_on(timezone.localdate())

    @property
    def next_rate(self) -> "PaymentRate | None":
        """A change already set for a later date, if any."""
        today = timezone.localdate()
        later = [r for r in self.rates.all() if r.effective_from > today]
        return min(later, key=lambda r: r.effective_from) if later else None


def rate_in_force(rates, day: date) -> "PaymentRate | None":
    """Of `rates` (one band's), the one in force on `day`. The one rule for which rate applies."""
    held = [r for r in rates if r.effective_from <= day]
    return max(held, key=lambda r: r.effective_from) if held else None


@history.track(meta={"db_table": "matching_paymentrateevent"})
class PaymentRate(models.Model):
    """A band's amounts from `effective_from` until the band's next rate begins."""

    band = models.ForeignKey(PaymentBand, on_delete=models.PROTECT, related_name="rates")
    effective_from = models.DateField("Applies from", default=RATES_FROM_THE_START)
    amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    uplift_percent = models.DecimalField(
        "Uplift when supporting more than one person (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    board_lodging_weekly = models.DecimalField(
        "Board and lodging deduction per week (long-term)",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "matching_paymentrate"
        ordering = ["band_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["band", "effective_from"], name="matching_paymentrate_one_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="matching_paymentrate_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(uplift_percent__gte=0, uplift_percent__lte=100),
                name="matching_paymentrate_uplift_range",
            ),
            models.CheckConstraint(
                condition=models.Q(board_lodging_weekly__gte=0),
                name="matching_paymentrate_deduction_positive",
            ),
        ]

    def __str__(self):
        start = (
            "from the start" if self.effective_from == RATES_FROM_THE_START else f"from {self.effective_from}"
        )
        return f"{self.amount} {start}"

    @property
    def from_the_start(self) -> bool:
        return self.effective_from == RATES_FROM_THE_START


class ArrangementQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_to_user(self, user)

    def live(self):
        return self.filter(status__in=LIVE_ARRANGEMENT_STATUSES)


# Weeks from the start to the first review when the scheme has set no other (ReviewSettings).
FIRST_REVIEW_WEEKS = 6


def next_review_due_sql(row: str) -> str:
    """The SQL of `Arrangement.next_review_due` for the arrangement row `row` (an alias or NEW):
    the date its latest review set for the next, else the scheme's `first_review_weeks` after the
    start. The dashboard, the reviews-due list and the reminders filter and sort on it, so it is
    stored and kept by triggers (here, on reviews and on review settings) rather than worked out
    per row in every query."""
    return f"""COALESCE(
      (SELECT r.next_review_on FROM matching_review r WHERE r.arrangement_id = {row}.id
       ORDER BY r.held_on DESC, r.id DESC LIMIT 1),
      {row}.start_date + 7 * COALESCE(
        (SELECT s.first_review_weeks FROM arrangements_reviewsettings s WHERE s.scheme_id = {row}.scheme_id),
        {FIRST_REVIEW_WEEKS}
      )
    )"""


def refresh_next_review_triggers(*, key: str, target: str = "id") -> list:
    """Triggers that bring `next_review_due` up to date for the arrangements whose `target` column
    (their id; their scheme, for review settings) is `key` of the rows written."""
    return derived_column_triggers(
        name="next_review",
        table="matching_arrangement",
        column="next_review_due",
        expression=next_review_due_sql("t"),
        key=key,
        target=target,
    )


class ReviewSettings(models.Model):
    """A scheme's review schedule: the first review some weeks after the start, then at most a
    number of months apart."""

    scheme = models.OneToOneField("accounts.Scheme", on_delete=models.CASCADE, related_name="review_settings")
    first_review_weeks = models.PositiveSmallIntegerField(
        "First review, weeks after the start", default=FIRST_REVIEW_WEEKS
    )
    review_every_months = models.PositiveSmallIntegerField("Then a review every (months)", default=12)

    class Meta:
        verbose_name_plural = "review settings"
        # A new first-review period moves the first review of the scheme's arrangements not yet reviewed.
        triggers = refresh_next_review_triggers(key="scheme_id", target="scheme_id")

    def __str__(self):
        return f"Review settings of {self.scheme}"

    @classmethod
    def for_scheme(cls, scheme_id: int) -> "ReviewSettings":
        found = cls.objects.filter(scheme_id=scheme_id).first()
        return found or cls(scheme_id=scheme_id)


@history.track(exclude=["next_review_due"], meta={"db_table": "matching_arrangementevent"})
class Arrangement(models.Model):
    """What a confirmed match becomes. Exactly one per proposal, enforced by the database."""

    Status = ArrangementStatus
    EndReason = EndReason

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="arrangements")
    proposal = models.OneToOneField(
        "matching.MatchProposal", on_delete=models.PROTECT, related_name="arrangement"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="arrangements")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="arrangements")
    support_type = models.CharField(max_length=20, choices=SupportType.choices)
    status = models.CharField(
        max_length=20, choices=ArrangementStatus.choices, default=ArrangementStatus.PLANNED
    )
    start_date = models.DateField()
    end_date = models.DateField("End date (planned or actual)", null=True, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    funder = models.CharField(max_length=30, choices=Funder.choices, blank=True)
    funding_reference = models.CharField(max_length=100, blank=True)
    payment_band = models.ForeignKey(
        PaymentBand, on_delete=models.PROTECT, null=True, blank=True, related_name="arrangements"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_review_due = models.DateField(
        null=True,
        editable=False,
        help_text="When the next review is due. Kept by the database (see next_review_due_sql).",
    )

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        db_table = "matching_arrangement"
        ordering = ["-start_date", "-pk"]
        constraints = [
            choices_constraint("status", ArrangementStatus),
            choices_constraint("support_type", SupportType),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="matching_arrangement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ArrangementStatus.ENDED) | ~models.Q(end_reason=""),
                name="matching_arrangement_ended_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "status"], name="matching_arrangement_hh_idx"),
            models.Index(fields=["scheme", "next_review_due"], name="matching_arr_review_due_idx"),
        ]
        triggers = [
            derived_column_row_trigger(
                column="next_review_due",
                expression=next_review_due_sql("NEW"),
                update_of=("start_date", "scheme_id"),
            )
        ]

    def __str__(self):
        return f"{self.get_support_type_display()} from {self.start_date}"

    def get_absolute_url(self):
        return reverse("arrangements:arrangement_detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_ARRANGEMENT_STATUSES

    def covers(self, day: date) -> bool:
        """Whether `day` falls within the arrangement: from the start up to, not including, the end
        (the leaving day). A withdrawn arrangement ends on its start date and covers no day."""
        return self.start_date <= day and (self.end_date is None or day < self.end_date)

    @property
    def is_continuous(self) -> bool:
        return self.support_type in CONTINUOUS_TYPES


class ArrangementTransition(TransitionBase):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionBase.Meta):
        db_table = "matching_arrangementtransition"


class Session(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    FULL_DAY = "full_day", "Full day"


class BookingQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(arrangement__in=Arrangement.objects.for_user(user))

    def active(self):
        """Not cancelled. What was booked, including the past nights of arrangements since ended."""
        return self.filter(cancelled_at__isnull=True)

    def current(self):
        """Not cancelled, of a live arrangement: what calendars and "coming up" lists show, and
        what holds a place (a paused arrangement's bookings are held)."""
        return self.active().filter(arrangement__status__in=LIVE_ARRANGEMENT_STATUSES)


@history.track(meta={"db_table": "matching_bookingevent"})
class Booking(models.Model):
    """A short-break stay (nights from starts_on up to the day before ends_on) or a day-support session."""

    Session = Session

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="bookings")
    household = models.ForeignKey("carers.Household", on_delete=models.PROTECT, related_name="bookings")
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until (the day they leave)", help_text="For a session, the same day.")
    session = models.CharField(max_length=10, choices=Session.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=200, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        db_table = "matching_booking"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(session="") & models.Q(ends_on__gt=models.F("starts_on")))
                | (~models.Q(session="") & models.Q(ends_on=models.F("starts_on"))),
                name="matching_booking_stay_has_nights_or_session_is_one_day",
            ),
            models.CheckConstraint(
                condition=models.Q(session__in=["", *Session.values]), name="matching_booking_session_valid"
            ),
        ]
        indexes = [models.Index(fields=["household", "starts_on", "ends_on"], name="matching_booking_hh_idx")]

    def __str__(self):
        if self.session:
            return f"{self.get_session_display()} on {self.starts_on}"
        return f"{self.nights} night{'s' if self.nights != 1 else ''} from {self.starts_on}"

    @property
    def nights(self) -> int:
        return 0 if self.session else (self.ends_on - self.starts_on).days

    def days(self) -> list[date]:
        """The days (for a session) or nights (for a stay) booked."""
        if self.session:
            return [self.starts_on]
        return [self.starts_on + timedelta(days=n) for n in range(self.nights)]

    def days_within(self, arrangement: "Arrangement") -> list[date]:
        """The booked days that its arrangement covers: what a calendar shows and a statement pays.
        A stay that runs past the day an arrangement ended stops there."""
        return [day for day in self.days() if arrangement.covers(day)]

    @property
    def is_paused(self) -> bool:
        """Held while its arrangement is paused: the place is kept, the stay is not going ahead now."""
        return self.arrangement.status == ArrangementStatus.PAUSED


class AgreementKind(models.TextChoices):
    ARRANGEMENT = "arrangement", "Shared Lives arrangement agreement"
    LICENCE = "licence", "Licence agreement (live-in)"
    LICENCE_EASY_READ = "licence_easy_read", "Licence agreement, easy read"


@history.track(meta={"db_table": "matching_agreementevent"})
class Agreement(models.Model):
    Kind = AgreementKind

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    issued_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "matching_agreement"
        ordering = ["arrangement_id", "kind"]
        constraints = [
            choices_constraint("kind", AgreementKind),
            models.UniqueConstraint(fields=["arrangement", "kind"], name="matching_agreement_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True)
                | (models.Q(issued_on__isnull=False) & models.Q(signed_on__gte=models.F("issued_on"))),
                name="matching_agreement_signed_after_issued",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(arrangement__in=Arrangement.objects.for_user(user))


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


@history.track(meta={"db_table": "matching_reviewevent"})
class Review(models.Model):
    """A review of an arrangement, with the connection test (informed, confident, connected)."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    participants = models.CharField("Who took part", max_length=300)
    persons_words = models.TextField("In the person's own words", max_length=4000, blank=True)
    informed_score = models.PositiveSmallIntegerField("Better informed (1 to 5)", validators=SCORE)
    informed_comment = models.TextField(max_length=2000, blank=True)
    confident_score = models.PositiveSmallIntegerField("More confident (1 to 5)", validators=SCORE)
    confident_comment = models.TextField(max_length=2000, blank=True)
    connected_score = models.PositiveSmallIntegerField("Better connected (1 to 5)", validators=SCORE)
    connected_comment = models.TextField(max_length=2000, blank=True)
    actions = models.TextField(max_length=4000, blank=True)
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        db_table = "matching_review"
        ordering = ["-held_on", "-pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"matching_review_{name}_1_to_5",
                )
                for name in ("informed_score", "confident_score", "connected_score")
            ),
            models.CheckConstraint(
                condition=models.Q(next_review_on__gt=models.F("held_on")),
                name="matching_review_next_after_held",
            ),
        ]
        triggers = refresh_next_review_triggers(key="arrangement_id")

    def __str__(self):
        return f"Review on {self.held_on}"


class ReminderSent(models.Model):
    """One row per reminder sent, so that `send_reminders` sends each once per period."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100, help_text="What the reminder is about and for which period.")
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "matching_remindersent"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="matching_reminder_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} to {self.recipient}"
