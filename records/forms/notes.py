"""Daily note forms: the carer's note (short enough for a phone, strengths first) and the person's
own words. They check input only; the services check again and decide."""

from django import forms
from django.utils.formats import date_format

from ..models import LONG_TEXT, DailyNote
from ..services.notes import NOTE_FIELDS, note_days

HELP = {
    "went_well": "Start with the good things: what they enjoyed, what they did well.",
    "activities": "For example: went swimming, cooked tea, day centre.",
    "saw": "Family, friends, visitors, people at clubs or the day centre.",
    "health_mood": "How they seemed, sleep, eating, any pain or illness.",
    "to_watch": "Anything the next carer or the scheme should know or look out for.",
}


class NoteForm(forms.ModelForm):
    """The texts of a note. With `with_day`, the day it is about: today or yesterday."""

    class Meta:
        model = DailyNote
        fields = list(NOTE_FIELDS)
        help_texts = HELP
        widgets = {name: forms.Textarea(attrs={"rows": 2, "maxlength": LONG_TEXT}) for name in NOTE_FIELDS}

    def __init__(self, *args, with_day: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_day:
            today, yesterday = note_days()
            self.fields["day"] = forms.DateField(
                label="The day it is about",
                initial=today,
                widget=forms.RadioSelect(
                    choices=[
                        (today.isoformat(), f"Today, {date_format(today, 'l j F')}"),
                        (yesterday.isoformat(), f"Yesterday, {date_format(yesterday, 'l j F')}"),
                    ]
                ),
            )
            self.order_fields(["day", *NOTE_FIELDS])

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in NOTE_FIELDS):
            raise forms.ValidationError("Write something in at least one box.")
        return data

    def _post_clean(self):
        # The services build and check the row; the form only checks input.
        pass

    def texts(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in NOTE_FIELDS}


class NoteWordsForm(forms.Form):
    words = forms.CharField(
        label="Your words",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you want to say about this day.",
    )
