"""The review form: who took part, the person's own words, the connection test, actions, next date."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from sharedlives.forms import DateInput

from ..models import Arrangement, Review
from ..services.reviews import SCORE_WORDS, add_months

SCORE_CHOICES = [(score, f"{score}: {words}") for score, words in SCORE_WORDS.items()]


def _score_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 means not at all, 5 means very much.",
    )


def _comment_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.ModelForm):
    """Checks dates against the arrangement and the scheme's review interval, so that mistakes show
    next to the field; the service checks the same rules again."""

    informed_score = _score_field("Better informed: does the person know more about what they can do?")
    informed_comment = _comment_field("About being better informed")
    confident_score = _score_field("More confident: does the person feel more able to do things?")
    confident_comment = _comment_field("About being more confident")
    connected_score = _score_field("Better connected: to family, friends and their community?")
    connected_comment = _comment_field("About being better connected")

    class Meta:
        model = Review
        fields = [
            "held_on",
            "participants",
            "persons_words",
            "informed_score",
            "informed_comment",
            "confident_score",
            "confident_comment",
            "connected_score",
            "connected_comment",
            "actions",
            "next_review_on",
        ]
        labels = {"held_on": "Date of the review", "next_review_on": "Next review by"}
        help_texts = {
            "participants": "For example: Chloe, Priya and Sam (carers), Jo (coordinator), Chloe's mum.",
            "persons_words": "What they said about how things are going, as they said it.",
            "actions": "What will happen next, who does it and by when. Staff only.",
        }
        widgets = {
            "held_on": DateInput(),
            "next_review_on": DateInput(),
            "persons_words": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, arrangement: Arrangement, review_every_months: int, today: date | None = None, **kw
    ):
        self.arrangement = arrangement
        self.review_every_months = review_every_months
        self.today = today or timezone.localdate()
        kw.setdefault(
            "initial",
            {"held_on": self.today, "next_review_on": add_months(self.today, review_every_months)},
        )
        super().__init__(*args, **kw)

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > self.today:
            raise forms.ValidationError(
                "Record a review once it has taken place: the date cannot be in the future."
            )
        if day < self.arrangement.start_date:
            raise forms.ValidationError(
                f"The arrangement started on {date_format(self.arrangement.start_date, 'j F Y')}; "
                "the review cannot be before that."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        held_on, next_on = cleaned.get("held_on"), cleaned.get("next_review_on")
        if held_on and next_on:
            latest = add_months(held_on, self.review_every_months)
            if next_on <= held_on:
                self.add_error("next_review_on", "The next review must be after this one.")
            elif next_on > latest:
                self.add_error(
                    "next_review_on",
                    f"The scheme reviews at least every {self.review_every_months} months: "
                    f"choose a date on or before {date_format(latest, 'j F Y')}.",
                )
        return cleaned
