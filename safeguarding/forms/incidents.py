"""Incident forms: the carer's short report from their phone, the staff report (also used to correct
one), the manager's close, and the withhold reason shared with concerns. They check input only; the
services check the same rules again and decide."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from carers.models import Household
from people.models import Person
from sharedlives.forms import DateTimeLocalInput

from ..models import Harm, Incident
from ..services.incidents import people_a_carer_may_name


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


# The facts of a report, as the carer's form asks them (in this order).
CARER_FIELDS = [
    "kind",
    "occurred_at",
    "location",
    "person",
    "what_happened",
    "harm",
    "injuries",
    "medical_help",
    "police_involved",
    "police_reference",
    "immediate_action",
    "is_safeguarding_worry",
]


class IncidentFactsForm(forms.ModelForm):
    """What happened. Subclasses add who it was about."""

    class Meta:
        model = Incident
        fields = [f for f in CARER_FIELDS if f != "person"]
        labels = {"police_reference": "Police reference number"}
        help_texts = {
            "location": "For example: at home, in the kitchen; or the name of a shop or a park.",
            "what_happened": "In your own words: what you saw or heard, and what the person said.",
            "injuries": "What they were, and where on the body.",
            "police_reference": "If the police gave you one.",
            "immediate_action": "For example: first aid, phoned 111, stayed with them, "
            "moved them somewhere safe.",
            "is_safeguarding_worry": "Tick this if you think someone may be being harmed, abused or "
            "neglected: your report is marked for a manager to look at first.",
        }
        widgets = {
            "occurred_at": DateTimeLocalInput(),
            "kind": forms.RadioSelect,
            "harm": forms.RadioSelect,
            "medical_help": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "injuries": forms.Textarea(attrs={"rows": 2}),
            "immediate_action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("occurred_at", _now_to_the_minute())
        for name in ("kind", "harm", "medical_help"):
            # A radio list with no empty choice: the model's default is ticked.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        if when and when > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError("When it happened cannot be in the future.")
        return when

    def clean(self):
        data = super().clean()
        if data.get("police_reference", "").strip() and not data.get("police_involved"):
            self.add_error(
                "police_reference", "You gave a police reference: tick that the police were called."
            )
        if data.get("harm") in (Harm.MINOR, Harm.SERIOUS) and not data.get("injuries", "").strip():
            self.add_error("injuries", "Someone was hurt: say what the injuries are.")
        return data

    def _post_clean(self):
        # The services build and check the row; the form only checks input.
        pass

    def facts(self) -> dict:
        """The cleaned facts as the services take them (`person_id`, `household_id`, and the rest)."""
        data = dict(self.cleaned_data)
        for name in ("person", "household"):
            if name in data:
                value = data.pop(name)
                data[f"{name}_id"] = value.pk if value else None
        return data


class CarerIncidentForm(IncidentFactsForm):
    """A carer's report, short enough for a phone: about their household, and if it was about someone
    they support, only someone living or staying with them."""

    person = PersonChoiceField(
        label="Who it was about",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not about one person I support",
    )

    class Meta(IncidentFactsForm.Meta):
        fields = CARER_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_a_carer_may_name(user).order_by("first_name", "last_name")
        self.order_fields(CARER_FIELDS)


class StaffIncidentForm(IncidentFactsForm):
    """A report by staff, or their correction of one: about any person or household of their schemes."""

    person = PersonChoiceField(
        label="The person supported it involved",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody supported",
    )
    household = forms.ModelChoiceField(
        label="The carer household it involved",
        queryset=Household.objects.none(),
        required=False,
        empty_label="No household",
    )

    class Meta(IncidentFactsForm.Meta):
        fields = [*IncidentFactsForm.Meta.fields, "others_involved"]

    def __init__(self, *args, user, scheme_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        scheme_ids = [scheme_id] if scheme_id else user.staff_scheme_ids
        self.fields["person"].queryset = Person.objects.filter(scheme_id__in=scheme_ids).order_by(
            "last_name", "first_name", "pk"
        )
        self.fields["household"].queryset = Household.objects.filter(scheme_id__in=scheme_ids).order_by(
            "name", "pk"
        )
        if self.instance.pk:
            self.initial.update(person=self.instance.person_id, household=self.instance.household_id)
        order = list(CARER_FIELDS)
        order[order.index("person") + 1 : order.index("person") + 1] = ["household", "others_involved"]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        person, household = data.get("person"), data.get("household")
        if person and household and person.scheme_id != household.scheme_id:
            self.add_error("household", "The person and the household are in different schemes.")
        return data


class IncidentCloseForm(forms.Form):
    actions = forms.CharField(
        label="Actions agreed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What will happen now, who does it and by when.",
    )
    lessons = forms.CharField(
        label="Lessons learned",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the scheme will do differently. Write 'None' if there are none.",
    )


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label="Leave this out of the person's copy of their record, because",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: it would put someone at risk of serious harm. Leave empty to give it again.",
    )
