"""Photos: two to six for every household approved now and most of the others, approved, one of
them the main one; some people one, with a line saying who agreed to it.

The pictures (a house, a kitchen, smiling faces...) are drawn once (sharedlives.files.demo),
re-encoded as an upload would be, and stored once each under fixed names; every row showing that
picture points at the same two files. Tens of thousands of photos then cost a row each, not two
files each. Only for benchmark datasets: in real data no two rows
share a file, and destroying one photo's bytes here (a retention decision) would take every
row's picture with it.

Drawn from a random source of their own, so that adding photos left every other row as it was.
"""

import random
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType

from carers.models import Household
from people.models import Person
from sharedlives.files import demo
from sharedlives.files.content import process_photo
from sharedlives.files.models import Photo, PhotoStatus

from .world import LONDON, World

# What each photo shows: (alt text, picture drawn, its details). Each picture is stored once, and
# every row of that kind points at it.
HOUSEHOLD_SHOTS = [
    ("Us, smiling at home", "faces", {"faces": 2}),
    ("Our house, with the blue front door", "house", {"door": "blue"}),
    ("Our kitchen, where we eat together", "kitchen", {}),
    ("The bedroom you would have, with a bed by the window", "bedroom", {}),
    ("Our garden, with a big tree", "garden", {}),
    ("Our street", "street", {"door": "blue"}),
    ("Our cat, asleep on the rug", "pet", {"pet": "cat"}),
    ("Our dog, who loves a walk", "pet", {"pet": "dog"}),
]
PERSON_SHOT = ("faces", {"faces": 1})
OTHERS_WITH_PHOTOS = 0.6  # of the households not approved now
PERSON_WITH_PHOTO = 0.25


def build(world: World) -> None:
    rng = random.Random(f"{world.seed}:photos")
    shots = [(alt_text, _store(world, scene, details)) for alt_text, scene, details in HOUSEHOLD_SHOTS]
    person_picture = _store(world, *PERSON_SHOT)
    household_type = ContentType.objects.get_for_model(Household).pk
    person_type = ContentType.objects.get_for_model(Person).pk
    for scheme in world.schemes:
        world.tick()
        for household in world.households[scheme.id]:
            # Every household that may be proposed now has photos (a person chooses from pictures).
            if not household.is_approved_now and rng.random() >= OTHERS_WITH_PHOTOS:
                continue
            chosen = shots[:5] + rng.sample(shots[5:], 1)
            for position in range(1, rng.randint(2, 6) + 1):
                alt_text, stored = chosen[position - 1]
                _photo(
                    world,
                    rng,
                    stored,
                    scheme=scheme,
                    owner_type=household_type,
                    owner_id=household.id,
                    since=household.since,
                    position=position,
                    alt_text=alt_text,
                )
    for person in world.people:
        if rng.random() < PERSON_WITH_PHOTO:
            _photo(
                world,
                rng,
                person_picture,
                scheme=person.scheme,
                owner_type=person_type,
                owner_id=person.id,
                since=person.since,
                position=1,
                alt_text=f"{person.known_as}, smiling",
                consent=f"{person.known_as} agreed to this photo being taken and shown to carers they meet.",
            )


def _store(world: World, scene: str, details: dict) -> tuple:
    """One picture drawn and re-encoded as an upload would be, stored under fixed names."""
    processed = process_photo(demo.picture(scene, seed=f"scale:{scene}", **details), f"{scene}.png")
    key = "-".join([scene, *map(str, details.values())])
    display, thumbnail = f"photos/scale/{key}-display.jpg", f"photos/scale/{key}-thumb.jpg"
    world.sink.store_file(display, processed.display)
    world.sink.store_file(thumbnail, processed.thumbnail)
    return display, thumbnail, processed.width, processed.height


def _photo(
    world, rng, stored, *, scheme, owner_type, owner_id, since, position, alt_text, consent=""
) -> None:
    display, thumbnail, width, height = stored
    day = since + timedelta(days=rng.randint(0, max(0, (world.today - since).days)))
    # On the reference day itself early in the morning, as world.at(): never later than a run in the day.
    first, last = (0, 6) if day >= world.today else (8, 16)
    uploaded = datetime(
        day.year, day.month, day.day, rng.randint(first, last), rng.randint(0, 59), tzinfo=LONDON
    )
    staff = rng.choice(scheme.coordinators)
    world.add(
        Photo,
        scheme_id=scheme.id,
        owner_type_id=owner_type,
        owner_id=owner_id,
        alt_text=alt_text,
        status=PhotoStatus.APPROVED,
        position=position,
        is_main=position == 1,
        consent=consent,
        display_name=display,
        thumbnail_name=thumbnail,
        width=width,
        height=height,
        bytes_removed=False,
        uploaded_by_id=staff,
        uploaded_at=uploaded,
        reviewed_by_id=staff,
        reviewed_at=uploaded,
        hidden_reason="",
    )
