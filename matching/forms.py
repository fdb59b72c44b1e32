from datetime import timedelta

from django import forms
from django.utils import timezone

from people.models import Representative
from sharedlives.forms import DateInput

from .models import Answer, Channel, Introduction, OpinionKind, Side

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.PORTAL]


class StaffResponseForm(forms.Form):
    """An answer given in person, by phone or by letter, recorded by staff."""

    side = forms.ChoiceField(choices=Side.choices, widget=forms.RadioSelect, label="Whose answer")
    answer = forms.ChoiceField(choices=Answer.choices, label="Answer")
    channel = forms.ChoiceField(choices=STAFF_CHANNELS, label="How it was given")
    representative = forms.ModelChoiceField(
        queryset=Representative.objects.none(),
        required=False,
        label="Given by (attorney or deputy)",
        help_text="Only when the person lacks capacity and a representative holds welfare authority.",
    )
    consulted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Who was consulted (best-interests decisions)",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Reason or note (staff only)",
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = Representative.objects.current().filter(
            person_id=proposal.person_id
        )


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Introduction
        fields = ["kind", "happened_on", "attended", "carer_feedback", "person_feedback"]
        widgets = {
            "happened_on": DateInput(),
            "carer_feedback": forms.Textarea(attrs={"rows": 3}),
            "person_feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError("Record introductions once they have happened.")
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Why the scheme is withdrawing it"
    )


class ConfirmForm(forms.Form):
    start_date = forms.DateField(widget=DateInput(), label="Start date")

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        if day < timezone.localdate() - timedelta(days=30):
            raise forms.ValidationError("The start date cannot be more than 30 days ago.")
        return day


class OpinionForm(forms.Form):
    view = forms.ChoiceField(
        choices=OpinionKind.choices, widget=forms.RadioSelect, label="What do you think?"
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Anything you want to say",
    )


class PortalAnswerForm(forms.Form):
    """What a carer, a person or an attorney posts from their own pages. The server decides if they may."""

    answer = forms.ChoiceField(choices=Answer.choices)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
