"""Complaint and compliment forms: the staff record of one that came by phone, letter, email or in
person; the next steps on the detail page; the standard form for family and carers; the person's
easy-read "tell us something is wrong". They check input only; the services check the rules again."""

from django import forms
from django.utils import timezone

from carers.models import Household
from people.models import Person
from people.selectors import representations_of
from sharedlives.accounts.models import User
from sharedlives.forms import DateInput, SchemeScopedFormMixin

from ..models import LONG_TEXT, Channel, ComplaintOutcome, ComplaintStatus, FeedbackFrom, FeedbackKind


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def _summary_field(label: str, help_text: str = "", required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message} if required_message else None,
    )


def _wanted_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=LONG_TEXT,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _not_future(day, what: str):
    if day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return day


class ComplaintFilterForm(forms.Form):
    """The list's filters, read from the address. A wrong value shows an error and filters nothing."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ComplaintStatus.choices]
    )
    kind = forms.ChoiceField(
        label="Complaint or compliment", required=False, choices=[("", "Both"), *FeedbackKind.choices]
    )


class ComplaintRecordForm(SchemeScopedFormMixin, forms.Form):
    """A complaint or compliment that came to staff by phone, letter, email or in person."""

    kind = forms.ChoiceField(
        label="Is it a complaint or a compliment?",
        choices=FeedbackKind.choices,
        initial=FeedbackKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label="How it came",
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
        widget=forms.RadioSelect,
    )
    from_who = forms.ChoiceField(
        label="Who it is from", choices=FeedbackFrom.choices, widget=forms.RadioSelect
    )
    complainant_name = forms.CharField(label="Their name", max_length=200)
    complainant_contact = forms.CharField(
        label="How to reach them",
        max_length=300,
        required=False,
        help_text="A phone number, an email or a postal address, as they gave it.",
    )
    scheme = forms.ModelChoiceField(label="Scheme", queryset=None)
    person = PersonChoiceField(
        label="The person supported it is about", queryset=Person.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label="The carer household it is about", queryset=Household.objects.none(), required=False
    )
    received_on = forms.DateField(label="The day it came", widget=DateInput())
    summary = _summary_field("What it is about", "In their words, as far as you can.")
    wanted_outcome = _wanted_field("What would put it right", "What they asked for, if they said.")

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user).order_by("last_name", "first_name")
        self.fields["household"].queryset = Household.objects.for_user(user).order_by("name")

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"], "The day it came")

    def clean(self):
        cleaned = super().clean()
        scheme = cleaned.get("scheme")
        if scheme is not None:
            for name, noun in (("person", "person"), ("household", "household")):
                chosen = cleaned.get(name)
                if chosen is not None and chosen.scheme_id != scheme.pk:
                    self.add_error(name, f"This {noun} is not in {scheme.name}.")
        return cleaned


class AcknowledgeForm(forms.Form):
    on = forms.DateField(label="Acknowledged on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_on(self):
        return _not_future(self.cleaned_data["on"], "The day it was acknowledged")


class InvestigateForm(forms.Form):
    investigator = forms.ModelChoiceField(label="Who will look into it", queryset=User.objects.none())

    def __init__(self, *args, scheme_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = (
            User.objects.filter(memberships__scheme_id=scheme_id, is_active=True)
            .order_by("full_name")
            .distinct()
        )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=ComplaintOutcome.choices, widget=forms.RadioSelect)
    response = forms.CharField(
        label="The answer they will get",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In plain words: what you found, what you will do, and sorry where it is due.",
    )
    answered_on = forms.DateField(label="Answered on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"answered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_answered_on(self):
        return _not_future(self.cleaned_data["answered_on"], "The day it was answered")


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label="Leave it out of the person's copy of their record, because",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty to give it to them again.",
    )


class ComplaintSendForm(forms.Form):
    """The standard form for family members and carers. A family member chooses which of the people
    they represent it is about; a carer's is about their own household."""

    kind = forms.ChoiceField(
        label="Is it a complaint or a compliment?",
        choices=FeedbackKind.choices,
        initial=FeedbackKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    person = PersonChoiceField(label="Who is it about?", queryset=Person.objects.none())
    summary = _summary_field("What it is about", "Tell us what happened, when, and who was involved.")
    wanted_outcome = _wanted_field(
        "What would put it right", "If it is a complaint: what you would like us to do."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.kind == User.Kind.FAMILY:
            ids = representations_of(user).values_list("person_id", flat=True)
            people = Person.objects.filter(pk__in=ids).order_by("first_name", "pk")
            self.fields["person"].queryset = people
            if len(people) == 1:
                self.fields["person"].initial = people[0].pk
        else:
            del self.fields["person"]


class TellUsForm(forms.Form):
    """The person's easy-read form. Its answers wait in the session until they say "Yes, send it"."""

    summary = _summary_field(
        "What is wrong?",
        "Write it in your own words. Someone can help you write it.",
        required_message="Tell us what is wrong, or what was good.",
    )
    wanted_outcome = _wanted_field("What would make it better?", "You do not have to say.")
    thank_you = forms.BooleanField(
        label="Is it about something good? Tick here to say thank you instead.", required=False
    )
