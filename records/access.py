"""Who may see and write the records of a person's life with a carer household.

One rule, `open_support`: the carers of a household see the person's support plan, and write
their notes, doses and money, while an arrangement of theirs with the person is live and
confirmed: a live-in arrangement (long-term, emergency, intermediate care) from its confirmation
until it ends; short breaks and day support while a stay or session is booked within the scheme's
number of days either side (RecordsSettings.days_around_stay). It closes when the arrangement ends.

Everyone else who may see the records: the person themselves, their representatives the scheme
says may see records, and the scheme's staff. Outsiders get 404.
"""

from datetime import date

from django.db.models import (
    DateField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from arrangements.models import (
    BOOKED_TYPES,
    CONTINUOUS_TYPES,
    LIVE_ARRANGEMENT_STATUSES,
    Arrangement,
    Booking,
)
from people.models import Person, Representative

from .models import RecordsSettings

DEFAULT_DAYS_AROUND_STAY = RecordsSettings._meta.get_field("days_around_stay").default


def _days_around_stay():
    """The scheme's days either side of a stay, for the arrangement of the outer query."""
    return Coalesce(
        Subquery(
            RecordsSettings.objects.filter(scheme_id=OuterRef(OuterRef("scheme_id"))).values(
                "days_around_stay"
            )[:1]
        ),
        Value(DEFAULT_DAYS_AROUND_STAY),
        output_field=IntegerField(),
    )


def open_support(arrangements=None, *, today: date | None = None):
    """The arrangements whose support is open on `today` (default: today): what the carers of their
    households may see and write."""
    today = today or timezone.localdate()
    arrangements = Arrangement.objects.all() if arrangements is None else arrangements
    days = _days_around_stay()
    booked = Booking.objects.active().filter(
        arrangement=OuterRef("pk"),
        starts_on__lte=ExpressionWrapper(Value(today) + days, output_field=DateField()),
        ends_on__gte=ExpressionWrapper(Value(today) - days, output_field=DateField()),
    )
    return arrangements.filter(
        Q(support_type__in=CONTINUOUS_TYPES) | (Q(support_type__in=BOOKED_TYPES) & Exists(booked)),
        status__in=LIVE_ARRANGEMENT_STATUSES,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))  # the leaving day is the last


def carer_arrangements(user, *, today: date | None = None):
    """The arrangements whose support is open to `user` as a carer of the household."""
    if not user.is_authenticated or user.kind != user.Kind.CARER:
        return Arrangement.objects.none()
    return open_support(Arrangement.objects.filter(household__carers__user=user), today=today)


def get_carer_arrangement(user, person_id: int) -> Arrangement:
    """The arrangement under which carer `user` supports the person now, with person and household;
    404 when their support of the person is not open."""
    found = (
        carer_arrangements(user)
        .filter(person_id=person_id)
        .select_related("person__scheme", "person__profile", "household", "scheme")
        .order_by("-start_date", "-pk")
        .first()
    )
    if found is None:
        raise Http404
    return found


def representatives_who_see_records(user):
    return Representative.objects.current().filter(user=user, may_see_records=True)


def people_whose_records_user_sees(user):
    """People whose records (notes, doses, money) `user` may read, other than as a carer: themselves,
    those they represent with "may see records", and, for staff, the people of their schemes."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.kind == user.Kind.STAFF:
        return Person.objects.filter(scheme_id__in=user.staff_scheme_ids)
    if user.kind == user.Kind.PERSON:
        return Person.objects.filter(user=user)
    if user.kind == user.Kind.FAMILY:
        return Person.objects.filter(
            Exists(representatives_who_see_records(user).filter(person=OuterRef("pk")))
        )
    return Person.objects.none()


def get_person_records_for_user(user, person_id: int) -> Person:
    """The person, for someone who may read their records (not carers: see get_carer_arrangement)."""
    return get_object_or_404(people_whose_records_user_sees(user).select_related("scheme"), pk=person_id)


def is_staff_of(user, person) -> bool:
    return (
        user.is_authenticated and user.kind == user.Kind.STAFF and person.scheme_id in user.staff_scheme_ids
    )
