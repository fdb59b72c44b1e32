"""Candidate ranking: every registered carer household for a referral, filtered and scored in one SQL query.

Hard filters become boolean columns, so a coordinator can see why a household is left out;
the soft score is a sum of weighted columns, so the database orders and pages the list.
Python only turns the columns into sentences a person can read.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils import timezone

from arrangements import places
from carers.models import (
    APPROVED_STATUSES,
    CHILD_AGE_BANDS,
    Household,
    HouseholdStatus,
    Smoking,
)
from people.models import PersonLanguage, Profile, ProfileInterest, Referral
from sharedlives.accounts.models import Scheme
from sharedlives.choices import ClientGroup, Faith, Gender, SupportType

from .models import OPEN_STATUSES, MatchingSettings

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
    photo: object | None = None  # the household's main approved photo, when the page asks for it

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


class _Params:
    """Positional parameters collected in the order their placeholders appear in the SQL."""

    def __init__(self):
        self.values: list = []

    def __call__(self, value, cast: str = "") -> str:
        self.values.append(value)
        return f"%s{cast}"


def _columns_sql(
    *,
    schemes: list[int],
    on: date,
    start: date,
    support_type: str,
    groups: list[str],
    interest_ids: list[int],
    language_ids: list[int],
    carer_gender: str,
    faith: str,
    origin: tuple[int, int] | None,
    no_children: bool,
) -> tuple[str, list]:
    """The SELECT of every registered household of `schemes` with one column per rule and per
    reason: what rank() numbers and pages and what explain() turns into sentences. Hand-written
    rather than built with the ORM: building it cost more than running it (a dozen subqueries and
    expressions, rebuilt on every request)."""
    p = _Params()

    # Each fragment adds its parameters when called, so call them where they appear in the SQL.
    def has_gender() -> str:
        if not carer_gender:
            return "TRUE"
        carers = "SELECT 1 FROM carers_carer cr WHERE cr.household_id = h.id"
        return f"EXISTS ({carers} AND cr.gender = {p(carer_gender)})"

    def distance() -> str:
        if not origin:
            return "NULL::float8"
        return f"sqrt(power(h.easting - {p(origin[0])}, 2) + power(h.northing - {p(origin[1])}, 2)) / 1000.0"

    def experience() -> str:
        cases = [f"CASE WHEN h.experience @> {p([g], '::varchar[]')} THEN 1 ELSE 0 END" for g in groups]
        return " + ".join(cases) or "0"

    def faith_match() -> str:
        return f"CASE WHEN h.faith = {p(faith)} THEN 1 ELSE 0 END" if faith else "0"

    # Only counted here, for the score: the names are read for the rows shown (_shown_sql).
    def shared_interest_count() -> str:
        if not interest_ids:
            return "0"
        return f"""(SELECT count(*) FROM carers_householdinterest hi
                 WHERE hi.household_id = h.id AND hi.interest_id = ANY({p(interest_ids, "::bigint[]")}))"""

    def speaks_language() -> str:
        if not language_ids:
            return "FALSE"
        return f"""EXISTS (SELECT 1 FROM carers_householdlanguage hl
                 WHERE hl.household_id = h.id AND hl.language_id = ANY({p(language_ids, "::bigint[]")}))"""

    # Read only when the person does not want children in the home: it is the one rule that
    # looks at every household member.
    def has_children() -> str:
        if not no_children:
            return "FALSE"
        return f"""EXISTS (SELECT 1 FROM carers_householdmember m
                 WHERE m.household_id = h.id AND m.age_band = ANY({p(list(CHILD_AGE_BANDS))})
                   AND (m.left_on IS NULL OR m.left_on > {p(start)}))"""

    # The places rule (arrangements.places), over the days confirming or booking would check; the
    # number shown is read for the rows shown (_shown_sql).
    first_day, last_day = places.window_for(support_type, start)
    window = f"DATE '{first_day.isoformat()}'", f"DATE '{last_day.isoformat()}'"
    sql = f"""
        SELECT h.id, h.name, h.scheme_id, h.status, h.current_terms_id, h.experience, h.faith,
               h.has_pets, h.smoking, h.ground_floor_bedroom, h.level_access,
               s.name AS scheme_name,
               t.client_groups AS terms_client_groups,
               (h.matchable_until IS NOT NULL AND h.matchable_until >= {p(on)}) AS is_matchable,
               COALESCE(t.max_people, 0) AS places,
               {places.peak_sql("h.id", *window)} >= COALESCE(t.max_people, 0) AS is_full,
               EXISTS (SELECT 1 FROM carers_availability v
                 WHERE v.household_id = h.id AND v.starts_on <= {p(start)} AND v.ends_on >= {p(start)}
               ) AS away,
               {has_children()} AS has_children,
               {shared_interest_count()} AS shared_interest_count,
               {speaks_language()} AS speaks_language,
               t.support_types @> {p([support_type], "::varchar[]")} AS approved_for_type,
               t.client_groups @> {p(groups, "::varchar[]")} AS approved_for_groups,
               {has_gender()} AS has_gender,
               {distance()} AS distance_km,
               {experience()} AS experience_count,
               {faith_match()} AS faith_match
          FROM carers_household h
          JOIN accounts_scheme s ON s.id = h.scheme_id
          LEFT JOIN carers_approvalterms t ON t.id = h.current_terms_id
         WHERE h.scheme_id = ANY({p(schemes, "::bigint[]")}) AND h.status = ANY({p(list(REGISTERED))})
    """
    return sql, p.values


def _shown_sql(alias: str, ctx: "_Context") -> tuple[str, list]:
    """Columns read only for the rows of `alias` that are shown: the names of the interests and
    languages a household shares with the person (the reasons explain() gives), whether the
    referral already has an open proposal to it, and the most people it has on any day the new
    arrangement would need a place (the places rule)."""
    sql = f"""
        ARRAY(SELECT i.name FROM carers_householdinterest hi
                 JOIN reference_interest i ON i.id = hi.interest_id
               WHERE hi.household_id = {alias}.id AND hi.interest_id = ANY(%s::bigint[])
               ORDER BY i.name) AS shared_interests,
        ARRAY(SELECT l.name FROM carers_householdlanguage hl
                 JOIN reference_language l ON l.id = hl.language_id
               WHERE hl.household_id = {alias}.id AND hl.language_id = ANY(%s::bigint[])
               ORDER BY l.name) AS shared_languages,
        EXISTS (SELECT 1 FROM matching_matchproposal mp
                 WHERE mp.referral_id = %s AND mp.household_id = {alias}.id AND mp.status = ANY(%s)
               ) AS already_proposed,
        matching_peak({alias}.id, %s, %s) AS taken
    """
    first_day, last_day = places.window_for(ctx.referral.support_type, ctx.start)
    return sql, [
        ctx.interest_ids,
        ctx.language_ids,
        ctx.referral.pk,
        list(OPEN_STATUSES),
        first_day,
        last_day,
    ]


def _context(referral: Referral, *, include_neighbours: bool = False, on: date | None = None) -> "_Context":
    """What ranking `referral` needs: the person's profile, the scheme's weights and the candidate
    query with its rules and score as SQL. A few small lookups (profile, settings, neighbours)."""
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
    day = on or date.today()
    start = referral.wanted_from if referral.wanted_from and referral.wanted_from > day else day

    columns_sql, columns_params = _columns_sql(
        schemes=schemes,
        on=on or timezone.localdate(),
        start=start,
        support_type=referral.support_type,
        groups=list(referral.client_groups or []),
        interest_ids=interest_ids,
        language_ids=language_ids,
        carer_gender=profile.carer_gender if profile.carer_gender in Gender.values else "",
        faith=person.faith if person.faith and person.faith != Faith.NONE else "",
        origin=_origin(person, profile),
        no_children=profile.no_children,
    )
    # The hard filters and the soft score, over the columns above.
    blocked_sql = [
        "NOT c.is_matchable",
        "c.approved_for_type IS NOT TRUE",
        "c.approved_for_groups IS NOT TRUE",
        "c.is_full",
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
        "(c.shared_interest_count * %s"
        " + CASE WHEN c.speaks_language THEN %s ELSE 0 END"
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
    return _Context(
        referral=referral,
        profile=profile,
        origin_label=_origin_label(person, profile),
        start=start,
        schemes=schemes,
        interest_ids=interest_ids,
        language_ids=language_ids,
        columns_sql=columns_sql,
        columns_params=columns_params,
        eligible_sql=f"NOT ({' OR '.join(blocked_sql)})",
        eligible_params=blocked_params,
        score_sql=score_sql,
        score_params=score_params,
    )


def _scored_sql(ctx: "_Context") -> tuple[str, list]:
    """Every candidate row with its `eligible` and `score` columns."""
    sql = (
        f"SELECT c.*, {ctx.eligible_sql} AS eligible, {ctx.score_sql} AS score"
        f" FROM ({ctx.columns_sql} OFFSET 0) c"
    )
    return sql, [*ctx.eligible_params, *ctx.score_params, *ctx.columns_params]


def candidate(
    referral: Referral, household_id: int, *, include_neighbours: bool = True, on: date | None = None
) -> Candidate | None:
    """One household as the ranking sees it for `referral` (with its score, reasons and what
    leaves it out), or None when it is not a candidate at all (another scheme, not registered)."""
    ctx = _context(referral, include_neighbours=include_neighbours, on=on)
    sql, params = _scored_sql(ctx)
    names, names_params = _shown_sql("r", ctx)
    rows = list(
        Household.objects.raw(
            f"SELECT r.*, {names} FROM ({sql}) r WHERE r.id = %s", [*names_params, *params, household_id]
        )
    )
    return explain(rows[0], ctx) if rows else None


@dataclass
class _Context:
    referral: Referral
    profile: Profile
    origin_label: str
    start: date
    schemes: list[int]
    interest_ids: list[int] = field(default_factory=list)
    language_ids: list[int] = field(default_factory=list)
    # The households with every column the rules read, and the rules as SQL over them (see rank()).
    columns_sql: str = ""
    columns_params: list = field(default_factory=list)
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
    if household.is_full and household.current_terms_id is not None:
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
    ctx = _context(referral, include_neighbours=include_neighbours, on=on)
    scored, params = _scored_sql(ctx)
    names, names_params = _shown_sql("n", ctx)
    numbered = f"""
        SELECT n.*, {names} FROM (
            SELECT s.*,
                   row_number() OVER (
                       PARTITION BY s.eligible ORDER BY s.score DESC, s.name, s.id
                   ) AS position,
                   count(*) OVER (PARTITION BY s.eligible) AS group_total
            FROM ({scored}) s
        ) n
        WHERE (n.eligible AND n.position > %s AND n.position <= %s)
           OR (NOT n.eligible AND n.position > %s AND n.position <= %s)
        ORDER BY n.eligible DESC, n.position
    """

    def fetch(page: int, excluded_page: int):
        bounds = [
            (page - 1) * per_page,
            page * per_page,
            (excluded_page - 1) * per_page,
            excluded_page * per_page,
        ]
        rows = list(Household.objects.raw(numbered, [*names_params, *params, *bounds]))
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
