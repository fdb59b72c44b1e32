"""People supported: the person, their profile (strengths first), languages and interests, their
representatives with any legal authority, capacity assessments, and sign-ins for some of them."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from people.models import (
    AuthorityKind,
    CapacityAssessment,
    CarerGenderPreference,
    LegalAuthority,
    LivingSituation,
    NeedCategory,
    Person,
    PersonLanguage,
    Profile,
    ProfileInterest,
    Representative,
    RepresentativeRole,
)
from sharedlives.accounts.models import User
from sharedlives.choices import ClientGroup, Faith, Funder

from . import words
from .schemes import EMAIL_DOMAIN, SchemeInfo, add_user, person_name
from .world import World

PRONOUNS = {"woman": "she/her", "man": "he/him", "non_binary": "they/them"}
FUNDERS = {
    Funder.COUNCIL: 75,
    Funder.NHS: 8,
    Funder.PERSONAL_BUDGET: 10,
    Funder.PERSONAL_HEALTH_BUDGET: 3,
    Funder.SELF_FUNDED: 4,
}
LIVING = {
    LivingSituation.FAMILY_HOME: 50,
    LivingSituation.SUPPORTED_LIVING: 12,
    LivingSituation.RESIDENTIAL_CARE: 8,
    LivingSituation.OWN_HOME: 12,
    LivingSituation.HOSPITAL: 6,
    LivingSituation.SHARED_LIVES: 5,
    LivingSituation.TEMPORARY: 4,
    LivingSituation.OTHER: 3,
}
RELATIONSHIPS = ["mum", "dad", "sister", "brother", "aunt", "daughter", "son", "cousin", "grandmother"]


@dataclass
class PersonInfo:
    id: int
    scheme: SchemeInfo
    known_as: str
    gender: str
    client_group: str
    decider: str  # "person", "representative" or "best_interests": who says yes for them
    user: int | None = None
    email: str = ""
    welfare_rep: tuple | None = None  # (representative id, family user id or None, basis)
    viewers: list = field(default_factory=list)  # (representative id, user id or None) who may give views
    no_pets: bool = False
    no_smoking: bool = False
    no_children: bool = False
    needs_level: bool = False
    carer_gender: str = ""
    funder: str = ""
    since: date | None = None  # first referred


class Counter:
    def __init__(self):
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _birth_date(world: World, group: str, received: date) -> date:
    if group in (ClientGroup.OLDER_PEOPLE, ClientGroup.DEMENTIA):
        age = world.rng.randint(65, 92)
    elif group == ClientGroup.YOUNG_ADULTS_LEAVING_CARE:
        age = world.rng.randint(18, 24)
    else:
        age = min(80, 18 + int(world.rng.expovariate(1 / 16)))
    return received - timedelta(days=365 * age + world.rng.randint(0, 364))


def build_person(
    world: World, scheme: SchemeInfo, *, group: str, received: date, decider: str | None, users: dict
) -> PersonInfo:
    """One person, first referred on `received`. `decider` forces who decides for them (the samples);
    otherwise capacity is presumed for most and a capacity assessment says otherwise for some."""
    rng = world.rng
    gender = world.pick({"woman": 47, "man": 51, "non_binary": 2})
    first, last = person_name(world, gender)
    known_as = first
    preferred = ""
    if world.chance(0.08):
        preferred = known_as = first[:3] if len(first) > 4 else first
    assessed = decider is not None or world.chance(0.3)
    lacks = decider in ("representative", "best_interests") or (
        decider is None and assessed and world.chance(0.65)
    )
    if decider is None:
        decider = "person" if not lacks else ("representative" if world.chance(0.45) else "best_interests")
    postcode, east, north = rng.choice(scheme.postcodes)
    person_id = world.new_id(Person)
    info = PersonInfo(
        id=person_id,
        scheme=scheme,
        known_as=known_as,
        gender=gender,
        client_group=group,
        decider=decider,
        since=received,
    )
    world.people.append(info)
    info.funder = (
        Funder.NHS if group == ClientGroup.OLDER_PEOPLE and world.chance(0.3) else world.pick(FUNDERS)
    )
    staff = rng.choice(scheme.coordinators)
    if decider == "person" and (users.get("person_forced") or world.chance(0.18)):
        users.pop("person_forced", None)
        info.email = f"person{users['person'].next()}@{EMAIL_DOMAIN}"
        info.user = add_user(
            world,
            scheme_id=scheme.id,
            email=info.email,
            full_name=f"{first} {last}",
            kind=User.Kind.PERSON,
            joined=received,
        )
    place = scheme.name.removesuffix(" Shared Lives")
    world.add(
        Person,
        id=person_id,
        scheme_id=scheme.id,
        first_name=first,
        last_name=last,
        preferred_name=preferred,
        pronouns=PRONOUNS[gender],
        date_of_birth=_birth_date(world, group, received),
        email=info.email,
        phone=f"07700 9{rng.randint(0, 99999):05d}",
        address=f"{rng.randint(1, 200)} {rng.choice(words.STREETS)} {rng.choice(words.STREET_KINDS)}\n"
        f"{place}",
        postcode=postcode,
        easting=east,
        northing=north,
        living_situation=world.pick(LIVING),
        living_situation_note="",
        faith=world.pick({"": 25, Faith.NONE: 35, Faith.CHRISTIAN: 28, Faith.MUSLIM: 8, Faith.OTHER: 4}),
        culture=rng.choice(words.CULTURES),
        funder=info.funder,
        social_worker_name=rng.choice(words.REFERRERS),
        social_worker_team=f"{place} adult social care",
        social_worker_phone="01632 961000",
        social_worker_email="",
        user_id=info.user,
        created_at=world.at(received),
    )
    for language in [world.languages[0], *([rng.choice(world.languages[1:])] if world.chance(0.2) else [])]:
        world.add(PersonLanguage, person_id=person_id, language_id=language)
    _profile(world, info, received)
    if assessed:
        world.add(
            CapacityAssessment,
            person_id=person_id,
            decision=CapacityAssessment.Decision.ARRANGEMENT,
            assessed_on=received - timedelta(days=rng.randint(10, 120)),
            assessor=f"{rng.choice(words.REFERRERS)}, social worker",
            outcome=CapacityAssessment.Outcome.LACKS_CAPACITY
            if lacks
            else CapacityAssessment.Outcome.HAS_CAPACITY,
            note="Decision-specific assessment about where to live, with pictures and time to think.",
            recorded_by_id=staff,
            created_at=world.at(world.past(received)),
        )
    _representatives(world, info, last, received, staff, users)
    return info


def _profile(world: World, info: PersonInfo, received: date) -> None:
    rng = world.rng
    info.no_pets = world.chance(0.15)
    info.no_smoking = world.chance(0.3)
    info.no_children = world.chance(0.08)
    info.needs_level = world.chance(0.1)
    info.carer_gender = world.pick(
        {
            CarerGenderPreference.NO_PREFERENCE: 82,
            CarerGenderPreference.WOMAN: 12,
            CarerGenderPreference.MAN: 6,
        }
    )
    needs = rng.sample(NeedCategory.values, rng.randint(1, 3))
    profile_id = world.add(
        Profile,
        person_id=info.id,
        admired_for=rng.choice(words.ADMIRED_FOR).format(n=info.known_as),
        important_to_me=rng.choice(words.IMPORTANT_TO_ME),
        how_to_support_me=rng.choice(words.HOW_TO_SUPPORT_ME),
        need_categories=sorted(needs, key=NeedCategory.values.index),
        needs_summary=rng.choice(words.NEEDS_SUMMARY).format(n=info.known_as),
        no_pets=info.no_pets,
        no_smoking=info.no_smoking,
        no_children=info.no_children,
        needs_level_access=info.needs_level,
        carer_gender=info.carer_gender,
        live_near="My family" if world.chance(0.3) else "",
        live_near_postcode="",
        live_near_easting=None,
        live_near_northing=None,
        other_preferences="",
        risk_summary=rng.choice(words.RISK_SUMMARY),
        risk_detail="Staff only: history held in the council case record; see the support plan.",
        updated_at=world.at(world.past(received + timedelta(days=rng.randint(10, 60)))),
    )
    for interest in rng.sample(world.interests, rng.randint(2, 5)):
        world.add(ProfileInterest, profile_id=profile_id, interest_id=interest)


def _representatives(world: World, info: PersonInfo, surname: str, received: date, staff: int, users) -> None:
    rng = world.rng
    count = world.pick({0: 30, 1: 45, 2: 20, 3: 5})
    if info.decider == "representative":
        count = max(count, 1)
    for index in range(count):
        deciding = info.decider == "representative" and index == 0
        role = (
            RepresentativeRole.FAMILY
            if deciding
            else world.pick(
                {
                    RepresentativeRole.FAMILY: 80,
                    RepresentativeRole.FRIEND: 8,
                    RepresentativeRole.ADVOCATE: 8,
                    RepresentativeRole.IMCA: 2 if info.decider != "person" else 0,
                    RepresentativeRole.OTHER: 2,
                }
            )
        )
        first, last = person_name(world, world.pick({"woman": 6, "man": 4}))
        if role == RepresentativeRole.FAMILY:
            last = surname
        may_see = deciding or (
            role in (RepresentativeRole.FAMILY, RepresentativeRole.FRIEND) and world.chance(0.6)
        )
        user_id = None
        email = ""
        forced = deciding and users.pop("family_forced", False)
        if may_see and (forced or world.chance(0.5 if deciding else 0.25)):
            email = f"family{users['family'].next()}@{EMAIL_DOMAIN}"
            user_id = add_user(
                world,
                scheme_id=info.scheme.id,
                email=email,
                full_name=f"{first} {last}",
                kind=User.Kind.FAMILY,
                joined=received,
            )
        removed = not deciding and world.chance(0.03)
        created = received - timedelta(days=rng.randint(0, 60))
        rep_id = world.add(
            Representative,
            person_id=info.id,
            full_name=f"{first} {last}",
            role=role,
            relationship=rng.choice(RELATIONSHIPS) if role == RepresentativeRole.FAMILY else role,
            email=email,
            phone=f"07700 9{rng.randint(0, 99999):05d}",
            address="",
            may_see_proposals=may_see,
            note="",
            user_id=user_id,
            removed_at=world.at(world.day_between(received, world.today)) if removed else None,
            removed_by_id=staff if removed else None,
            removed_reason="No longer in touch." if removed else "",
            created_at=world.at(world.past(created)),
        )
        if deciding:
            kind = world.pick({AuthorityKind.HEALTH_WELFARE_LPA: 3, AuthorityKind.WELFARE_DEPUTY: 1})
            checked = created - timedelta(days=rng.randint(0, 200))
            _authority(
                world,
                rep_id,
                kind,
                checked,
                staff,
                expires=None
                if kind == AuthorityKind.HEALTH_WELFARE_LPA
                else checked + timedelta(days=3650 + rng.randint(0, 1800)),
            )
            info.welfare_rep = (
                rep_id,
                user_id,
                "attorney" if kind == AuthorityKind.HEALTH_WELFARE_LPA else "deputy",
            )
        elif not removed and may_see:
            info.viewers.append((rep_id, user_id))
        if not deciding and not removed and world.chance(0.12):
            kind = world.pick(
                {
                    AuthorityKind.PROPERTY_FINANCE_LPA: 2,
                    AuthorityKind.DWP_APPOINTEE: 2,
                    AuthorityKind.FINANCE_DEPUTY: 1,
                }
            )
            _authority(world, rep_id, kind, created, staff, expires=None)
        if info.decider == "best_interests" and not removed and index == 0 and world.chance(0.2):
            # A welfare deputyship that has ended: staff decide in the person's best interests now.
            checked = received - timedelta(days=rng.randint(900, 1500))
            _authority(
                world,
                rep_id,
                AuthorityKind.WELFARE_DEPUTY,
                checked,
                staff,
                expires=received - timedelta(days=rng.randint(150, 400)),
            )


def _authority(world: World, rep_id: int, kind: str, checked: date, staff: int, *, expires) -> None:
    evidence = {
        AuthorityKind.HEALTH_WELFARE_LPA: "Registered health and welfare LPA seen, OPG ref. 7000-0000-{:04d}",
        AuthorityKind.WELFARE_DEPUTY: "Court of Protection order (personal welfare), sealed copy {:04d}",
        AuthorityKind.PROPERTY_FINANCE_LPA: "Registered property and financial affairs LPA seen {:04d}",
        AuthorityKind.FINANCE_DEPUTY: "Court of Protection order (property and affairs) {:04d}",
        AuthorityKind.DWP_APPOINTEE: "DWP appointee letter (BF57) {:04d}",
    }[kind]
    world.add(
        LegalAuthority,
        representative_id=rep_id,
        kind=kind,
        evidence_seen=evidence.format(world.rng.randint(0, 9999)),
        checked_by_id=staff,
        checked_on=checked,
        expires_on=expires,
        note="",
        removed_at=None,
        removed_by_id=None,
        removed_reason="",
        created_at=world.at(world.past(checked)),
    )
