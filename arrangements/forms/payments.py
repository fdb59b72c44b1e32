"""Forms for payment bands and agreement dates. They validate input; the services hold the rules."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from sharedlives.forms import DateInput

from ..models import PaymentBand, PaymentUnit
from ..services.payments import earliest_rate_change

DATE = DateInput()


def _money(label: str, *, help_text: str = "", required: bool = True, initial=None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        initial=initial,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "min_value": f"The {label.lower()} cannot be negative.",
            "invalid": f"Enter the {label.lower()} in pounds and pence, like 312.50.",
            "max_decimal_places": "Use at most two figures after the point (pence).",
            "max_digits": f"The {label.lower()} is too large.",
            "max_whole_digits": f"The {label.lower()} is too large.",
        },
    )


INVALID_DATE = "Enter a real date, like 31/01/2030."


class PaymentBandForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="How staff and carers know the band, e.g. 'Long-term standard'.",
        error_messages={"required": "Give the band a name."},
    )
    unit = forms.ChoiceField(
        label="Paid",
        choices=PaymentUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the band pays per week, per night or per session."},
    )
    amount = _money("Amount", help_text="In pounds, per week, night or session.")
    uplift_percent = forms.DecimalField(
        label="Uplift when supporting more than one person (%)",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
        required=False,
        help_text="Added for each day or night when the household supports more than one person.",
        error_messages={
            # These messages are %-formatted with the limit, hence %%.
            "min_value": "The uplift must be between 0%% and 100%%.",
            "max_value": "The uplift must be between 0%% and 100%%.",
            "invalid": "Enter the uplift as a number, like 10 or 12.5.",
            "max_decimal_places": "Use at most two figures after the point.",
            "max_digits": "The uplift must be between 0%% and 100%%.",
            "max_whole_digits": "The uplift must be between 0%% and 100%%.",
        },
    )
    board_lodging_weekly = _money(
        "Board and lodging deduction per week",
        help_text="Long-term (live-in) bands only: what the person pays towards their keep. 0 for none.",
        required=False,
        initial=Decimal("0"),
    )
    is_active = forms.BooleanField(
        label="Can be chosen for arrangements",
        required=False,
        initial=True,
        help_text="Untick to retire a band; arrangements that use it keep it.",
    )

    effective_from = forms.DateField(
        label="New amounts apply from",
        widget=DATE,
        help_text="Months before this date keep the amounts they were paid at.",
        error_messages={"required": "Enter the date the new amounts apply from.", "invalid": INVALID_DATE},
    )

    def __init__(self, *args, scheme_id: int, band: PaymentBand | None = None, **kwargs):
        if band is not None:
            rate = band.current_rate
            kwargs.setdefault(
                "initial",
                {
                    "name": band.name,
                    "unit": band.unit,
                    "amount": rate.amount if rate else None,
                    "uplift_percent": rate.uplift_percent if rate else Decimal("0"),
                    "board_lodging_weekly": rate.board_lodging_weekly if rate else Decimal("0"),
                    "is_active": band.is_active,
                    "effective_from": timezone.localdate(),
                },
            )
        super().__init__(*args, **kwargs)
        if band is None:
            # A new band's amounts hold from the start: nothing has been paid on it yet.
            del self.fields["effective_from"]
        self.scheme_id = scheme_id
        self.band = band

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        earliest = earliest_rate_change()
        if day < earliest:
            raise forms.ValidationError(
                f"Months already past keep their amounts: choose {earliest:%-d %B %Y} or later."
            )
        return day

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the band a name.")
        same = PaymentBand.objects.filter(scheme_id=self.scheme_id, name__iexact=name)
        if self.band is not None:
            same = same.exclude(pk=self.band.pk)
        if same.exists():
            raise forms.ValidationError("This scheme already has a band with this name. Choose another.")
        return name

    def clean_uplift_percent(self):
        return self.cleaned_data["uplift_percent"] or Decimal("0")

    def clean_board_lodging_weekly(self):
        return self.cleaned_data["board_lodging_weekly"] or Decimal("0")

    def clean(self):
        data = super().clean()
        unit, amount, deduction = data.get("unit"), data.get("amount"), data.get("board_lodging_weekly")
        if deduction and unit and unit != PaymentUnit.WEEK:
            self.add_error(
                "board_lodging_weekly",
                "Only weekly (long-term, live-in) bands have a board and lodging deduction. Enter 0.",
            )
        elif deduction and amount is not None and deduction > amount:
            self.add_error("board_lodging_weekly", "The deduction cannot be more than the weekly amount.")
        return data


class AgreementDateForm(forms.Form):
    on = forms.DateField(
        widget=DATE,
        error_messages={"required": "Enter the date.", "invalid": INVALID_DATE},
    )

    def __init__(self, *args, label: str = "Date", **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day
