"""Notification forms: the filter of the list, and recording that one was sent. They check input
only; the service checks again and decides."""

from django import forms
from django.utils import timezone

from sharedlives.accounts.models import Scheme
from sharedlives.forms import DateTimeLocalInput

from ..models import Notification, NotificationTrigger, SentHow


class NotificationFilterForm(forms.Form):
    SHOW = [("", "Due and sent"), ("due", "Due only"), ("sent", "Sent only")]

    show = forms.ChoiceField(choices=SHOW, required=False, label="Show")
    trigger = forms.ChoiceField(
        choices=[("", "Every kind"), *NotificationTrigger.choices], required=False, label="What about"
    )
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.none(), required=False, label="Scheme", empty_label="All my schemes"
    )

    def __init__(self, *args, scheme_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        if len(scheme_ids) > 1:
            self.fields["scheme"].queryset = Scheme.objects.filter(pk__in=scheme_ids).order_by("name")
        else:
            del self.fields["scheme"]

    def filter(self, notifications):
        data = self.cleaned_data
        if data.get("show") == "due":
            notifications = notifications.filter(sent_at__isnull=True)
        elif data.get("show") == "sent":
            notifications = notifications.filter(sent_at__isnull=False)
        if data.get("trigger"):
            notifications = notifications.filter(trigger=data["trigger"])
        if data.get("scheme"):
            notifications = notifications.filter(scheme=data["scheme"])
        return notifications


class NotificationSentForm(forms.Form):
    """When and how the notification was sent, the regulator's reference and the text that was sent."""

    sent_at = forms.DateTimeField(
        label="When it was sent", widget=DateTimeLocalInput(), help_text="The date and time you sent it."
    )
    sent_how = forms.ChoiceField(label="How it was sent", choices=[("", "Choose how"), *SentHow.choices])
    regulator_reference = forms.CharField(
        label="The regulator's reference",
        max_length=Notification._meta.get_field("regulator_reference").max_length,
        required=False,
        help_text="If the regulator gave one, for example on the confirmation page.",
    )
    sent_text = forms.CharField(
        label="What was sent",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="The draft is filled in: change it to what you actually sent.",
    )

    def __init__(self, *args, draft: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["sent_text"].initial = draft
        self.fields["regulator_reference"].required = False

    def clean_sent_at(self):
        sent_at = self.cleaned_data["sent_at"]
        if sent_at > timezone.now():
            raise forms.ValidationError("When it was sent cannot be in the future.")
        return sent_at
