"""Forms of the support plan staff keep: the plan, a risk plan, an emergency contact. They check
input only; the services in records/services/support.py check the same rules again and decide."""

from django import forms
from django.utils import timezone

from sharedlives.forms import DateInput

from ..models import EmergencyContact, RiskPlan, SupportPlan
from ..services.support import PLAN_FIELDS


class SupportPlanForm(forms.ModelForm):
    class Meta:
        model = SupportPlan
        fields = PLAN_FIELDS
        help_texts = {
            "communication": "How they tell you things, and how best to tell them things.",
            "routines": "Their day: getting up, meals, going out, going to bed.",
            "allergies": 'Foods, medicines or anything else; write "None known" if there are none.',
        }
        widgets = {
            "communication": forms.Textarea(attrs={"rows": 3}),
            "routines": forms.Textarea(attrs={"rows": 3}),
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "health_conditions": forms.Textarea(attrs={"rows": 3}),
            "gp_address": forms.Textarea(attrs={"rows": 2}),
        }


class RiskPlanForm(forms.ModelForm):
    class Meta:
        model = RiskPlan
        fields = ["risk", "what_helps", "what_to_do", "who_to_tell", "review_on"]
        help_texts = {
            "risk": "In a few words, for example: may leave the house at night.",
            "who_to_tell": "For example: the coordinator on duty, then Pat's mum.",
        }
        widgets = {
            "what_helps": forms.Textarea(attrs={"rows": 3}),
            "what_to_do": forms.Textarea(attrs={"rows": 3}),
            "review_on": DateInput(),
        }

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        unchanged = self.instance.pk and review_on == self.instance.review_on
        if review_on < timezone.localdate() and not unchanged:
            raise forms.ValidationError("The date cannot be in the past.")
        return review_on


class EmergencyContactForm(forms.ModelForm):
    position = forms.IntegerField(
        label="Order in the list", min_value=1, max_value=99, initial=1, help_text="1 is called first."
    )

    class Meta:
        model = EmergencyContact
        fields = ["name", "relationship", "phone", "note", "position"]
        help_texts = {"note": "For example: if they are unwell at night."}
