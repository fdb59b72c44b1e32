"""Candidate ranking: every registered carer household for a referral, filtered and scored in one SQL query.

Hard filters become boolean columns, so a coordinator can see why a household is left out;
the soft score is a sum of weighted columns, so the database orders and pages the list.
Python only turns the columns into sentences a person can read.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Power, Sqrt

from carers.models import (
    APPROVED_STATUSES,
    CHILD_AGE_BANDS,
    Availability,
    Carer,
    Household,
    HouseholdInterest,
    HouseholdLanguage,
    HouseholdMember,
    HouseholdStatus,
    Smoking,
)
from people.models import Profile, Referral
from sharedlives.accounts.models import Scheme
from sharedlives.choices import ClientGroup, Faith, Gender, SupportType

from .models import LIVE_ARRANGEMENT_STATUSES, Arrangement, MatchingSettings

# Registered carers: these appear in the ranking, shortlisted or with the reason they are left out.
REGISTERED = (*APPROVED_STATUSES, HouseholdStatus.ON_HOLD, HouseholdStatus.SUSPENDED)
ENGLISH = "English"


@dataclass
class Candidate:
    household: Household
    score: int
    reasons: list[str] = field(default_factory=list)
    excluded_because: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def eligible(self) -> bool:
        return not self.excluded_because


@dataclass
class Ranking:
    referral: Referral
    shortlist: list[Candidate]
    excluded: list[Candidate]


def neighbour_ids(scheme_id: int) -> list[int]:
    """Schemes that share carers with this one."""
    return list(
        Scheme.neighbours.through.objects.filter(from_scheme_id=scheme_id).values_list(
            "to_scheme_id", flat=True
        )
    )


def _array_of_names(model, fk: str, ids: list[int]):
    """A subquery: the names of the shared reference items, as a text array (NULL when none)."""
    return Subquery(
        model.objects.filter(household=OuterRef("pk"), **{f"{fk}_id__in": ids or [0]})
        .order_by()
        .values("household")
        .annotate(names=ArrayAgg(f"{fk}__name", order_by=f"{fk}__name"))
        .values("names")[:1],
        output_field=ArrayField(models.CharField()),
    )


def _cardinality(expression):
    return Coalesce(models.Func(expression, function="cardinality", output_field=IntegerField()), Value(0))


def candidates_queryset(referral: Referral, *, include_neighbours: bool = False, on: date | None = None):
    """The annotated households for `referral`, best first. Issues a few small lookups, then one query."""
    person = referral.person
    profile = Profile.objects.filter(person=person).first() or Profile(person=person)
    interest_ids = list(profile.interests.values_list("pk", flat=True)) if profile.pk else []
    language_ids = list(person.languages.exclude(name=ENGLISH).values_list("pk", flat=True))
    weights = MatchingSettings.for_scheme(person.scheme_id)
    schemes = [person.scheme_id]
    if include_neighbours:
        schemes += neighbour_ids(person.scheme_id)

    start = (
        referral.wanted_from
        if referral.wanted_from and referral.wanted_from > (on or date.today())
        else (on or date.today())
    )
    groups = list(referral.client_groups or [])

    taken = Subquery(
        Arrangement.objects.filter(household=OuterRef("pk"), status__in=LIVE_ARRANGEMENT_STATUSES)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by()
        .values("household")
        .annotate(n=models.Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    away = Availability.objects.filter(household=OuterRef("pk"), starts_on__lte=start, ends_on__gte=start)
    children = HouseholdMember.objects.filter(household=OuterRef("pk"), age_band__in=CHILD_AGE_BANDS)
    if hasattr(HouseholdMember, "left_on"):
        children = children.filter(Q(left_on__isnull=True) | Q(left_on__gt=start))

    qs = (
        Household.objects.filter(scheme_id__in=schemes, status__in=REGISTERED)
        .select_related("current_terms", "scheme")
        .annotate(
            is_matchable=Exists(Household.objects.matchable(on=on).filter(pk=OuterRef("pk"))),
            places=Coalesce(F("current_terms__max_people"), Value(0)),
            taken=Coalesce(taken, Value(0)),
            away=Exists(away),
            has_children=Exists(children),
            shared_interests=_array_of_names(HouseholdInterest, "interest", interest_ids),
            shared_languages=_array_of_names(HouseholdLanguage, "language", language_ids),
            approved_for_type=Q(current_terms__support_types__contains=[referral.support_type]),
            approved_for_groups=Q(current_terms__client_groups__contains=groups),
        )
    )
    if profile.carer_gender and profile.carer_gender in Gender.values:
        qs = qs.annotate(
            has_gender=Exists(Carer.objects.filter(household=OuterRef("pk"), gender=profile.carer_gender))
        )
    else:
        qs = qs.annotate(has_gender=Value(True))

    experience = [
        Case(When(experience__contains=[g], then=Value(1)), default=Value(0), output_field=IntegerField())
        for g in groups
    ]
    experience_count = sum(experience[1:], experience[0]) if experience else Value(0)
    faith_match = (
        Case(When(faith=person.faith, then=Value(1)), default=Value(0), output_field=IntegerField())
        if person.faith and person.faith != Faith.NONE
        else Value(0)
    )
    origin = _origin(person, profile)
    if origin:
        distance = Sqrt(
            Power(F("easting") - Value(origin[0]), 2) + Power(F("northing") - Value(origin[1]), 2)
        ) / Value(1000.0)
        closeness = Greatest(Value(0.0), Value(1.0) - distance / Value(float(weights.distance_limit_km)))
        qs = qs.annotate(distance_km=distance)
        closeness_points = Coalesce(closeness * Value(float(weights.weight_distance)), Value(0.0))
    else:
        qs = qs.annotate(distance_km=Value(None, output_field=models.FloatField()))
        closeness_points = Value(0.0)

    blocked = (
        Q(is_matchable=False)
        | Q(approved_for_type=False)
        | Q(approved_for_groups=False)
        | Q(places__lte=F("taken"))
        | Q(away=True)
        | Q(has_gender=False)
    )
    if profile.no_pets:
        blocked |= Q(has_pets=True)
    if profile.no_smoking:
        blocked |= ~Q(smoking=Smoking.NONE)
    if profile.no_children:
        blocked |= Q(has_children=True)
    if profile.needs_level_access:
        blocked |= Q(ground_floor_bedroom=False, level_access=False)

    qs = qs.annotate(
        experience_count=experience_count,
        faith_match=faith_match,
        eligible=Case(
            When(blocked, then=Value(False)), default=Value(True), output_field=models.BooleanField()
        ),
        score=models.ExpressionWrapper(
            _cardinality(F("shared_interests")) * Value(weights.weight_interest)
            + Case(
                When(shared_languages__len__gt=0, then=Value(weights.weight_language)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + F("experience_count") * Value(weights.weight_experience)
            + F("faith_match") * Value(weights.weight_faith)
            + models.functions.Round(closeness_points),
            output_field=IntegerField(),
        ),
    ).order_by("-eligible", "-score", "name", "pk")
    return qs, _Context(
        referral=referral, profile=profile, origin_label=_origin_label(person, profile), start=start
    )


@dataclass
class _Context:
    referral: Referral
    profile: Profile
    origin_label: str
    start: date


def _origin(person, profile) -> tuple[int, int] | None:
    if profile.live_near_easting is not None and profile.live_near_northing is not None:
        return profile.live_near_easting, profile.live_near_northing
    return person.coordinates


def _origin_label(person, profile) -> str:
    if profile.live_near_easting is not None and profile.live_near:
        return f"from {profile.live_near}"
    return "away"


def explain(household: Household, ctx: _Context) -> Candidate:
    """Turn one annotated row into reasons and exclusions a person can read."""
    referral, profile = ctx.referral, ctx.profile
    name = referral.person.known_as
    reasons, excluded = [], []
    interests = household.shared_interests or []
    if interests:
        noun = "interest" if len(interests) == 1 else "interests"
        reasons.append(f"Shares {len(interests)} {noun}: {', '.join(i.lower() for i in interests)}")
    for language in household.shared_languages or []:
        reasons.append(f"Speaks {language}")
    for group in referral.client_groups or []:
        if group in (household.experience or []):
            reasons.append(f"Has supported people with {ClientGroup(group).label.lower()} before")
    if household.faith_match:
        reasons.append(f"Same faith ({Faith(household.faith).label})")
    if household.distance_km is not None:
        reasons.append(f"{household.distance_km:.0f} km {ctx.origin_label}")

    if not household.is_matchable:
        if household.status in APPROVED_STATUSES:
            excluded.append("A mandatory check is missing or has expired")
        else:
            excluded.append(f"Status: {household.get_status_display()}")
    if household.current_terms_id is None or not household.approved_for_type:
        excluded.append(f"Not approved for {SupportType(referral.support_type).label.lower()}")
    if household.current_terms_id is not None and not household.approved_for_groups:
        missing = [g for g in referral.client_groups if g not in household.current_terms.client_groups]
        excluded.append("Not approved for " + ", ".join(ClientGroup(g).label.lower() for g in missing))
    if household.places <= household.taken and household.current_terms_id is not None:
        excluded.append(f"No free place ({household.taken} of {household.places} taken)")
    if household.away:
        excluded.append(f"Not available on {ctx.start:%d %B %Y}")
    if profile.no_pets and household.has_pets:
        excluded.append(f"Has pets; {name} does not want pets")
    if profile.no_smoking and household.smoking != Smoking.NONE:
        excluded.append(f"{household.get_smoking_display()}; {name} wants a smoke-free home")
    if profile.no_children and household.has_children:
        excluded.append(f"Children live there; {name} does not want children in the home")
    if profile.needs_level_access and not (household.ground_floor_bedroom or household.level_access):
        excluded.append(f"No level access or ground-floor bedroom, which {name} needs")
    if not household.has_gender:
        excluded.append(f"No {Gender(profile.carer_gender).label.lower()} carer; {name} prefers one")
    return Candidate(
        household=household,
        score=household.score or 0,
        reasons=reasons,
        excluded_because=excluded,
        distance_km=household.distance_km,
    )


def rank(
    referral: Referral, *, include_neighbours: bool = False, on: date | None = None, limit: int = 200
) -> Ranking:
    qs, ctx = candidates_queryset(referral, include_neighbours=include_neighbours, on=on)
    candidates = [explain(h, ctx) for h in qs[:limit]]
    return Ranking(
        referral=referral,
        shortlist=[c for c in candidates if c.eligible],
        excluded=[c for c in candidates if not c.eligible],
    )
