"""Concern forms: raising one (any staff of the scheme), each next step of a concern (its managers
and safeguarding leads), and an allegation's suspension, safety plans and panel decision. They
check input only; the services check the same rules again and decide."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers.forms import PanelDecisionForm
from carers.models import Carer, Household, HouseholdMember, PanelDecisionKind
from people.models import Person
from sharedlives.accounts.models import SchemeMembership, User
from sharedlives.forms import DateInput

from ..models import AbuseCategory, Concern, ConcernOutcome, Incident, SafetyPlanDecision
from .incidents import PersonChoiceField

NOBODY, SOMEONE_ELSE = "", "other"


def leads_of(scheme_ids):
    """The managers and named safeguarding leads of the schemes: who may lead on a concern."""
    return (
        User.objects.filter(
            Q(memberships__role=SchemeMembership.Role.MANAGER) | Q(memberships__is_safeguarding_lead=True),
            memberships__scheme_id__in=list(scheme_ids),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


def _not_future(day, what: str):
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return day


def about_choices(scheme_ids) -> list:
    """Who a concern may be about, grouped by carer household: its carers and the people living there,
    then "someone else". Two queries whatever the number of households."""
    carers = Carer.objects.filter(household__scheme_id__in=scheme_ids).select_related("household")
    members = HouseholdMember.objects.filter(household__scheme_id__in=scheme_ids).select_related("household")
    groups: dict[int, tuple[str, list]] = {}
    for carer in carers:
        groups.setdefault(carer.household_id, (carer.household.name, []))[1].append(
            (f"carer:{carer.pk}", f"{carer.full_name} (carer)")
        )
    today = timezone.localdate()
    for member in members:
        left = " - moved out" if member.left_on and member.left_on <= today else ""
        groups.setdefault(member.household_id, (member.household.name, []))[1].append(
            (f"member:{member.pk}", f"{member.name} ({member.relationship}{left})")
        )
    return [
        (NOBODY, "Nobody in a carer household"),
        *sorted(groups.values(), key=lambda g: g[0].lower()),
        ("Not in a carer household", [(SOMEONE_ELSE, "Someone else (say who below)")]),
    ]


class ConcernRaiseForm(forms.Form):
    """Raise a safeguarding concern about a person supported. Naming a carer, or someone living in a
    carer household, opens an allegation on that household."""

    person = PersonChoiceField(label="The person it is about", queryset=Person.objects.none())
    categories = forms.MultipleChoiceField(
        label="What kind of abuse or neglect it may be",
        choices=AbuseCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that may apply. You do not need to be sure.",
    )
    summary = forms.CharField(
        label="What was seen, heard or told",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The facts, and anyone's words as they said them.",
    )
    immediate_risk = forms.BooleanField(label="The person is at risk now", required=False)
    immediate_action = forms.CharField(
        label="What has been done to keep them safe",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    about = forms.ChoiceField(
        label="Who the concern is about",
        required=False,
        help_text="If it is about a carer or someone who lives in a carer household, choose them: "
        "a manager will decide what happens to the household's approval.",
    )
    about_other = forms.CharField(
        label="Who else it is about", max_length=300, required=False, help_text="A name and who they are."
    )
    lead = LeadChoiceField(
        label="Who should lead on it",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not sure: a manager will decide",
    )
    source_incident = forms.ModelChoiceField(
        queryset=Incident.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, scheme_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        scheme_ids = [scheme_id] if scheme_id else user.staff_scheme_ids
        self.fields["person"].queryset = Person.objects.filter(scheme_id__in=scheme_ids).order_by(
            "last_name", "first_name", "pk"
        )
        self.fields["about"].choices = about_choices(scheme_ids)
        self.fields["lead"].queryset = leads_of(scheme_ids)
        self.fields["source_incident"].queryset = Incident.objects.filter(scheme_id__in=scheme_ids)

    def clean(self):
        data = super().clean()
        about = data.get("about", NOBODY)
        data["about_carer"] = data["about_member"] = None
        if about.startswith("carer:"):
            data["about_carer"] = Carer.objects.select_related("household").get(pk=about.split(":")[1])
        elif about.startswith("member:"):
            data["about_member"] = HouseholdMember.objects.select_related("household").get(
                pk=about.split(":")[1]
            )
        elif about == SOMEONE_ELSE and not data.get("about_other", "").strip():
            self.add_error("about_other", "Say who the concern is about.")
        if about != SOMEONE_ELSE:
            data["about_other"] = ""
        person = data.get("person")
        named = data["about_carer"] or data["about_member"]
        if person and named and named.household.scheme_id != person.scheme_id:
            self.add_error("about", "Choose someone in a household of the person's scheme.")
        lead = data.get("lead")
        if person and lead and not lead.is_safeguarding_lead_of(person.scheme_id):
            self.add_error("lead", "Choose a manager or safeguarding lead of the person's scheme.")
        incident = data.get("source_incident")
        if person and incident and incident.scheme_id != person.scheme_id:
            self.add_error("person", "The incident is in another scheme.")
        return data

    def service_args(self) -> dict:
        data = self.cleaned_data
        return {
            "person_id": data["person"].pk,
            "categories": data["categories"],
            "summary": data["summary"],
            "immediate_risk": data["immediate_risk"],
            "immediate_action": data["immediate_action"],
            "source_incident_id": data["source_incident"].pk if data["source_incident"] else None,
            "about_carer_id": data["about_carer"].pk if data["about_carer"] else None,
            "about_member_id": data["about_member"].pk if data["about_member"] else None,
            "about_other": data["about_other"],
            "lead_id": data["lead"].pk if data["lead"] else None,
        }


class AssignLeadForm(forms.Form):
    lead = LeadChoiceField(label="Who leads on it", queryset=User.objects.none())

    def __init__(self, *args, concern: Concern, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads_of([concern.scheme_id])


class _ConcernStepForm(forms.Form):
    def __init__(self, *args, concern: Concern, **kwargs):
        self.concern = concern
        super().__init__(*args, **kwargs)


class ReferForm(_ConcernStepForm):
    referred_on = forms.DateField(label="Referred to the council on", widget=DateInput())
    council_reference = forms.CharField(
        label="The council's reference", max_length=100, required=False, help_text="If they gave one."
    )
    council_contact = forms.CharField(
        label="Named contact at the council's safeguarding team",
        max_length=200,
        help_text="Their name, and a phone number or email.",
    )

    def clean_referred_on(self):
        day = _not_future(self.cleaned_data["referred_on"], "The date of the referral")
        raised = timezone.localtime(self.concern.raised_at).date()
        if day < raised:
            raise forms.ValidationError(
                f"The concern was raised on {date_format(raised, 'j F Y')}; "
                "the referral cannot be before that."
            )
        return day


class StartEnquiryForm(_ConcernStepForm):
    started_on = forms.DateField(label="The enquiry started on", widget=DateInput())
    enquiry_by = forms.CharField(
        label="Who is making the enquiry", max_length=200, help_text="A name, and the council team or agency."
    )

    def clean_started_on(self):
        return _not_future(self.cleaned_data["started_on"], "The start of the enquiry")


class OutcomeForm(_ConcernStepForm):
    outcome = forms.ChoiceField(label="Outcome", choices=ConcernOutcome.choices, widget=forms.RadioSelect)
    outcome_on = forms.DateField(label="Date of the outcome", widget=DateInput())
    note = forms.CharField(
        label="What was found",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_outcome_on(self):
        return _not_future(self.cleaned_data["outcome_on"], "The date of the outcome")


class ConcernCloseForm(_ConcernStepForm):
    actions = forms.CharField(
        label="Actions taken",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done to keep the person safe, and what changes now.",
    )


class SuspendForm(forms.Form):
    message_to_carers = forms.CharField(
        label="What the carers are told",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on their home page, in your words. Never say who raised the concern.",
    )


class SafetyPlanForm(forms.Form):
    """The plan for one live arrangement of the household. Its fields carry the arrangement's id in
    their page ids (`auto_id`), so each arrangement's form has labels of its own."""

    arrangement = forms.ModelChoiceField(queryset=Arrangement.objects.none(), widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="What happens", choices=SafetyPlanDecision.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label="The plan",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will happen, who checks, and when.",
    )

    def __init__(self, *args, household: Household, arrangement_id: int | None = None, **kwargs):
        if arrangement_id is not None:
            kwargs.setdefault("auto_id", f"id_plan{arrangement_id}_%s")
            kwargs.setdefault("initial", {"arrangement": arrangement_id})
        super().__init__(*args, **kwargs)
        self.fields["arrangement"].queryset = Arrangement.objects.filter(
            household=household, status__in=LIVE_ARRANGEMENT_STATUSES
        )
        self.fields["arrangement"].error_messages["invalid_choice"] = (
            "Choose a live arrangement with this household."
        )


# What a panel may decide on an allegation about a carer.
ALLEGATION_DECISIONS = [
    (PanelDecisionKind.RECOMMEND_APPROVAL, "Continue: approve again, with any conditions or training"),
    (PanelDecisionKind.DEFER, "Defer: decide later (the household stays suspended)"),
    (PanelDecisionKind.DEREGISTER, "De-register the household"),
]


class AllegationPanelForm(PanelDecisionForm):
    """The carers' panel decision form, for the decisions an allegation can end in. An approval to
    continue repeats the household's approval terms, prefilled from its current ones."""

    probation = None  # only for a first approval
    note_for_carers = forms.CharField(
        label="What the carers are told",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on their home page with their new status. Never say who raised the concern.",
    )

    class Meta(PanelDecisionForm.Meta):
        fields = ["decided_on", "decision", "decision_maker", "minutes", "conditions"]
        widgets = {
            **PanelDecisionForm.Meta.widgets,
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, household: Household, user: User, allowed: list[str], **kwargs):
        terms = household.current_terms
        initial = {"decided_on": timezone.localdate(), "decision_maker": user.full_name}
        if terms is not None:
            initial |= {
                "max_people": terms.max_people,
                "support_types": list(terms.support_types),
                "client_groups": list(terms.client_groups),
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, allowed=allowed, **kwargs)
        field = self.fields["decision"]
        field.choices = [("", "Choose..."), *ALLEGATION_DECISIONS]
        field.widget.choices = [("", "Choose...")] + [
            (v, label) for v, label in ALLEGATION_DECISIONS if v in allowed
        ]
