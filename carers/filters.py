"""Filters and sorting for the registry list."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sharedlives.accounts.models import Scheme
from sharedlives.choices import ClientGroup, SupportType

from .models import EXPIRING_WITHIN_DAYS, Carer, Check, Household, HouseholdStatus


def _user_schemes(request):
    return Scheme.objects.for_user(request.user)


class RegistryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Name, carer or postcode")
    status = django_filters.MultipleChoiceFilter(
        choices=HouseholdStatus.choices, widget=forms.CheckboxSelectMultiple, label="Status", distinct=False
    )
    support_type = django_filters.ChoiceFilter(
        choices=SupportType.choices,
        method="filter_support_type",
        label="Approved for",
        empty_label="Any support type",
    )
    client_group = django_filters.ChoiceFilter(
        choices=ClientGroup.choices,
        method="filter_client_group",
        label="Approved client group",
        empty_label="Any client group",
    )
    checks = django_filters.ChoiceFilter(
        choices=[
            ("expired", "A check has expired"),
            ("expiring", f"A check expires within {EXPIRING_WITHIN_DAYS} days"),
            ("due", "Expired or expiring"),
        ],
        method="filter_checks",
        label="Checks",
        empty_label="Any",
    )
    free_places = django_filters.NumberFilter(
        field_name="free_places", lookup_expr="gte", label="At least this many free places", min_value=0
    )
    matchable = django_filters.BooleanFilter(
        method="filter_matchable",
        label="Can be matched",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    scheme = django_filters.ModelChoiceFilter(queryset=_user_schemes, empty_label="All my schemes")
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("status_rank", "status"),
            ("postcode", "postcode"),
            ("free_places", "places"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "name": "Name",
            "status_rank": "Status",
            "postcode": "Postcode",
            "free_places": "Free places",
            "updated_at": "Last updated",
        },
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Household
        fields = []

    def filter_search(self, queryset, name, value):
        for word in value.split():
            carer_named = Carer.objects.filter(household=OuterRef("pk")).filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(postcode__istartswith=word) | Exists(carer_named)
            )
        return queryset

    def filter_support_type(self, queryset, name, value):
        return queryset.filter(current_terms__support_types__contains=[value])

    def filter_client_group(self, queryset, name, value):
        return queryset.filter(current_terms__client_groups__contains=[value])

    def filter_checks(self, queryset, name, value):
        today = timezone.localdate()
        soon = today + timedelta(days=EXPIRING_WITHIN_DAYS)
        current = Check.objects.filter(household=OuterRef("pk"), is_current=True)
        if value == "expired":
            current = current.filter(expires_on__lt=today)
        elif value == "expiring":
            current = current.filter(expires_on__gte=today, expires_on__lte=soon)
        else:
            current = current.filter(expires_on__lte=soon)
        return queryset.filter(Exists(current))

    def filter_matchable(self, queryset, name, value):
        return queryset.filter(is_matchable=value)
