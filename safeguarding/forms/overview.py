"""The inspection report's choices (a period and, for managers of several schemes, a scheme) and
the scheme's safeguarding settings."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from sharedlives.accounts.models import Scheme
from sharedlives.forms import DateInput

from ..models import SafeguardingSettings

DEFAULT_MONTHS = 12
MOST_YEARS = 5
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        out, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append(date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def default_period(today: date) -> Period:
    """The last 12 months: from the first day of the month 11 months ago up to today."""
    n = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
    return Period(date(n // 12, n % 12 + 1, 1), today)


class InspectionReportForm(forms.Form):
    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), label="Scheme", required=True)

    def __init__(self, *args, schemes: list[Scheme], today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.schemes, self.today = schemes, today
        if len(schemes) > 1:
            self.fields["scheme"].queryset = Scheme.objects.filter(pk__in=[s.pk for s in schemes])
        else:
            del self.fields["scheme"]

    def clean(self):
        data = super().clean()
        if self.has_error("date_from") or self.has_error("date_to"):
            return data
        first, last = data.get("date_from"), data.get("date_to")
        last = last or self.today
        first = first or default_period(last).first
        if first < EARLIEST:
            self.add_error("date_from", f"Choose a date in {EARLIEST.year} or later.")
        elif last < first:
            self.add_error("date_to", "The end date is before the start date.")
        elif last > self.today:
            self.add_error("date_to", "The end date cannot be in the future.")
        elif len(Period(first, last).months()) > MOST_YEARS * 12:
            self.add_error("date_to", f"Choose a period of at most {MOST_YEARS} years.")
        else:
            data["period"] = Period(first, last)
        return data

    @property
    def chosen_scheme(self) -> Scheme:
        return self.cleaned_data.get("scheme") or self.schemes[0]


class SafeguardingSettingsForm(forms.ModelForm):
    """The scheme's targets. The limits keep targets a scheme could defend to its regulator."""

    class Meta:
        model = SafeguardingSettings
        fields = [
            "refer_within_days",
            "safety_plan_hours",
            "complaint_acknowledge_days",
            "complaint_answer_days",
        ]

    LIMITS = {
        "refer_within_days": 20,
        "safety_plan_hours": 168,
        "complaint_acknowledge_days": 20,
        "complaint_answer_days": 120,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, most in self.LIMITS.items():
            field = self.fields[name]
            field.min_value, field.max_value = 1, most
            field.validators += [MinValueValidator(1), MaxValueValidator(most)]
            field.widget.attrs.update(min=1, max=most)

    def clean(self):
        data = super().clean()
        acknowledge, answer = data.get("complaint_acknowledge_days"), data.get("complaint_answer_days")
        if acknowledge and answer and answer < acknowledge:
            self.add_error(
                "complaint_answer_days", "A complaint cannot be answered before it is acknowledged."
            )
        return data
