"""Review pages. Staff record reviews and see them in full; carers and family members see summaries
(date, the connection test in words, the person's own words, the next date), never staff-only text.

Every page shows part of a person's record, so every page logs the view (`access_record`).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record

from .. import services
from ..access import get_arrangement_for_user, get_review_for_user
from ..forms.reviews import ReviewForm
from ..models import Arrangement, Review, ReviewSettings


@staff_required
def review_create(request, pk):
    """Record a review of an arrangement. Bad input keeps what was typed and saves nothing."""
    arrangement = get_arrangement_for_user(request.user, pk)
    settings = ReviewSettings.for_scheme(arrangement.scheme_id)
    form = ReviewForm(
        request.POST or None, arrangement=arrangement, review_every_months=settings.review_every_months
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record(
                arrangement_id=arrangement.pk, by=request.user, **form.cleaned_data
            )
        except services.ArrangementError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"Review recorded. The next review is due by {date_format(review.next_review_on, 'j F Y')}.",
            )
            return redirect("arrangements:review_detail", pk=review.pk)
    access_record(user=request.user, obj=arrangement.person, page="review form")
    return render(
        request,
        "arrangements/reviews/form.html",
        {
            "arrangement": arrangement,
            "form": form,
            "due_on": services.next_review_due(arrangement),
            "settings": settings,
        },
    )


@staff_required
def arrangement_reviews(request, pk):
    """Every review of one arrangement, newest first, with when the next is due."""
    arrangement = get_arrangement_for_user(request.user, pk)
    access_record(user=request.user, obj=arrangement.person, page="reviews")
    reviews = list(arrangement.reviews.select_related("recorded_by"))
    return render(
        request,
        "arrangements/reviews/arrangement.html",
        {
            "arrangement": arrangement,
            "reviews": reviews,
            "due_on": services.next_review_due(arrangement),
            "today": timezone.localdate(),
        },
    )


@staff_required
def review_detail(request, pk):
    review = get_review_for_user(request.user, pk)
    access_record(user=request.user, obj=review.arrangement.person, page="review")
    return render(
        request,
        "arrangements/reviews/detail.html",
        {"review": review, "arrangement": review.arrangement, "scores": _scores(review, comments=True)},
    )


@staff_required
def reviews_due(request):
    """Live arrangements of the user's schemes with a review overdue or due within 14 days."""
    today = timezone.localdate()
    due = services.with_last_review_on(
        services.reviews_due(
            Arrangement.objects.for_user(request.user).select_related("person", "household"), today=today
        )
    )
    page = Paginator(due, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "arrangements/reviews/due.html",
        {"page": page, "today": today, "within_days": services.REVIEW_DUE_WITHIN_DAYS},
    )


# --- Carers and families: summaries --------------------------------------------------------------


CONNECTION_TEST = [
    ("Better informed", "informed"),
    ("More confident", "confident"),
    ("Better connected", "connected"),
]


def _scores(review: Review, *, comments: bool = False) -> list[dict]:
    """The three outcomes, each scored in words; the staff's comments only when asked for (they are
    not even loaded for the summaries)."""
    return [
        {
            "label": label,
            "score": getattr(review, f"{name}_score"),
            "words": services.SCORE_WORDS[getattr(review, f"{name}_score")],
            "comment": getattr(review, f"{name}_comment") if comments else "",
        }
        for label, name in CONNECTION_TEST
    ]


def _summaries(request, pk, *, back_url: str):
    arrangement = get_arrangement_for_user(request.user, pk)
    access_record(user=request.user, obj=arrangement.person, page="review summaries")
    # Only what a summary shows is read from the database: staff-only text never reaches the page.
    reviews = arrangement.reviews.only(
        "pk",
        "arrangement_id",
        "held_on",
        "persons_words",
        "informed_score",
        "confident_score",
        "connected_score",
        "next_review_on",
    )
    summaries = [
        {
            "held_on": r.held_on,
            "persons_words": r.persons_words,
            "scores": _scores(r),
            "next_review_on": r.next_review_on,
        }
        for r in reviews
    ]
    return render(
        request,
        "arrangements/reviews/summaries.html",
        {
            "arrangement": arrangement,
            "summaries": summaries,
            "due_on": services.next_review_due(arrangement) if arrangement.is_live else None,
            "back_url": back_url,
        },
    )


@kind_required(User.Kind.FAMILY)
def family_reviews(request, pk):
    """Review summaries of an arrangement of a person this family member represents."""
    return _summaries(request, pk, back_url="arrangements:family_arrangements")


@kind_required(User.Kind.CARER)
def carer_reviews(request, pk):
    """Review summaries of one of the carer household's arrangements."""
    return _summaries(request, pk, back_url="arrangements:carer_arrangements")
