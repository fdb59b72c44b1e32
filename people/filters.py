"""Filters for the people list and the referral queue."""

from datetime import timedelta

import django_filters
from django.db.models import F, Q
from django.utils import timezone

from sharedlives.choices import Funder, SupportType

from .models import ReferralStatus, Urgency

WAITING_CHOICES = [
    ("under_4_weeks", "Under 4 weeks"),
    ("4_to_12_weeks", "4 to 12 weeks"),
    ("over_12_weeks", "Over 12 weeks"),
]

PEOPLE_SORTS = {
    "name": ("Name (A to Z)", [F("last_name").asc(), F("first_name").asc(), F("pk").asc()]),
    "waiting": (
        "Waiting longest",
        [F("waiting_since").asc(nulls_last=True), F("last_name").asc(), F("pk").asc()],
    ),
    "newest": ("Added most recently", [F("created_at").desc(), F("pk").desc()]),
}


class PersonFilter(django_filters.FilterSet):
    """Filters a queryset annotated by `selectors.people_for_list`."""

    q = django_filters.CharFilter(label="Name", method="filter_name")
    status = django_filters.ChoiceFilter(
        label="Referral status", field_name="current_status", choices=ReferralStatus.choices
    )
    support_type = django_filters.ChoiceFilter(
        label="Support wanted", field_name="current_support_type", choices=SupportType.choices
    )
    funder = django_filters.ChoiceFilter(label="Funding", choices=Funder.choices)
    waiting = django_filters.ChoiceFilter(
        label="Waiting time", choices=WAITING_CHOICES, method="filter_waiting"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _order) in PEOPLE_SORTS.items()],
        method="filter_sort",
        empty_label=None,
    )

    def filter_name(self, queryset, name, value):
        words = value.split()[:4]
        for word in words:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        return queryset

    def filter_waiting(self, queryset, name, value):
        today = timezone.localdate()
        four, twelve = today - timedelta(weeks=4), today - timedelta(weeks=12)
        if value == "under_4_weeks":
            return queryset.filter(waiting_since__gt=four)
        if value == "4_to_12_weeks":
            return queryset.filter(waiting_since__lte=four, waiting_since__gt=twelve)
        return queryset.filter(waiting_since__lte=twelve)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*PEOPLE_SORTS[value][1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*PEOPLE_SORTS["name"][1])
        return queryset


class ReferralFilter(django_filters.FilterSet):
    """The referral queue. Without a status it shows every open referral."""

    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices, empty_label="All open")
    support_type = django_filters.ChoiceFilter(label="Support wanted", choices=SupportType.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.open()
        return queryset
