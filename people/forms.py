"""Forms for staff pages. They validate input only; views hand `cleaned_data` to the services."""

from django import forms
from django.utils import timezone

from sharedlives.choices import ClientGroup
from sharedlives.forms import DateInput, SchemeScopedFormMixin
from sharedlives.geo import normalise_postcode, postcode_district
from sharedlives.reference.models import Interest, Language

from .models import (
    SHORT_TEXT,
    CapacityAssessment,
    ClosedReason,
    LegalAuthority,
    NeedCategory,
    Person,
    Profile,
    Referral,
    Representative,
)


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


def _checkboxes(choices, label, **kwargs):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


class PersonForm(forms.ModelForm):
    """A person's details, for editing. The scheme cannot be changed."""

    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    # Longer than the stored value, so that "ns1  4ab " reaches the check and is tidied.
    postcode = forms.CharField(max_length=12, required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "email",
            "phone",
            "address",
            "postcode",
            "living_situation",
            "living_situation_note",
            "languages",
            "faith",
            "culture",
            "funder",
            "social_worker_name",
            "social_worker_team",
            "social_worker_phone",
            "social_worker_email",
        ]
        widgets = {"date_of_birth": DateInput(), "address": forms.Textarea(attrs={"rows": 3})}
        labels = {"living_situation_note": "More about where they live now"}

    def clean_date_of_birth(self):
        return _not_in_future(
            self.cleaned_data["date_of_birth"], "The date of birth cannot be in the future."
        )

    def clean_postcode(self):
        raw = self.cleaned_data["postcode"]
        if raw and not normalise_postcode(raw):
            raise forms.ValidationError("Enter a full UK postcode, for example NS1 4AB.")
        return normalise_postcode(raw)


class PersonCreateForm(SchemeScopedFormMixin, PersonForm):
    class Meta(PersonForm.Meta):
        fields = ["scheme", *PersonForm.Meta.fields]


class ProfileForm(forms.ModelForm):
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    need_categories = _checkboxes(NeedCategory.choices, "Kinds of support needed")
    live_near_postcode = forms.CharField(
        label="Postcode or district of that place", max_length=12, required=False
    )

    class Meta:
        model = Profile
        fields = [
            "admired_for",
            "important_to_me",
            "how_to_support_me",
            "interests",
            "need_categories",
            "needs_summary",
            "no_pets",
            "no_smoking",
            "no_children",
            "needs_level_access",
            "carer_gender",
            "live_near",
            "live_near_postcode",
            "other_preferences",
            "risk_summary",
            "risk_detail",
        ]
        labels = {"other_preferences": "Other preferences"}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "admired_for",
                "important_to_me",
                "how_to_support_me",
                "needs_summary",
                "other_preferences",
                "risk_summary",
                "risk_detail",
            ]
        }

    def clean_live_near_postcode(self):
        raw = self.cleaned_data["live_near_postcode"]
        value = normalise_postcode(raw) or postcode_district(raw)
        if raw and not value:
            raise forms.ValidationError("Enter a UK postcode (NS1 4AB) or a postcode district (NS1).")
        return value


class ReferralForm(forms.ModelForm):
    client_groups = _checkboxes(ClientGroup.choices, "Client groups")

    class Meta:
        model = Referral
        fields = [
            "support_type",
            "client_groups",
            "wanted_from",
            "frequency",
            "reasons",
            "urgency",
            "referrer_name",
            "referrer_organisation",
            "referrer_phone",
            "referrer_email",
            "documents_noted",
            "received_on",
        ]
        widgets = {
            "wanted_from": DateInput(),
            "received_on": DateInput(),
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "documents_noted": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"received_on": "Date received"}

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data["received_on"], "The referral cannot arrive in the future.")


class ReferralMoveForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            (s, s.label)
            for s in (
                Referral.Status.SCREENING,
                Referral.Status.ASSESSMENT,
                Referral.Status.MATCHING,
                Referral.Status.MATCHED,
            )
        ]
    )
    note = forms.CharField(max_length=SHORT_TEXT, required=False)


class ReferralCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is it closing?", choices=ClosedReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", max_length=SHORT_TEXT, required=False)


class RepresentativeForm(forms.ModelForm):
    class Meta:
        model = Representative
        fields = [
            "full_name",
            "role",
            "relationship",
            "email",
            "phone",
            "address",
            "may_see_proposals",
            "may_see_records",
            "note",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}


class RemoveForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=SHORT_TEXT)


class LegalAuthorityForm(forms.ModelForm):
    class Meta:
        model = LegalAuthority
        fields = ["kind", "evidence_seen", "checked_on", "expires_on", "note"]
        widgets = {
            "checked_on": DateInput(),
            "expires_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": "Authority", "checked_on": "Evidence checked on"}

    def clean_checked_on(self):
        return _not_in_future(self.cleaned_data["checked_on"], "The check cannot be in the future.")

    def clean(self):
        cleaned = super().clean()
        checked, expires = cleaned.get("checked_on"), cleaned.get("expires_on")
        if checked and expires and expires <= checked:
            self.add_error("expires_on", "The expiry date must be after the date the evidence was checked.")
        return cleaned


class CapacityAssessmentForm(forms.ModelForm):
    outcome = forms.ChoiceField(choices=CapacityAssessment.Outcome.choices, widget=forms.RadioSelect)

    class Meta:
        model = CapacityAssessment
        fields = ["decision", "assessed_on", "assessor", "outcome", "note"]
        widgets = {
            "assessed_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "assessed_on": "Date of the assessment",
            "note": "Reasons and how the decision was explained",
        }

    def clean_assessed_on(self):
        return _not_in_future(
            self.cleaned_data["assessed_on"], "The assessment date cannot be in the future."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == CapacityAssessment.Outcome.LACKS_CAPACITY and not cleaned.get("note"):
            self.add_error("note", "Record why the assessor found that they lack capacity for this decision.")
        return cleaned
