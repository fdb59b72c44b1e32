"""The filters every report shares: a period (for reports over time) and, for managers of several
schemes, which scheme."""

from datetime import date

from django import forms

from sharedlives.accounts.models import Scheme
from sharedlives.forms import DateInput

from .queries import Period

DEFAULT_MONTHS = 12
MOST_MONTHS = 60
EARLIEST = date(1970, 1, 1)


def default_period(today: date) -> Period:
    """The last 12 months: from the first day of the month 11 months ago up to today."""
    n = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
    return Period(date(n // 12, n % 12 + 1, 1), today)


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.none(), required=False, label="Scheme", empty_label="All the schemes I manage"
    )

    def __init__(self, *args, scheme_ids: list[int], today: date, dated: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme_ids = scheme_ids
        self.today = today
        if not dated:
            del self.fields["date_from"], self.fields["date_to"]
        if len(scheme_ids) > 1:
            self.fields["scheme"].queryset = Scheme.objects.filter(pk__in=scheme_ids).order_by("name")
        else:
            del self.fields["scheme"]

    @classmethod
    def defaults(cls, today: date) -> dict:
        """What the form holds when the page is first opened: the last 12 months, every scheme."""
        period = default_period(today)
        return {"date_from": period.first.isoformat(), "date_to": period.last.isoformat()}

    def clean_date_from(self):
        return self._not_too_early(self.cleaned_data.get("date_from"))

    def clean_date_to(self):
        return self._not_too_early(self.cleaned_data.get("date_to"))

    @staticmethod
    def _not_too_early(day: date | None) -> date | None:
        if day is not None and day < EARLIEST:
            raise forms.ValidationError(f"Choose a date in {EARLIEST.year} or later.")
        return day

    def clean(self):
        data = super().clean()
        if "date_from" not in self.fields or self.has_error("date_from") or self.has_error("date_to"):
            return data
        first, last = data.get("date_from"), data.get("date_to")
        if first is None:
            first = default_period(last or self.today).first
        last = last or max(self.today, first)
        if last < first:
            self.add_error("date_to", "The end date is before the start date.")
        elif len(Period(first, last).months()) > MOST_MONTHS:
            self.add_error("date_to", f"Choose a period of at most {MOST_MONTHS // 12} years.")
        else:
            data["period"] = Period(first, last)
        return data

    @property
    def chosen_schemes(self) -> list[int]:
        """The schemes to report on: the one chosen, or every scheme the user manages."""
        scheme = self.cleaned_data.get("scheme")
        return [scheme.pk] if scheme else self.scheme_ids

    @property
    def period(self) -> Period | None:
        return self.cleaned_data.get("period")
