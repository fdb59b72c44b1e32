from datetime import timedelta

from django import forms
from django.utils import timezone

from sharedlives.choices import Funder
from sharedlives.forms import DateInput

from ..models import EndReason, PaymentBand, Session

DATE = DateInput()


class ArrangementUpdateForm(forms.Form):
    funder = forms.ChoiceField(choices=[("", "Not recorded"), *Funder.choices], required=False)
    funding_reference = forms.CharField(max_length=100, required=False)
    payment_band = forms.ModelChoiceField(queryset=PaymentBand.objects.none(), required=False)

    def __init__(self, *args, arrangement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_band"].queryset = PaymentBand.objects.filter(
            scheme_id=arrangement.scheme_id, is_active=True
        )


class NoticeForm(forms.Form):
    end_date = forms.DateField(widget=DATE, label="Leaving day")
    end_reason = forms.ChoiceField(choices=EndReason.choices, label="Why it is ending")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class EndForm(forms.Form):
    end_date = forms.DateField(widget=DATE, label="Ended on", required=False)
    end_reason = forms.ChoiceField(choices=EndReason.choices, label="Why it ended")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class PauseForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why it is paused")


class ExtendForm(forms.Form):
    end_date = forms.DateField(
        widget=DATE, label="New leaving day", required=False, help_text="Leave empty for no end."
    )


class BookingForm(forms.Form):
    KIND_STAY, KIND_SESSION = "stay", "session"
    starts_on = forms.DateField(widget=DATE, label="From")
    ends_on = forms.DateField(widget=DATE, label="Until (the day they leave)", required=False)
    session = forms.ChoiceField(
        choices=[("", "A stay (nights)"), *Session.choices], required=False, label="Stay or session"
    )
    note = forms.CharField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        starts, ends, session = data.get("starts_on"), data.get("ends_on"), data.get("session")
        if starts and starts < timezone.localdate() - timedelta(days=365):
            self.add_error("starts_on", "Bookings more than a year in the past cannot be added.")
        if starts and not session:
            if not ends:
                self.add_error("ends_on", "Give the day they leave.")
            elif ends <= starts:
                self.add_error("ends_on", "The leaving day must be after the first day.")
        return data


class CancelBookingForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Why it is cancelled")
