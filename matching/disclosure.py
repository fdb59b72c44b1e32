"""What each side of a proposal may see of the other, built from explicit field lists.

Nothing reaches a portal page except what these functions return, so a new model field
can never leak by accident. Never included: surnames, dates of birth, addresses, phone
numbers, emails, health or risk detail, checks, or anyone's reasons for saying no.

Photos are included only once staff have approved them; the person's own photo only from
introductions on (files.PERSON_PHOTO_FROM), the same rule that lets the carer open its file.
"""

from dataclasses import dataclass, field

from carers.models import Household, HouseholdMember
from people.models import Person, Profile
from sharedlives.choices import SupportType
from sharedlives.files.selectors import approved_photos
from sharedlives.geo import postcode_district

from .files import PERSON_PHOTO_FROM
from .models import MatchProposal


@dataclass
class Shown:
    """A profile as (label, value, is_list) lines; values are text or lists of text. `photos` are
    the approved photos the other side may see, the main one first (none: the initials are shown)."""

    title: str
    initials: str
    lines: list[tuple[str, object, bool]] = field(default_factory=list)
    photos: list = field(default_factory=list)

    def add(self, label: str, value) -> None:
        if value:
            self.lines.append((label, value, isinstance(value, list)))


def person_profile_for_carer(proposal: MatchProposal) -> Shown:
    """The person's matching profile: preferred name, age band, support wanted, strengths,
    interests, needs summary, deal-breakers, postcode district; and their approved photo once the
    proposal is at introductions or beyond, never before."""
    person: Person = proposal.person
    profile = Profile.objects.filter(person=person).first()
    shown = Shown(title=person.known_as, initials=person.known_as[:1].upper())
    if proposal.status in PERSON_PHOTO_FROM:
        shown.photos = approved_photos(person)
    shown.add("Age", person.age_band())
    shown.add("Support wanted", SupportType(proposal.support_type).label)
    shown.add("Area", postcode_district(person.postcode))
    if profile:
        shown.add("What people like and admire about me", profile.admired_for)
        shown.add("What is important to me", profile.important_to_me)
        shown.add("How best to support me", profile.how_to_support_me)
        shown.add("Interests", [i.name for i in profile.interests.all()])
        shown.add("Support needs", profile.needs_summary)
        shown.add("Must haves", profile.deal_breakers)
    return shown


def household_profile_for_person(proposal: MatchProposal) -> Shown:
    """The household's profile: carers' first names, about us, who lives there, the home,
    interests, languages, postcode district, and the household's approved photos."""
    household: Household = proposal.household
    first_names = [c.first_name for c in household.carers.order_by("position", "pk")]
    title = " and ".join(first_names) if first_names else "A Shared Lives household"
    shown = Shown(title=title, initials="".join(n[:1] for n in first_names[:2]).upper() or "SL")
    shown.photos = approved_photos(household)
    shown.add("About us", household.about_us)
    members = HouseholdMember.objects.living_there().filter(household=household)
    shown.add(
        "Who else lives here", [f"{m.relationship} ({m.get_age_band_display().lower()})" for m in members]
    )
    shown.add("Our home", _home_lines(household))
    shown.add("We like", [i.name for i in household.interests.all()])
    shown.add("We speak", [language.name for language in household.languages.all()])
    shown.add("Area", postcode_district(household.postcode))
    return shown


def _home_lines(household: Household) -> list[str]:
    lines = []
    if household.spare_rooms:
        lines.append(f"{household.spare_rooms} spare room{'s' if household.spare_rooms != 1 else ''}")
    if household.ground_floor_bedroom:
        lines.append("A bedroom on the ground floor")
    if household.level_access:
        lines.append("No steps to the front door")
    if household.adapted_bathroom:
        lines.append("An adapted bathroom")
    if household.hoist:
        lines.append("A hoist")
    lines.append(
        f"Pets: {household.pets}"
        if household.has_pets and household.pets
        else "Pets"
        if household.has_pets
        else "No pets"
    )
    lines.append(household.get_smoking_display())
    return lines
