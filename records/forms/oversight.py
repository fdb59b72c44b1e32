"""Oversight forms: the alerts filter, reading a note with a comment, and the scheme's settings."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .. import alerts
from ..models import RecordsSettings


class AlertFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show", choices=[("", "Every alert"), *alerts.KINDS.items()], required=False
    )


class NoteReadForm(forms.Form):
    note = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Comment",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What is good, and anything to raise with the carers at the next visit.",
    )


class RecordsSettingsForm(forms.ModelForm):
    """The scheme's rules. The limits keep each one meaningful."""

    class Meta:
        model = RecordsSettings
        fields = [
            "days_around_stay",
            "missed_dose_grace_hours",
            "refusals_alert_count",
            "refusals_alert_days",
            "no_note_alert_days",
            "samples_per_month",
        ]

    LIMITS = {
        "days_around_stay": (0, 28),
        "missed_dose_grace_hours": (0, 12),
        "refusals_alert_count": (1, 20),
        "refusals_alert_days": (1, 31),
        "no_note_alert_days": (1, 14),
        "samples_per_month": (0, 31),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (least, most) in self.LIMITS.items():
            field = self.fields[name]
            field.min_value, field.max_value = least, most
            field.validators += [MinValueValidator(least), MaxValueValidator(most)]
            field.widget.attrs.update(min=least, max=most)
