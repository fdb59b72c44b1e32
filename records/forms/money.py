"""Forms for the person's money: an entry with its receipt, a correction, a count. They check the
input; the services (records/services/money.py) check the same rules again and decide."""

from django import forms
from django.utils import timezone

from sharedlives.forms import DateInput

from ..models import LONG_TEXT, SHORT_TEXT, MoneyDirection
from ..services.common import RecordsError
from ..services.money import ensure_amount

EXAMPLE = "In pounds and pence, for example 12.50."


class PoundsField(forms.CharField):
    """An amount in pounds and pence, as people type it: "12.50", "£12.50", "12.5", "1,200".
    Cleaned to a Decimal with two places, by the services' own rule (ensure_amount)."""

    def __init__(self, *, zero_allowed: bool = False, **kwargs):
        self.zero_allowed = zero_allowed
        kwargs.setdefault("help_text", EXAMPLE)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 10})
        )
        kwargs.setdefault("error_messages", {"required": "Enter the amount, for example 12.50."})
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        text = text.strip().removeprefix("£").strip().replace(",", "").replace(" ", "")
        try:
            return ensure_amount(text, zero_allowed=self.zero_allowed)
        except RecordsError as e:
            raise forms.ValidationError(str(e)) from None


class MoneyEntryForm(forms.Form):
    direction = forms.ChoiceField(
        label="Money in or out", choices=MoneyDirection.choices, widget=forms.RadioSelect, initial="out"
    )
    amount = PoundsField(label="Amount")
    day = forms.DateField(label="Date", widget=DateInput())
    what = forms.CharField(
        label="What it was for, or where it came from",
        max_length=SHORT_TEXT,
        help_text="For example: bus fare to town, or cash from the bank.",
    )
    receipt = forms.FileField(
        label="Photo of the receipt",
        required=False,
        help_text="Take a photo of the receipt, or choose a photo or PDF (JPEG, PNG or PDF).",
        widget=forms.FileInput(attrs={"accept": "image/*,.pdf", "capture": "environment"}),
    )
    no_receipt_reason = forms.CharField(
        label="Or: why there is no receipt",
        required=False,
        max_length=SHORT_TEXT,
        help_text="Needed for money out without a receipt. For example: the bus gave no ticket.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["day"].initial = today
        self.fields["day"].widget.attrs["max"] = today.isoformat()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean(self):
        data = super().clean()
        if (
            data.get("direction") == MoneyDirection.OUT
            and not data.get("receipt")
            and not (data.get("no_receipt_reason") or "").strip()
            and "receipt" not in self.errors
        ):
            self.add_error("receipt", "Add a photo of the receipt, or say why there is none.")
        return data


class MoneyCorrectionForm(forms.Form):
    direction = forms.ChoiceField(
        label="The correction is money in or out",
        choices=MoneyDirection.choices,
        widget=forms.RadioSelect,
    )
    amount = PoundsField(label="Amount of the correction")
    what = forms.CharField(
        label="What was wrong, and what this puts right",
        max_length=SHORT_TEXT,
        help_text="For example: the bus fare was £2.50, not £25.00.",
    )


class MoneyCountForm(forms.Form):
    counted = PoundsField(
        label="The money you counted",
        zero_allowed=True,
        help_text="All the notes and coins you hold for them, in pounds and pence, for example 42.80.",
        error_messages={"required": "Enter the money you counted, for example 42.80."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything to say about the count, for example why it differs.",
    )
    signed = forms.BooleanField(
        label="I counted this money and sign this record",
        error_messages={"required": "Tick the box to sign that you counted this money."},
    )
