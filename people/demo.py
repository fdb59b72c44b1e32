"""Demo people: referrals in every status, representatives with and without legal authority,
one person assessed as lacking capacity, the demo person and family logins linked, and two people
with a photo of their own.

Idempotent: a person who already exists (same scheme and name) is left as they are (their photo is
added if they have none).
Puts `people` (full name -> Person) into ctx for later steps.
"""

from datetime import date, timedelta

from django.utils import timezone

from sharedlives.choices import ClientGroup, Faith, Funder, SupportType
from sharedlives.files import demo as pictures
from sharedlives.files import services as files
from sharedlives.files.models import Photo
from sharedlives.reference.models import Interest, Language, Postcode

from . import services
from .models import (
    AuthorityKind,
    CapacityAssessment,
    CarerGenderPreference,
    ClosedReason,
    LivingSituation,
    NeedCategory,
    Person,
    Referral,
    RepresentativeRole,
    Urgency,
)

S = Referral.Status
FALLBACK_POSTCODES = ["NS1 4AB", "NS1 7DQ", "NS2 3HX", "NS2 8LT", "NS3 1PA", "NS3 6RW", "NS4 2EG", "NS5 9JN"]

# fmt: off
# first, last, preferred, pronouns, born, funder, living now, support, status (closed reason),
# days since received, urgency, client groups, interests, languages, faith
NORTHSHIRE = [
    ("Daniel", "Hughes", "Dan", "he/him", date(1994, 5, 12), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.LONG_TERM, S.MATCHING, 70, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Football", "Cooking", "Trains and transport"], ["English"], Faith.NONE),
    ("Rose", "Hughes", "", "she/her", date(1958, 9, 3), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.LONG_TERM, S.MATCHING, 95, Urgency.SOON, [ClientGroup.DEMENTIA, ClientGroup.OLDER_PEOPLE],
     ["Gardening", "Singing", "Church or faith group"], ["English"], Faith.CHRISTIAN),
    ("Amira", "Begum", "", "she/her", date(2001, 2, 17), Funder.PERSONAL_BUDGET, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.RECEIVED, 3, Urgency.ROUTINE, [ClientGroup.AUTISM],
     ["Art and crafts", "Music"], ["English", "Bengali"], Faith.MUSLIM),
    ("Owen", "Price", "", "he/him", date(1988, 11, 2), Funder.COUNCIL, LivingSituation.SUPPORTED_LIVING,
     SupportType.DAY_SUPPORT, S.RECEIVED, 10, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Bowling", "Computer games"], ["English"], Faith.NONE),
    ("Grace", "Okafor", "", "she/her", date(1979, 7, 21), Funder.COUNCIL, LivingSituation.RESIDENTIAL_CARE,
     SupportType.LONG_TERM, S.SCREENING, 20, Urgency.ROUTINE, [ClientGroup.MENTAL_HEALTH],
     ["Reading", "Walking"], ["English"], Faith.CHRISTIAN),
    ("Liam", "Doyle", "", "he/him", date(1999, 3, 30), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.SCREENING, 35, Urgency.ROUTINE, [ClientGroup.AUTISM],
     ["Swimming", "Trains and transport"], ["English"], Faith.NONE),
    ("Maya", "Kowalski", "", "she/her", date(1990, 1, 8), Funder.COUNCIL, LivingSituation.OWN_HOME,
     SupportType.LONG_TERM, S.ASSESSMENT, 45, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Baking", "Dancing"], ["Polish", "English"], Faith.CHRISTIAN),
    ("Joseph", "Adeyemi", "Joe", "he/him", date(1985, 6, 14), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.DAY_SUPPORT, S.ASSESSMENT, 60, Urgency.ROUTINE, [ClientGroup.PHYSICAL_DISABILITY],
     ["Football", "Music"], ["English"], Faith.CHRISTIAN),
    ("Sophie", "Turner", "", "she/her", date(1956, 4, 4), Funder.NHS, LivingSituation.HOSPITAL,
     SupportType.INTERMEDIATE_CARE, S.ASSESSMENT, 12, Urgency.URGENT, [ClientGroup.OLDER_PEOPLE],
     ["Knitting", "TV and films"], ["English"], Faith.CHRISTIAN),
    ("Harvey", "Collins", "", "he/him", date(1997, 12, 1), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.MATCHING, 80, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Animals", "Nature walks"], ["English"], Faith.NONE),
    ("Aisha", "Rahman", "", "she/her", date(1992, 8, 19), Funder.PERSONAL_HEALTH_BUDGET,
     LivingSituation.HOSPITAL,
     SupportType.LONG_TERM, S.MATCHING, 120, Urgency.SOON, [ClientGroup.AUTISM, ClientGroup.MENTAL_HEALTH],
     ["Photography", "Puzzles"], ["Bengali", "English"], Faith.MUSLIM),
    ("Ben", "Walsh", "", "he/him", date(2003, 10, 23), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.DAY_SUPPORT, S.MATCHING, 150, Urgency.ROUTINE, [ClientGroup.YOUNG_ADULTS_LEAVING_CARE],
     ["Cycling", "DIY"], ["English"], Faith.NONE),
    ("Chloe", "Edwards", "", "she/her", date(1983, 5, 5), Funder.COUNCIL, LivingSituation.SHARED_LIVES,
     SupportType.LONG_TERM, S.MATCHED, 200, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Shopping", "Drama"], ["English"], Faith.NONE),
    ("Ethan", "Morgan", "", "he/him", date(1995, 2, 28), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.MATCHED, 240, Urgency.ROUTINE, [ClientGroup.AUTISM],
     ["Rugby", "Computer games"], ["Welsh", "English"], Faith.NONE),
    ("Fatima", "Ali", "", "she/her", date(1976, 9, 9), Funder.SELF_FUNDED, LivingSituation.OWN_HOME,
     SupportType.DAY_SUPPORT, S.MATCHED, 300, Urgency.ROUTINE, [ClientGroup.PHYSICAL_DISABILITY],
     ["Cooking", "Yoga"], ["Arabic", "English"], Faith.MUSLIM),
    ("George", "Bennett", "", "he/him", date(1970, 3, 3), Funder.COUNCIL, LivingSituation.SUPPORTED_LIVING,
     SupportType.LONG_TERM, (S.CLOSED, ClosedReason.WITHDRAWN), 100, Urgency.ROUTINE,
     [ClientGroup.LEARNING_DISABILITY], ["Fishing", "Going to the pub"], ["English"], Faith.NONE),
    ("Hannah", "Lewis", "", "she/her", date(1998, 7, 7), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, (S.CLOSED, ClosedReason.UNSUITABLE), 130, Urgency.ROUTINE,
     [ClientGroup.MENTAL_HEALTH], ["Reading", "Yoga"], ["English"], Faith.NONE),
    ("Isaac", "Wright", "", "he/him", date(1987, 1, 19), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.LONG_TERM, (S.CLOSED, ClosedReason.NO_CARER_FOUND), 365, Urgency.ROUTINE,
     [ClientGroup.LEARNING_DISABILITY], ["Board games", "Live music"], ["English"], Faith.JEWISH),
    ("Jade", "Thompson", "", "she/her", date(2000, 6, 30), Funder.COUNCIL, LivingSituation.TEMPORARY,
     SupportType.EMERGENCY, S.RECEIVED, 1, Urgency.EMERGENCY, [ClientGroup.LEARNING_DISABILITY],
     ["Dancing", "Shopping"], ["English"], Faith.NONE),
    ("Kieran", "Murphy", "", "he/him", date(1960, 12, 12), Funder.NHS, LivingSituation.HOSPITAL,
     SupportType.INTERMEDIATE_CARE, S.SCREENING, 5, Urgency.URGENT, [ClientGroup.OLDER_PEOPLE],
     ["Museums", "Walking"], ["Irish", "English"], Faith.CHRISTIAN),
    ("Lily", "Evans", "", "she/her", date(1993, 4, 16), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.LONG_TERM, S.MATCHING, 50, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Baking", "Animals"], ["English"], Faith.NONE),
    ("Mohammed", "Hussain", "Mo", "he/him", date(1996, 11, 11), Funder.PERSONAL_BUDGET,
     LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.ASSESSMENT, 25, Urgency.ROUTINE, [ClientGroup.AUTISM],
     ["Football", "Computer games"], ["Urdu", "English"], Faith.MUSLIM),
    ("Nia", "Jones", "", "she/her", date(2002, 3, 1), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.DAY_SUPPORT, S.RECEIVED, 8, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Singing", "Art and crafts"], ["Welsh", "English"], Faith.CHRISTIAN),
    ("Patrick", "O'Brien", "Paddy", "he/him", date(1982, 8, 8), Funder.COUNCIL,
     LivingSituation.SUPPORTED_LIVING,
     SupportType.SHORT_BREAK, S.MATCHING, 40, Urgency.ROUTINE, [ClientGroup.MENTAL_HEALTH],
     ["Fishing", "Days out"], ["English"], Faith.CHRISTIAN),
    ("Ruth", "Green", "", "she/her", date(1950, 2, 14), Funder.NHS, LivingSituation.OWN_HOME,
     SupportType.INTERMEDIATE_CARE, S.MATCHED, 45, Urgency.URGENT, [ClientGroup.OLDER_PEOPLE],
     ["Knitting", "Gardening"], ["English"], Faith.CHRISTIAN),
]

RIVERSIDE = [
    ("Sam", "Rivers", "", "they/them", date(1991, 5, 25), Funder.COUNCIL, LivingSituation.FAMILY_HOME,
     SupportType.SHORT_BREAK, S.RECEIVED, 6, Urgency.ROUTINE, [ClientGroup.AUTISM],
     ["Photography"], ["English"], Faith.NONE),
    ("Tara", "Brook", "", "she/her", date(1984, 10, 10), Funder.COUNCIL, LivingSituation.SUPPORTED_LIVING,
     SupportType.LONG_TERM, S.MATCHING, 90, Urgency.ROUTINE, [ClientGroup.LEARNING_DISABILITY],
     ["Swimming"], ["English"], Faith.NONE),
    ("Usman", "Khan", "", "he/him", date(1979, 1, 1), Funder.NHS, LivingSituation.HOSPITAL,
     SupportType.INTERMEDIATE_CARE, S.SCREENING, 9, Urgency.URGENT, [ClientGroup.OLDER_PEOPLE],
     ["Walking"], ["Urdu", "English"], Faith.MUSLIM),
]

# fmt: on

PATH = [S.SCREENING, S.ASSESSMENT, S.MATCHING, S.MATCHED]


def _postcodes() -> list[str]:
    known = list(Postcode.objects.order_by("postcode").values_list("postcode", flat=True)[:40])
    return known or FALLBACK_POSTCODES


def _advance(referral: Referral, target, by) -> None:
    status, reason = target if isinstance(target, tuple) else (target, None)
    steps = PATH[: PATH.index(status) + 1] if status in PATH else PATH[:1]
    for step in steps:
        services.REFERRAL_MOVES[step](referral_id=referral.pk, by=by)
    if reason:
        services.referral_close(referral_id=referral.pk, reason=reason, by=by, note="Demo data")


def _person(row, *, scheme, by, postcode: str, index: int) -> tuple[Person, bool]:
    (
        first,
        last,
        preferred,
        pronouns,
        born,
        funder,
        living,
        support,
        status,
        days,
        urgency,
        groups,
        interests,
        languages,
        faith,
    ) = row
    existing = Person.objects.filter(scheme=scheme, first_name=first, last_name=last).first()
    if existing:
        return existing, False
    today = timezone.localdate()
    person = services.person_create(
        scheme=scheme,
        by=by,
        first_name=first,
        last_name=last,
        preferred_name=preferred,
        pronouns=pronouns,
        date_of_birth=born,
        email="",
        phone=f"07700 900{index:03d}",
        address=f"{index + 1} Demo Street\nNorthtown",
        postcode=postcode,
        living_situation=living,
        funder=funder,
        faith=faith,
        social_worker_name="Sam Lee",
        social_worker_team=f"{scheme.name.split()[0]} adult social care",
        languages=Language.objects.filter(name__in=languages),
    )
    known_as = preferred or first
    services.profile_update(
        person_id=person.pk,
        by=by,
        admired_for=f"{known_as} is kind, funny and loyal, and always notices how other people feel.",
        important_to_me=f"Seeing my family. Doing {interests[0].lower()} every week. Having my own room.",
        how_to_support_me="Explain plans in advance and give me time to answer. Use short sentences.",
        interests=Interest.objects.filter(name__in=interests),
        need_categories=[NeedCategory.DAILY_LIVING, NeedCategory.COMMUNICATION][: 1 + index % 2],
        needs_summary=f"{known_as} needs prompting with cooking and money, and help with new places.",
        no_pets=index % 4 == 0,
        no_smoking=index % 3 == 0,
        no_children=index % 5 == 4,
        needs_level_access=index % 6 == 5,
        carer_gender=[CarerGenderPreference.NO_PREFERENCE, CarerGenderPreference.WOMAN][index % 5 == 1],
        live_near="My family" if index % 2 else "",
        risk_summary="Can find crowds and loud places hard; leaves the room when it is too much.",
        risk_detail="Staff only: history held in the council case record; see the support plan.",
    )
    referral = services.referral_create(
        person_id=person.pk,
        by=by,
        support_type=support,
        client_groups=groups,
        wanted_from=today + timedelta(days=30),
        frequency="" if support == SupportType.LONG_TERM else "One weekend a month",
        reasons=f"{known_as} would like more independence and a settled place with people who know them.",
        urgency=urgency,
        referrer_name="Sam Lee",
        referrer_organisation=f"{scheme.name.split()[0]} adult social care",
        documents_noted="Care act assessment; support plan.",
        received_on=today - timedelta(days=days),
    )
    _advance(referral, status, by)
    return person, True


def _northshire_extras(people: dict, *, by, users: dict) -> None:
    """Representatives, authority and capacity for the Northshire people created this run."""
    today = timezone.localdate()

    def rep(name, **fields):
        return services.representative_create(person_id=people[name].pk, by=by, **fields)

    if "Daniel Hughes" in people:
        daniel = people["Daniel Hughes"]
        daniel.user = users.get("person@demo.sharedlives.test")
        daniel.email = "person@demo.sharedlives.test"
        daniel.save(update_fields=["user", "email"])
        rep(
            "Daniel Hughes",
            full_name="Tom Hughes",
            relationship="brother",
            email="family.views@demo.sharedlives.test",
            may_see_proposals=True,
            user=users.get("family.views@demo.sharedlives.test"),
        )
    if "Rose Hughes" in people:
        rose = people["Rose Hughes"]
        helen = rep(
            "Rose Hughes",
            full_name="Helen Hughes",
            relationship="daughter",
            email="family.authority@demo.sharedlives.test",
            may_see_proposals=True,
            user=users.get("family.authority@demo.sharedlives.test"),
        )
        services.authority_record(
            representative_id=helen.pk,
            by=by,
            kind=AuthorityKind.HEALTH_WELFARE_LPA,
            evidence_seen="Registered health and welfare LPA seen, OPG reference 7000-0000-1234",
            checked_on=today - timedelta(days=400),
        )
        pete = rep("Rose Hughes", full_name="Pete Hughes", relationship="son", phone="07700 900500")
        services.authority_record(
            representative_id=pete.pk,
            by=by,
            kind=AuthorityKind.PROPERTY_FINANCE_LPA,
            evidence_seen="Registered property and financial affairs LPA seen",
            checked_on=today - timedelta(days=400),
        )
        services.capacity_assessment_record(
            person_id=rose.pk,
            by=by,
            decision=CapacityAssessment.Decision.ARRANGEMENT,
            assessed_on=today - timedelta(days=60),
            assessor="Sam Lee, social worker",
            outcome=CapacityAssessment.Outcome.LACKS_CAPACITY,
            note="Rose could not retain or weigh the information about moving, even with pictures and time.",
        )
    if "Maya Kowalski" in people:
        services.capacity_assessment_record(
            person_id=people["Maya Kowalski"].pk,
            by=by,
            decision=CapacityAssessment.Decision.ARRANGEMENT,
            assessed_on=today - timedelta(days=30),
            assessor="Sam Lee, social worker",
            outcome=CapacityAssessment.Outcome.HAS_CAPACITY,
            note="Maya understood the options and explained her choice in her own words.",
        )
    if "Aisha Rahman" in people:
        rep(
            "Aisha Rahman",
            full_name="Jo Patel",
            role=RepresentativeRole.ADVOCATE,
            relationship="advocate",
            phone="07700 900600",
        )
    if "Grace Okafor" in people:
        rep("Grace Okafor", full_name="Chris Doe", role=RepresentativeRole.IMCA, relationship="IMCA")
    if "Ben Walsh" in people:
        mum = rep("Ben Walsh", full_name="Karen Walsh", relationship="mum", may_see_proposals=True)
        services.authority_record(
            representative_id=mum.pk,
            by=by,
            kind=AuthorityKind.DWP_APPOINTEE,
            evidence_seen="DWP appointee letter (BF57)",
            checked_on=today - timedelta(days=90),
        )
    if "Chloe Edwards" in people:
        dad = rep("Chloe Edwards", full_name="Mark Edwards", relationship="dad", may_see_proposals=True)
        services.authority_record(
            representative_id=dad.pk,
            by=by,
            kind=AuthorityKind.WELFARE_DEPUTY,
            evidence_seen="Court of Protection order (personal welfare), sealed copy",
            checked_on=today - timedelta(days=800),
            expires_on=today - timedelta(days=30),
        )
    if "Lily Evans" in people:
        sister = rep("Lily Evans", full_name="Megan Evans", relationship="sister", may_see_proposals=True)
        lpa = services.authority_record(
            representative_id=sister.pk,
            by=by,
            kind=AuthorityKind.HEALTH_WELFARE_LPA,
            evidence_seen="Copy of LPA",
            checked_on=today - timedelta(days=200),
        )
        services.authority_remove(
            authority_id=lpa.pk, by=by, reason="The LPA was not registered with the OPG."
        )
    if "Isaac Wright" in people:
        # A second referral after the first closed: people may be referred more than once.
        services.referral_create(
            person_id=people["Isaac Wright"].pk,
            by=by,
            support_type=SupportType.SHORT_BREAK,
            client_groups=[ClientGroup.LEARNING_DISABILITY],
            reasons="Family would like regular short breaks while a long-term home is found.",
            referrer_name="Sam Lee",
            received_on=today - timedelta(days=30),
        )


def seed(ctx: dict) -> None:
    users = ctx["users"]
    postcodes = _postcodes()
    ctx["people"] = {}
    for scheme, rows, coordinator_email in [
        (ctx["scheme"], NORTHSHIRE, "coordinator@demo.sharedlives.test"),
        (ctx["other_scheme"], RIVERSIDE, "coordinator@riverside.sharedlives.test"),
    ]:
        by = users[coordinator_email]
        created = {}
        for index, row in enumerate(rows):
            person, is_new = _person(
                row, scheme=scheme, by=by, postcode=postcodes[index % len(postcodes)], index=index
            )
            ctx["people"][person.full_name] = person
            if is_new:
                created[person.full_name] = person
        if scheme == ctx["scheme"]:
            _northshire_extras(created, by=by, users=users)
            _photos(ctx["people"], by=by)


# A person's own photo, with who agreed to it: shown to a carer only from introductions on.
PHOTOS = {
    "Daniel Hughes": (
        "Dan, smiling on a sunny day",
        "Dan said yes, in his own words, to this photo being taken and shown to carers he meets "
        "(asked by Sam Lee, social worker, with the easy-read consent sheet).",
    ),
    "Rose Hughes": (
        "Rose, smiling at home",
        "Rose could not decide this herself; her daughter Helen (health and welfare attorney) agreed "
        "it is in her best interests, with her social worker.",
    ),
}


def _photos(people: dict, *, by) -> None:
    """A drawn picture (sharedlives.files.demo) as the photo of two people, added by staff with a
    line saying who agreed to it. Left alone when they have a photo already."""
    for name, (alt_text, consent) in PHOTOS.items():
        person = people.get(name)
        if person is None or Photo.objects.of(person).exists():
            continue
        files.photo_add(
            owner_obj=person,
            upload=pictures.picture_upload("faces", seed=name, faces=1),
            alt_text=alt_text,
            consent=consent,
            by=by,
        )
