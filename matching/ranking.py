"""Candidate ranking: every registered carer household for a referral, filtered and scored in one SQL query.

Hard filters become boolean columns, so a coordinator can see why a household is left out;
the soft score is a sum of weighted columns, so the database orders and pages the list.
Python only turns the columns into sentences a person can read.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
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
    matchable_on,
)
from people.models import PersonLanguage, Profile, ProfileInterest, Referral
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


PER_PAGE = 20


@dataclass
class Part:
    """One page of the shortlist or of the households left out, with where it sits in the whole."""

    candidates: list[Candidate]
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.candidates) - 1

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


@dataclass
class Ranking:
    referral: Referral
    shortlist_part: Part
    excluded_part: Part
    schemes: list[int]  # the schemes whose households were ranked: the person's first

    @property
    def shortlist(self) -> list[Candidate]:
        return self.shortlist_part.candidates

    @property
    def excluded(self) -> list[Candidate]:
        return self.excluded_part.candidates


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


# The household columns the rules, explain() and the candidates page read; the rest (address,
# "about us"...) stay in the table.
RANKED_FIELDS = (
    "name",
    "scheme_id",
    "status",
    "current_terms_id",
    "experience",
    "faith",
    "has_pets",
    "smoking",
    "ground_floor_bedroom",
    "level_access",
    "easting",
    "northing",
)


def candidates_queryset(
    referral: Referral, *, include_neighbours: bool = False, on: date | None = None, scored: bool = True
):
    """The annotated households for `referral`, best first. Issues a few small lookups, then one query.
    With scored=False the rules are left as SQL in the context (rank() applies them) and the
    queryset is returned as it is, which saves building expressions nobody will read."""
    person = referral.person
    languages = (
        PersonLanguage.objects.filter(person=person).exclude(language__name=ENGLISH).values("language_id")
    )
    # The profile with the ids of its interests and of the person's languages, in one query.
    profile = (
        Profile.objects.filter(person=person)
        .annotate(
            interest_ids=ArraySubquery(
                ProfileInterest.objects.filter(profile=OuterRef("pk")).values("interest_id")
            ),
            language_ids=ArraySubquery(languages),
        )
        .first()
    )
    if profile is None:
        profile = Profile(person=person)
        interest_ids, language_ids = [], [row["language_id"] for row in languages]
    else:
        interest_ids, language_ids = profile.interest_ids, profile.language_ids
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
        .only(*RANKED_FIELDS)
        .annotate(
            # Columns rather than joined objects, so that rank() can page the rows in SQL around them.
            scheme_name=F("scheme__name"),
            terms_client_groups=F("current_terms__client_groups"),
            is_matchable=matchable_on(on),
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

    qs = qs.annotate(experience_count=experience_count, faith_match=faith_match)
    columns = qs
    # The same rules in SQL over the columns above, for rank(), which pages the rows in SQL.
    blocked_sql = [
        "NOT c.is_matchable",
        "c.approved_for_type IS NOT TRUE",
        "c.approved_for_groups IS NOT TRUE",
        "c.places <= c.taken",
        "c.away",
        "NOT c.has_gender",
    ]
    blocked_params: list = []
    if profile.no_pets:
        blocked_sql.append("c.has_pets")
    if profile.no_smoking:
        blocked_sql.append("c.smoking <> %s")
        blocked_params.append(Smoking.NONE.value)
    if profile.no_children:
        blocked_sql.append("c.has_children")
    if profile.needs_level_access:
        blocked_sql.append("(NOT c.ground_floor_bedroom AND NOT c.level_access)")
    score_sql = (
        "(COALESCE(cardinality(c.shared_interests), 0) * %s"
        " + CASE WHEN COALESCE(cardinality(c.shared_languages), 0) > 0 THEN %s ELSE 0 END"
        " + c.experience_count * %s + c.faith_match * %s"
        " + round(COALESCE(GREATEST(0.0, 1.0 - c.distance_km::float8 / %s) * %s, 0.0)))::integer"
    )
    score_params = [
        weights.weight_interest,
        weights.weight_language,
        weights.weight_experience,
        weights.weight_faith,
        float(weights.distance_limit_km),
        float(weights.weight_distance),
    ]

    context = _Context(
        referral=referral,
        profile=profile,
        origin_label=_origin_label(person, profile),
        start=start,
        schemes=schemes,
        columns=columns,
        eligible_sql=f"NOT ({' OR '.join(blocked_sql)})",
        eligible_params=blocked_params,
        score_sql=score_sql,
        score_params=score_params,
    )
    if not scored:
        return qs, context
    qs = qs.annotate(
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
    return qs, context


@dataclass
class _Context:
    referral: Referral
    profile: Profile
    origin_label: str
    start: date
    schemes: list[int]
    # The households with every column the rules read, and the rules as SQL over them (see rank()).
    columns: models.QuerySet | None = None
    eligible_sql: str = ""
    eligible_params: list = field(default_factory=list)
    score_sql: str = ""
    score_params: list = field(default_factory=list)


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
        missing = [g for g in referral.client_groups if g not in (household.terms_client_groups or [])]
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
    referral: Referral,
    *,
    include_neighbours: bool = False,
    on: date | None = None,
    page: int = 1,
    excluded_page: int = 1,
    per_page: int = PER_PAGE,
) -> Ranking:
    """One page of the shortlist and one page of the households left out, with the size of each,
    in one query whatever the number of households: the ranking query is wrapped so that each row
    is numbered within its group (shortlisted or left out) and only the rows of the two pages asked
    for come back. A page past the end shows the first."""
    _qs, ctx = candidates_queryset(referral, include_neighbours=include_neighbours, on=on, scored=False)
    inner, inner_params = ctx.columns.order_by().query.sql_with_params()
    numbered = f"""
        SELECT * FROM (
            SELECT s.*,
                   row_number() OVER (
                       PARTITION BY s.eligible ORDER BY s.score DESC, s.name, s.id
                   ) AS position,
                   count(*) OVER (PARTITION BY s.eligible) AS group_total
            FROM (
                SELECT c.*, {ctx.eligible_sql} AS eligible, {ctx.score_sql} AS score FROM ({inner} OFFSET 0) c
            ) s
        ) n
        WHERE (n.eligible AND n.position > %s AND n.position <= %s)
           OR (NOT n.eligible AND n.position > %s AND n.position <= %s)
        ORDER BY n.eligible DESC, n.position
    """
    params = [*ctx.eligible_params, *ctx.score_params, *inner_params]

    def fetch(page: int, excluded_page: int):
        bounds = [
            (page - 1) * per_page,
            page * per_page,
            (excluded_page - 1) * per_page,
            excluded_page * per_page,
        ]
        rows = list(Household.objects.raw(numbered, [*params, *bounds]))
        return [r for r in rows if r.eligible], [r for r in rows if not r.eligible]

    page, excluded_page = max(1, page), max(1, excluded_page)
    eligible, left_out = fetch(page, excluded_page)
    if (page > 1 and not eligible) or (excluded_page > 1 and not left_out):
        page = page if eligible else 1
        excluded_page = excluded_page if left_out else 1
        eligible, left_out = fetch(page, excluded_page)
    return Ranking(
        referral=referral,
        schemes=ctx.schemes,
        shortlist_part=Part(
            [explain(h, ctx) for h in eligible], eligible[0].group_total if eligible else 0, page, per_page
        ),
        excluded_part=Part(
            [explain(h, ctx) for h in left_out],
            left_out[0].group_total if left_out else 0,
            excluded_page,
            per_page,
        ),
    )
