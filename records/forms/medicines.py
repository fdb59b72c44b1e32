"""Medicine and dose forms. They check the input; the services check the same rules again and decide."""

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from sharedlives.forms import DateInput

from ..models import DoseOutcome, Medicine

TIME_SPLIT = re.compile(r"[,;\s]+")
TIME_FORMAT = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?$")


def parse_times(text: str) -> list[time]:
    """'08:00, 13:00, 8pm' is not accepted; '8:00, 13.30, 2000' is. Raises ValidationError naming
    the first part it cannot read."""
    times = []
    for part in TIME_SPLIT.split(text.strip()):
        if not part:
            continue
        match = TIME_FORMAT.match(part)
        hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
        if hours > 23 or minutes > 59:
            raise forms.ValidationError(
                "“%(part)s” is not a time of day. Write each time with hours and minutes, from 00:00 "
                "to 23:59, separated by commas: for example 08:00, 13:00, 20:00.",
                params={"part": part[:20]},
            )
        value = time(hours, minutes)
        if value in times:
            raise forms.ValidationError(
                "%(time)s is written twice.", params={"time": value.strftime("%H:%M")}
            )
        times.append(value)
    return sorted(times)


class TimesField(forms.CharField):
    """The times of day, written as a list: "08:00, 13:00, 20:00"."""

    def to_python(self, value):
        return parse_times(super().to_python(value) or "")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(t.strftime("%H:%M") for t in value)
        return value

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class MedicineForm(forms.ModelForm):
    """A medicine as the prescription gives it."""

    times = TimesField(
        label="Times of day",
        required=False,
        max_length=200,
        help_text='For a regular medicine: each time, separated by commas, for example "08:00, 13:00, '
        '20:00". Leave empty for an "as needed" medicine.',
    )

    class Meta:
        model = Medicine
        fields = [
            "name",
            "strength",
            "dose",
            "route",
            "as_needed",
            "times",
            "as_needed_reason",
            "max_in_day",
            "starts_on",
            "stops_on",
            "instructions",
            "prescriber",
        ]
        labels = {
            "name": "Medicine",
            "route": "How it is taken",
            "starts_on": "First day the carers give it",
            "stops_on": "Last day (if the course ends)",
            "max_in_day": 'The most doses in a day ("as needed")',
            "as_needed_reason": 'Given when ("as needed")',
        }
        help_texts = {
            "as_needed": "Given only when needed (PRN), not at set times.",
            "as_needed_reason": "For example: for pain, when they are anxious.",
            "starts_on": "Today, yesterday or later: from this day, doses are due and recorded.",
        }
        widgets = {
            "starts_on": DateInput(),
            "stops_on": DateInput(),
            "instructions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["starts_on"].initial = timezone.localdate()
        self.fields["max_in_day"].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("as_needed"):
            if data.get("times"):
                self.add_error("times", 'An "as needed" medicine has no set times: leave this empty.')
            if not (data.get("as_needed_reason") or "").strip():
                self.add_error("as_needed_reason", 'Say when an "as needed" medicine is given.')
            if not data.get("max_in_day"):
                self.add_error("max_in_day", "Give the most doses in a day (1 or more).")
        else:
            if not data.get("times"):
                self.add_error("times", "Give the times of day it is given, for example 08:00, 13:00, 20:00.")
            if data.get("max_in_day"):
                self.add_error(
                    "max_in_day", 'The most in a day is for "as needed" medicines: leave it empty.'
                )
        starts_on, stops_on = data.get("starts_on"), data.get("stops_on")
        if starts_on and stops_on and stops_on < starts_on:
            self.add_error("stops_on", "The last day cannot be before the first day.")
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self):
        # The service decides and saves; the model's own validation would repeat the checks above.
        pass


class MedicineStopForm(forms.Form):
    stops_on = forms.DateField(
        label="Last day it is given",
        widget=DateInput(),
        help_text="Today, if today's doses are still given; yesterday, if they are not.",
    )


def _now_to_the_minute() -> time:
    return timezone.localtime().time().replace(second=0, microsecond=0)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


OUTCOME_HELP = (
    'Anything but a dose given at its time says why. For an "as needed" dose given, say why it was given.'
)


class DoseRecordForm(forms.Form):
    """One dose: which medicine, which of its times (or "as needed"), on which day, what happened."""

    medicine = forms.ModelChoiceField(queryset=Medicine.objects.none(), label="Medicine")
    due_at = forms.TimeField(label="Due at", required=False, widget=TimeInput())
    day = forms.TypedChoiceField(label="Day", coerce=str, choices=())
    outcome = forms.ChoiceField(label="What happened", choices=DoseOutcome.choices, widget=forms.RadioSelect)
    time = forms.TimeField(
        label="Time", required=False, widget=TimeInput(), help_text="When it was given or offered."
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=OUTCOME_HELP,
    )

    def __init__(self, *args, medicines, today, chosen: Medicine | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["medicine"].queryset = medicines
        if chosen is not None:
            # Reached from the medicine's dose: the medicine is shown above the form, and its times
            # are the only ones to choose from.
            self.fields["medicine"].widget = forms.HiddenInput()
            if chosen.as_needed:
                self.fields["due_at"].widget = forms.HiddenInput()
            else:
                times = [t.strftime("%H:%M") for t in sorted(chosen.times)]
                self.fields["due_at"].widget = forms.Select(choices=[(t, t) for t in times])
        yesterday = today - timedelta(days=1)
        self.fields["day"].choices = [(today.isoformat(), "Today"), (yesterday.isoformat(), "Yesterday")]
        self.fields["day"].initial = today.isoformat()
        self.fields["time"].initial = _now_to_the_minute()
        self.fields["outcome"].initial = DoseOutcome.GIVEN

    def clean_day(self):
        return date.fromisoformat(self.cleaned_data["day"])

    def clean(self):
        data = super().clean()
        medicine, outcome = data.get("medicine"), data.get("outcome")
        reason = (data.get("reason") or "").strip()
        if medicine and outcome and not reason:
            if medicine.as_needed and outcome == DoseOutcome.GIVEN:
                self.add_error("reason", 'Say why the "as needed" dose was given.')
            elif outcome != DoseOutcome.GIVEN:
                self.add_error("reason", f"Say why: the dose was {DoseOutcome(outcome).label.lower()}.")
        if medicine and not medicine.as_needed and "due_at" in data and data["due_at"] is None:
            self.add_error("due_at", "Choose which of its times this dose is.")
        if data.get("day") and data["day"] != self.today and "time" in data and data["time"] is None:
            self.add_error("time", "Give the time it was given or offered.")
        return data

    def at(self):
        """When the dose was given or offered: the time on its day, or now when no time was given
        (a dose recorded with one tap)."""
        if self.cleaned_data["time"] is None:
            return timezone.now().replace(second=0, microsecond=0)
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class DoseCorrectForm(forms.Form):
    outcome = forms.ChoiceField(label="What happened", choices=DoseOutcome.choices, widget=forms.RadioSelect)
    time = forms.TimeField(label="Time", widget=TimeInput(), help_text="When it was given or offered.")
    reason = forms.CharField(
        label="What was wrong with the record, and what happened",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was wrong with the record, and what happened."},
    )

    def at(self, day):
        return timezone.make_aware(datetime.combine(day, self.cleaned_data["time"]))
