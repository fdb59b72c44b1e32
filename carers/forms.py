"""Forms for the carer registry. They validate input only; views hand `cleaned_data` to the services."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone

from sharedlives import geo
from sharedlives.accounts.models import Scheme
from sharedlives.choices import ClientGroup, SupportType
from sharedlives.forms import DateInput, SchemeScopedFormMixin
from sharedlives.reference.models import Interest, Language

from .models import (
    CHECK_RULES,
    Availability,
    Carer,
    CarerSettings,
    CheckType,
    Household,
    HouseholdMember,
    PanelDecision,
    PanelDecisionKind,
)


def _checkboxes(choices, label, *, required=False, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _not_in_future(value, what: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The {what} cannot be in the future.")
    return value


def _clean_postcode(value: str) -> str:
    postcode = geo.normalise_postcode(value)
    if not postcode:
        raise forms.ValidationError("Enter a full UK postcode, like NS1 4AB.")
    return postcode


class HouseholdCreateForm(SchemeScopedFormMixin, forms.Form):
    """A new household at enquiry stage, with its first carer."""

    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none())
    name = forms.CharField(
        label="Household name",
        max_length=200,
        help_text="How the household is known, e.g. 'Priya and Sam Shah'.",
    )
    first_name = forms.CharField(label="Carer's first name", max_length=100)
    last_name = forms.CharField(label="Carer's last name", max_length=100)
    gender = forms.ChoiceField(
        label="Carer's gender",
        choices=[("", "---------"), *Carer._meta.get_field("gender").choices],
        required=False,
    )
    phone = forms.CharField(label="Carer's phone", max_length=40, required=False)
    email = forms.EmailField(label="Carer's email address", required=False)
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(max_length=10)

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data["postcode"])


class HouseholdProfileForm(forms.ModelForm):
    """Everything about the household and its home, for staff."""

    experience = _checkboxes(
        ClientGroup.choices, "Experience of supporting", help_text="Tick every group they have supported."
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Household
        fields = [
            "name",
            "address",
            "postcode",
            "about_us",
            "has_pets",
            "pets",
            "smoking",
            "spare_rooms",
            "ground_floor_bedroom",
            "level_access",
            "adapted_bathroom",
            "hoist",
            "languages",
            "faith",
            "culture",
            "interests",
            "experience",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "about_us": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "about_us": (
                "In the household's own words: what you enjoy, what you are proud of, what a day is like."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].required = True
        self.fields["postcode"].max_length = 10
        self.fields["postcode"].widget.attrs["maxlength"] = 10

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        if data.get("has_pets") is False and data.get("pets"):
            self.add_error("has_pets", "You listed pets: tick 'Pets in the home', or clear the list of pets.")
        return data


class AboutUsForm(forms.ModelForm):
    """What a carer may write about their own household."""

    class Meta:
        model = Household
        fields = ["about_us"]
        widgets = {"about_us": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "about_us": "What you enjoy, what you are proud of, what a day in your home is like. "
            "People looking for a Shared Lives household read this."
        }

    def clean_about_us(self):
        text = self.cleaned_data["about_us"].strip()
        if not text:
            raise forms.ValidationError("Write a few words about your household.")
        return text


class InterestsForm(forms.Form):
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What your household enjoys doing. Tick as many as you like.",
    )


class CarerForm(forms.ModelForm):
    class Meta:
        model = Carer
        fields = ["first_name", "last_name", "gender", "phone", "email"]
        labels = {"email": "Email address"}
        help_texts = {"email": "Needed to invite them to sign in."}


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["name", "relationship", "age_band", "left_on"]
        widgets = {"left_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Someone new to the household lives there; moving out is recorded by editing them.
            del self.fields["left_on"]

    def clean_left_on(self):
        return _not_in_future(self.cleaned_data.get("left_on"), "date they moved out")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="New status")
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), help_text="Why the status changes."
    )
    note_for_carers = forms.CharField(
        label="What the carers are told",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to the carers on their home page, for example while they are on hold or suspended.",
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Any status is accepted here so that the lifecycle rules (services) explain a refusal;
        # the list offers only the moves allowed now.
        field = self.fields["to_status"]
        field.choices = [("", "Choose..."), *Household.Status.choices]
        field.widget.choices = [("", "Choose...")] + [(v, Household.Status(v).label) for v in allowed]


class PanelDecisionForm(forms.ModelForm):
    """A panel decision; an approval also needs the terms it approves."""

    probation = forms.BooleanField(
        label="Approve on probation", required=False, help_text="Only for a first approval."
    )
    max_people = forms.TypedChoiceField(
        label="Most people at once",
        choices=[("", "---------"), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    support_types = _checkboxes(SupportType.choices, "Approved support types")
    client_groups = _checkboxes(ClientGroup.choices, "Approved client groups")
    note_for_carers = forms.CharField(
        label="What the carers are told",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to the carers on their home page with their new status.",
    )

    class Meta:
        model = PanelDecision
        fields = ["decided_on", "decision", "decision_maker", "minutes", "conditions"]
        widgets = {
            "decided_on": DateInput(),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        field.choices = [("", "Choose..."), *PanelDecisionKind.choices]
        field.widget.choices = [("", "Choose...")] + [(v, PanelDecisionKind(v).label) for v in allowed]

    def clean_decided_on(self):
        return _not_in_future(self.cleaned_data["decided_on"], "date of the decision")

    def clean(self):
        data = super().clean()
        if data.get("decision") == PanelDecisionKind.RECOMMEND_APPROVAL:
            for name, message in (
                ("max_people", "Say how many people the household is approved for at once."),
                ("support_types", "Tick at least one approved support type."),
                ("client_groups", "Tick at least one approved client group."),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data

    def _post_clean(self):
        # The terms fields are not on PanelDecision; the service builds the rows, not the form.
        pass


class CheckForm(forms.Form):
    check_type = forms.ChoiceField(label="Check or course", choices=[("", "Choose..."), *CheckType.choices])
    carer = forms.ModelChoiceField(
        queryset=Carer.objects.none(),
        required=False,
        help_text="For personal checks and training. Leave empty for checks of the home.",
    )
    title = forms.CharField(
        label="Course title", max_length=150, required=False, help_text="For awareness courses."
    )
    done_on = forms.DateField(label="Date done", widget=DateInput())
    evidence = forms.CharField(
        label="Evidence seen",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example the certificate number, or where the document is kept.",
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].queryset = household.carers.all()

    def clean_done_on(self):
        return _not_in_future(self.cleaned_data["done_on"], "date done")

    def clean(self):
        data = super().clean()
        check_type = data.get("check_type")
        if not check_type:
            return data
        if CHECK_RULES[check_type].per_carer and not data.get("carer"):
            self.add_error("carer", "Say which carer this is for.")
        if not CHECK_RULES[check_type].per_carer and data.get("carer"):
            self.add_error("carer", "This is a check of the home: leave the carer empty.")
        if check_type == CheckType.AWARENESS and not data.get("title", "").strip():
            self.add_error("title", "Give the course title.")
        if check_type != CheckType.AWARENESS:
            data["title"] = ""
        return data


class CheckUpdateForm(forms.Form):
    done_on = forms.DateField(label="Date done", widget=DateInput())
    evidence = forms.CharField(
        label="Evidence seen", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_done_on(self):
        return _not_in_future(self.cleaned_data["done_on"], "date done")


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = ["starts_on", "ends_on", "reason", "note"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        labels = {"starts_on": "Cannot take anyone from", "ends_on": "Until (included)"}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class CarerSettingsForm(forms.ModelForm):
    class Meta:
        model = CarerSettings
        fields = [f"{t}_months" for t in CheckType.values] + [
            "carers_may_edit_about_us",
            "carers_may_edit_interests",
            "carers_may_edit_members",
            "max_photos",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for check_type in CheckType.values:
            field = self.fields[f"{check_type}_months"]
            field.label = f"{field.label} (months)"
            field.help_text = "Needed for matching." if CHECK_RULES[check_type].mandatory else ""
            field.validators.append(MinValueValidator(1, "A renewal period is at least 1 month."))
            field.widget.attrs["min"] = 1
