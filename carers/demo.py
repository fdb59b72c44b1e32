"""Demo carer households for seed_demo: every status, checks current, expiring, expired and missing,
and three to five drawn photos each.

Runs after the accounts step and reads ctx["scheme"], ctx["other_scheme"] and ctx["users"]. Households
are made through the services, so they have real transition rows and panel decisions, and their
photos through the files service, as uploads. Idempotent: a household that already exists (same
scheme and name) is left alone, except that one without photos gets them.
"""

import random
from datetime import timedelta

from django.utils import timezone

from sharedlives.choices import ClientGroup as CG
from sharedlives.choices import SupportType as ST
from sharedlives.files import demo as pictures
from sharedlives.files import services as files
from sharedlives.files.models import Photo
from sharedlives.reference.models import Interest, Language, Postcode

from . import services
from .models import CheckType, Household, HouseholdStatus

S = HouseholdStatus
COORDINATOR = "coordinator@demo.sharedlives.test"
MANAGER = "manager@demo.sharedlives.test"
CARER = "carer@demo.sharedlives.test"
RIVERSIDE_COORDINATOR = "coordinator@riverside.sharedlives.test"

# Made-up postcodes ('NS' Northshire, 'RV' Riverside are not real postcode areas) with made-up
# National Grid coordinates: a few kilometres apart, so distances in the demo look sensible.
DEMO_POSTCODES = {
    "NS1": (430500, 521000, ["NS1 1AA", "NS1 2AB", "NS1 3BD", "NS1 4EF", "NS1 5GH", "NS1 6JL"]),
    "NS2": (436000, 522500, ["NS2 1AA", "NS2 2BB", "NS2 3CD", "NS2 4EF", "NS2 5GH"]),
    "NS3": (431000, 514000, ["NS3 1AA", "NS3 2BB", "NS3 3CD", "NS3 4EF", "NS3 5GH"]),
    "NS4": (421000, 526000, ["NS4 1AA", "NS4 2BB", "NS4 3CD", "NS4 4EF"]),
    "RV1": (448000, 505000, ["RV1 1AA", "RV1 2BB", "RV1 3CD"]),
    "RV2": (452000, 509000, ["RV2 1AA", "RV2 2BB", "RV2 3CD"]),
}

APPROVED = ["initial_visit", "assessment", "ready_for_panel", "panel:approve"]
PATHS = {
    S.ENQUIRY: [],
    S.INITIAL_VISIT: ["initial_visit"],
    S.ASSESSMENT: ["initial_visit", "assessment"],
    S.READY_FOR_PANEL: ["initial_visit", "assessment", "ready_for_panel"],
    S.APPROVED: APPROVED,
    S.PROBATION: ["initial_visit", "assessment", "ready_for_panel", "panel:approve_probation"],
    S.ON_HOLD: [*APPROVED, "on_hold"],
    S.SUSPENDED: [*APPROVED, "suspended"],
    S.RESIGNED: [*APPROVED, "resigned"],
    S.DEREGISTERED: [*APPROVED, "panel:deregister"],
    S.APPEALING: [*APPROVED, "panel:deregister", "appealing"],
    S.DECLINED: ["initial_visit", "assessment", "ready_for_panel", "panel:decline"],
    S.WITHDRAWN: ["initial_visit", "withdrawn"],
}


def _h(name, status, postcode, carers, checks="ok", **extra):
    return {"name": name, "status": status, "postcode": postcode, "carers": carers, "checks": checks, **extra}


# checks: ok = every mandatory check current; expiring = current but one expires within 30 days;
# expired = one mandatory check expired; missing = a mandatory check never done; early = DBS and
# references only (assessment); none = nothing yet.
HOUSEHOLDS = [
    _h(
        "Priya and Sam Shah",
        S.APPROVED,
        "NS1 2AB",
        [("Priya", "Shah", "woman", CARER), ("Sam", "Shah", "man", "sam.shah@example.test")],
        about="We are a busy, cheerful family who love cooking together, growing vegetables and "
        "going to live music. Our daughter Asha plays the violin. Sunday is curry day!",
        interests=["Cooking", "Gardening", "Live music", "Music"],
        languages=["English", "Gujarati"],
        faith="hindu",
        experience=[CG.LEARNING_DISABILITY, CG.AUTISM],
        spare_rooms=1,
        members=[("Asha Shah", "daughter", "12_17")],
        terms=(2, [ST.LONG_TERM, ST.SHORT_BREAK], [CG.LEARNING_DISABILITY, CG.AUTISM]),
    ),
    _h(
        "Margaret and John Ellis",
        S.APPROVED,
        "NS2 2BB",
        [("Margaret", "Ellis", "woman", "margaret.ellis@example.test"), ("John", "Ellis", "man", "")],
        about="Retired teachers who enjoy puzzles, baking and walks with our spaniel, Biscuit.",
        interests=["Baking", "Puzzles", "Walking", "Animals"],
        languages=["English"],
        faith="christian",
        experience=[CG.OLDER_PEOPLE, CG.DEMENTIA],
        has_pets=True,
        pets="A friendly spaniel called Biscuit",
        pet=("dog", "Biscuit, our spaniel, waiting for a walk"),
        ground_floor_bedroom=True,
        level_access=True,
        terms=(1, [ST.LONG_TERM, ST.SHORT_BREAK, ST.DAY_SUPPORT], [CG.OLDER_PEOPLE, CG.DEMENTIA]),
    ),
    _h(
        "Daniel Okafor",
        S.APPROVED,
        "NS3 2BB",
        [("Daniel", "Okafor", "man", "daniel.okafor@example.test")],
        about="I am a calm, patient person. I like football, cycling and cooking big meals for friends.",
        interests=["Football", "Cycling", "Cooking"],
        languages=["English"],
        smoking="outside",
        experience=[CG.MENTAL_HEALTH, CG.YOUNG_ADULTS_LEAVING_CARE],
        spare_rooms=1,
        terms=(1, [ST.LONG_TERM], [CG.MENTAL_HEALTH, CG.YOUNG_ADULTS_LEAVING_CARE]),
    ),
    _h(
        "Fatima Begum",
        S.PROBATION,
        "NS1 3BD",
        [("Fatima", "Begum", "woman", "fatima.begum@example.test")],
        about="I love art and crafts and being part of my community centre.",
        interests=["Art and crafts", "Shopping", "Days out"],
        languages=["Bengali", "English", "Urdu"],
        faith="muslim",
        experience=[CG.LEARNING_DISABILITY],
        terms=(1, [ST.DAY_SUPPORT], [CG.LEARNING_DISABILITY]),
    ),
    _h(
        "Gareth and Rhian Pritchard",
        S.APPROVED,
        "NS4 2BB",
        [
            ("Gareth", "Pritchard", "man", "gareth.pritchard@example.test"),
            ("Rhian", "Pritchard", "woman", ""),
        ],
        checks="expiring",
        about="A farmhouse with a level, adapted ground floor. We keep hens and love the outdoors.",
        interests=["Animals", "Nature walks", "Fishing"],
        languages=["English", "Welsh"],
        experience=[CG.PHYSICAL_DISABILITY, CG.LEARNING_DISABILITY],
        has_pets=True,
        pets="Hens",
        pet=("hen", "Two of our hens, who lay eggs for breakfast"),
        ground_floor_bedroom=True,
        level_access=True,
        adapted_bathroom=True,
        hoist=True,
        spare_rooms=2,
        terms=(
            3,
            [ST.LONG_TERM, ST.SHORT_BREAK, ST.EMERGENCY],
            [CG.PHYSICAL_DISABILITY, CG.LEARNING_DISABILITY],
        ),
    ),
    _h(
        "Helen Walsh",
        S.APPROVED,
        "NS2 3CD",
        [("Helen", "Walsh", "woman", "helen.walsh@example.test")],
        checks="expired",
        about="Theatre lover and keen baker.",
        interests=["Drama", "Baking"],
        experience=[CG.AUTISM],
        terms=(1, [ST.SHORT_BREAK], [CG.AUTISM]),
    ),
    _h(
        "Tomasz and Anna Nowak",
        S.APPROVED,
        "NS3 3CD",
        [("Tomasz", "Nowak", "man", "tomasz.nowak@example.test"), ("Anna", "Nowak", "woman", "")],
        about="We enjoy DIY, gardening and Polish cooking.",
        interests=["DIY", "Gardening", "Cooking"],
        languages=["English", "Polish"],
        faith="christian",
        experience=[CG.OLDER_PEOPLE],
        ground_floor_bedroom=True,
        terms=(2, [ST.INTERMEDIATE_CARE, ST.SHORT_BREAK], [CG.OLDER_PEOPLE, CG.PHYSICAL_DISABILITY]),
        illness=True,
    ),
    _h(
        "Grace Mensah",
        S.APPROVED,
        "NS1 4EF",
        [("Grace", "Mensah", "woman", "grace.mensah@example.test")],
        checks="missing",
        about="Singing in my church choir is my joy.",
        interests=["Singing"],
        experience=[CG.LEARNING_DISABILITY],
        terms=(1, [ST.LONG_TERM], [CG.LEARNING_DISABILITY]),
    ),
    _h(
        "Chris and Jamie Lowe",
        S.APPROVED,
        "NS2 4EF",
        [("Chris", "Lowe", "man", "chris.lowe@example.test"), ("Jamie", "Lowe", "non_binary", "")],
        checks="expiring",
        about="Board-game nights, films and a very lazy cat.",
        interests=["Board games", "TV and films", "Computer games"],
        has_pets=True,
        pets="A cat",
        pet=("cat", "Our very lazy cat, asleep on the rug"),
        experience=[CG.AUTISM, CG.LEARNING_DISABILITY],
        terms=(2, [ST.SHORT_BREAK, ST.DAY_SUPPORT], [CG.AUTISM, CG.LEARNING_DISABILITY]),
    ),
    _h(
        "Bernard Hughes",
        S.ON_HOLD,
        "NS1 5GH",
        [("Bernard", "Hughes", "man", "")],
        terms=(1, [ST.LONG_TERM], [CG.OLDER_PEOPLE]),
    ),
    _h(
        "Lorraine Baxter",
        S.SUSPENDED,
        "NS3 4EF",
        [("Lorraine", "Baxter", "woman", "")],
        checks="expired",
        terms=(1, [ST.SHORT_BREAK], [CG.MENTAL_HEALTH]),
    ),
    _h(
        "Kevin and Sue Marsh",
        S.APPEALING,
        "NS4 3CD",
        [("Kevin", "Marsh", "man", ""), ("Sue", "Marsh", "woman", "")],
        terms=(2, [ST.LONG_TERM], [CG.LEARNING_DISABILITY]),
    ),
    _h(
        "Ray Thompson",
        S.RESIGNED,
        "NS2 5GH",
        [("Ray", "Thompson", "man", "")],
        checks="expired",
        terms=(1, [ST.DAY_SUPPORT], [CG.OLDER_PEOPLE]),
    ),
    _h(
        "Carol Dunn",
        S.DEREGISTERED,
        "NS3 5GH",
        [("Carol", "Dunn", "woman", "")],
        terms=(1, [ST.SHORT_BREAK], [CG.LEARNING_DISABILITY]),
    ),
    _h(
        "Amir Hassan",
        S.READY_FOR_PANEL,
        "NS1 6JL",
        [("Amir", "Hassan", "man", "amir.hassan@example.test")],
        languages=["Arabic", "English"],
        faith="muslim",
        experience=[CG.MENTAL_HEALTH],
    ),
    _h("Joanne Reid", S.ASSESSMENT, "NS4 4EF", [("Joanne", "Reid", "woman", "")], checks="early"),
    _h(
        "Olu and Bisi Adeyemi",
        S.INITIAL_VISIT,
        "NS2 1AA",
        [("Olu", "Adeyemi", "man", ""), ("Bisi", "Adeyemi", "woman", "")],
        checks="none",
    ),
    _h("Sian Morgan", S.ENQUIRY, "NS4 1AA", [("Sian", "Morgan", "woman", "")], checks="none"),
    _h("Peter Clarke", S.DECLINED, "NS3 1AA", [("Peter", "Clarke", "man", "")], checks="early"),
    _h("Nadia Rossi", S.WITHDRAWN, "NS1 1AA", [("Nadia", "Rossi", "woman", "")], checks="none"),
]
RIVERSIDE_HOUSEHOLDS = [
    _h("Ruth Evans", S.ENQUIRY, "RV1 2BB", [("Ruth", "Evans", "woman", "")], checks="none"),
    _h("Mohammed Ali", S.ASSESSMENT, "RV2 2BB", [("Mohammed", "Ali", "man", "")], checks="early"),
    _h("Lily Chen", S.READY_FOR_PANEL, "RV1 3CD", [("Lily", "Chen", "woman", "")], languages=["Cantonese"]),
]


def seed(ctx: dict) -> None:
    _seed_postcodes()
    users = ctx["users"]
    staff = {"coordinator": users[COORDINATOR], "manager": users[MANAGER]}
    for spec in HOUSEHOLDS:
        _household(ctx["scheme"], spec, staff, users)
    riverside = {"coordinator": users[RIVERSIDE_COORDINATOR], "manager": None}
    for spec in RIVERSIDE_HOUSEHOLDS:
        _household(ctx["other_scheme"], spec, riverside, users)
    # Apart from the households, so that a database seeded before there were photos gets them too.
    for scheme, specs, by in [
        (ctx["scheme"], HOUSEHOLDS, users[COORDINATOR]),
        (ctx["other_scheme"], RIVERSIDE_HOUSEHOLDS, users[RIVERSIDE_COORDINATOR]),
    ]:
        for spec in specs:
            _photos(Household.objects.get(scheme=scheme, name=spec["name"]), spec, by=by, carer=users[CARER])


def _seed_postcodes() -> None:
    rows = []
    for district, (east, north, postcodes) in DEMO_POSTCODES.items():
        for i, postcode in enumerate(postcodes):
            rows.append(
                Postcode(
                    postcode=postcode, district=district, easting=east + 350 * i, northing=north - 270 * i
                )
            )
    Postcode.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["district", "easting", "northing"],
    )


def _household(scheme, spec, staff, users) -> None:
    if Household.objects.filter(scheme=scheme, name=spec["name"]).exists():
        return
    coordinator, manager = staff["coordinator"], staff["manager"]
    today = timezone.localdate()
    (first, last, gender, email), *others = spec["carers"]
    household = services.household_create(
        scheme=scheme,
        by=coordinator,
        name=spec["name"],
        postcode=spec["postcode"],
        address=f"{10 + len(spec['name'])} Demo Street\nNorthtown",
        carer={
            "first_name": first,
            "last_name": last,
            "gender": gender,
            "email": email,
            "phone": "01632 960000",
        },
    )
    carers = list(household.carers.all())
    for first, last, gender, email in others:
        carers.append(
            services.carer_add(
                household_id=household.pk,
                by=coordinator,
                first_name=first,
                last_name=last,
                gender=gender,
                email=email,
            )
        )
    if spec["carers"][0][3] == CARER:
        carers[0].user = users[CARER]
        carers[0].save(update_fields=["user"])

    services.household_update(
        household_id=household.pk,
        by=coordinator,
        languages=list(Language.objects.filter(name__in=spec.get("languages", ["English"]))),
        interests=list(Interest.objects.filter(name__in=spec.get("interests", []))),
        **{
            field: spec[field]
            for field in (
                "faith",
                "experience",
                "has_pets",
                "pets",
                "smoking",
                "spare_rooms",
                "ground_floor_bedroom",
                "level_access",
                "adapted_bathroom",
                "hoist",
            )
            if field in spec
        },
        about_us=spec.get("about", ""),
    )
    for name, relationship, age_band in spec.get("members", []):
        services.household_member_add(
            household_id=household.pk, by=coordinator, name=name, relationship=relationship, age_band=age_band
        )

    _checks(household, carers, spec["checks"], coordinator, today)
    _walk(household, spec, coordinator, manager, today)

    if spec.get("holiday"):
        services.availability_add(
            household_id=household.pk,
            by=coordinator,
            starts_on=today + timedelta(days=20),
            ends_on=today + timedelta(days=34),
            reason="holiday",
            note="Family holiday in Cornwall",
        )
    if spec.get("illness"):
        services.availability_add(
            household_id=household.pk,
            by=coordinator,
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=40),
            reason="illness",
        )


# Households this early in their assessment have only a few photos yet.
FEW_PHOTOS = {S.ENQUIRY, S.INITIAL_VISIT, S.WITHDRAWN}


def _photos(household, spec, *, by, carer) -> None:
    """Three to five pictures drawn for the household (sharedlives.files.demo): its carers, the
    house, the kitchen, the spare room, a pet or the garden. Added by staff, so approved; the demo
    carer's household also has one the carer added, waiting in the staff's approval queue."""
    if Photo.objects.of(household).exists():
        return
    rng = random.Random(spec["name"])
    door = rng.choice(list(pictures.DOOR_COLOURS))
    names = [first for first, *_ in spec["carers"]]
    names += [name.split()[0] for name, *_ in spec.get("members", [])]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    shots = [
        ("faces", {"faces": len(names)}, f"{who}, smiling at home"),
        ("house", {"door": door}, f"Our house, with the {door} front door"),
    ]
    if spec["status"] not in FEW_PHOTOS:
        shots.append(("kitchen", {}, "Our kitchen, where we eat together"))
    _places, support_types, _groups = spec.get("terms", (1, [ST.LONG_TERM], []))
    if spec.get("about") and set(support_types) - {ST.DAY_SUPPORT}:
        shots.append(("bedroom", {}, "The bedroom you would have: a bed by the window, and a lamp"))
    if "pet" in spec:
        kind, words = spec["pet"]
        shots.append(("pet", {"pet": kind}, words))
    elif rng.random() < 0.5:
        shots.append(("street", {"door": door}, f"Our street: ours is the house with the {door} door"))
    else:
        shots.append(("garden", {}, "Our garden, with a big tree and flowers"))
    for number, (scene, details, alt_text) in enumerate(shots):
        upload = pictures.picture_upload(scene, seed=f"{spec['name']}:{number}", **details)
        files.photo_add(owner_obj=household, upload=upload, alt_text=alt_text, by=by)
    if spec["carers"][0][3] == CARER:
        files.photo_add(
            owner_obj=household,
            upload=pictures.picture_upload("garden", seed=f"{spec['name']}:new"),
            alt_text="Our vegetable patch, where we grow tomatoes and beans",
            by=carer,
        )


def _walk(household, spec, coordinator, manager, today) -> None:
    """Take the household along the lifecycle to its demo status, as staff would have."""
    for step in PATHS[spec["status"]]:
        if step.startswith("panel:"):
            decision = step.split(":", 1)[1]
            approve = decision.startswith("approve")
            max_people, support_types, client_groups = spec.get("terms", (None, None, None))
            services.panel_decision_record(
                household_id=household.pk,
                by=manager,
                decided_on=today - timedelta(days=400 if approve else 30),
                decision="approve" if approve else decision,
                decision_maker="Morgan Manager, registered manager",
                minutes="Panel met the household's assessor. Strong, warm assessment." if approve else "",
                max_people=max_people if approve else None,
                support_types=support_types if approve else None,
                client_groups=client_groups if approve else None,
                probation=decision == "approve_probation",
            )
        else:
            by = manager if (household.status, step) in services.MANAGER_ONLY else coordinator
            services.household_transition(
                household_id=household.pk, to_status=step, by=by, reason="Demo data"
            )
            household.refresh_from_db(fields=["status"])


def _checks(household, carers, profile, by, today) -> None:
    if profile == "none":
        return
    months_ago = services.add_months
    # Dates that make this household's checks expire soon, or have expired already.
    special = {}
    if profile == "expiring":
        special[(CheckType.DBS, carers[0].pk)] = months_ago(today, -36) + timedelta(days=12)
        special[(CheckType.INSURANCE, None)] = months_ago(today, -12) + timedelta(days=20)
    if profile == "expired":
        special[(CheckType.HEALTH_SAFETY, None)] = months_ago(today, -13)
        special[(CheckType.GAS_SAFETY, None)] = months_ago(today, -12) - timedelta(days=3)

    def record(check_type, carer=None, days_ago=60):
        key = (check_type, carer.pk if carer else None)
        services.check_record(
            household_id=household.pk,
            by=by,
            check_type=check_type,
            carer=carer,
            done_on=special.get(key, today - timedelta(days=days_ago)),
            evidence="Seen and copied to the carer's file.",
        )

    for carer in carers:
        record(CheckType.DBS, carer, days_ago=200)
        record(CheckType.REFERENCE_1, carer, days_ago=420)
        record(CheckType.REFERENCE_2, carer, days_ago=415)
    if profile == "early":
        return
    for carer in carers:
        record(CheckType.MEDICAL, carer, days_ago=410)
        record(CheckType.SAFEGUARDING, carer, days_ago=380)
        record(CheckType.FIRST_AID, carer, days_ago=300)
    record(CheckType.HEALTH_SAFETY, days_ago=90)
    record(CheckType.GAS_SAFETY, days_ago=120)
    record(CheckType.CARER_REVIEW, days_ago=150)
    if profile != "missing":
        record(CheckType.INSURANCE, days_ago=45)
    if household.name.startswith("Priya"):
        # An earlier DBS, renewed since: kept as evidence, no longer the current record.
        services.check_record(
            household_id=household.pk,
            by=by,
            check_type=CheckType.DBS,
            carer=carers[0],
            done_on=months_ago(today, -40),
            evidence="Certificate seen at assessment.",
        )
