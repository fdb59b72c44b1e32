from django import forms

from sharedlives.forms import DateInput

from .models import SecurityEvent
from .selectors import KIND_VIEW

KIND_CHOICES = [("", "Everything"), (KIND_VIEW, "Record views"), *SecurityEvent.Kind.choices]


class AuditSearchForm(forms.Form):
    person = forms.CharField(
        required=False,
        max_length=100,
        label="Person",
        help_text="Their record number, or part of their name: shows who looked at their record.",
    )
    user = forms.CharField(
        required=False, max_length=100, label="User", help_text="Part of the name or email of who did it."
    )
    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    kind = forms.ChoiceField(required=False, choices=KIND_CHOICES, label="What happened")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return data


class DestroyForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record being destroyed?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: retention period passed, reviewed at the records meeting of 3 March; "
        "no complaint, claim or safeguarding matter open. The reason is kept with the decision.",
    )
    confirm = forms.BooleanField(
        label="I have checked this record may be destroyed, and understand it cannot be brought back."
    )
