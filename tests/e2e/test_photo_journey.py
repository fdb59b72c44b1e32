"""Journey: a carer adds a photo of their kitchen from their phone, the coordinator approves it,
and Pat sees it, large and with its words, on the easy-read page about the household proposed to
them. Before approval Pat never sees it. Keyboard only (the phone's file chooser aside); axe on
every page."""

import re

import pytest

from sharedlives.files.models import Photo, PhotoStatus
from tests.files.images import jpeg_with_gps

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
WORDS = "Our kitchen, where we eat together"


def test_a_carers_photo_reaches_the_person_once_staff_approve_it(journey, tmp_path):
    world = sent_proposal(with_family=False)
    photo_file = tmp_path / "IMG_2041.JPG"
    photo_file.write_bytes(jpeg_with_gps())

    carer = journey.user("carer", viewport=PHONE, is_mobile=True, has_touch=True)
    carer.sign_in(world.carer.email, PASSWORD)
    carer.open("/carer/household/")
    carer.follow(re.compile(r"photos", re.I), within="main")
    carer.field("#id_photo").set_input_files(str(photo_file))
    carer.type_into("What the photo shows", WORDS)
    carer.submit("Add the photo")
    carer.sees("The scheme will check it before anyone else sees it")
    carer.shot("carer-added-photo-on-phone")
    photo = Photo.objects.get()
    assert photo.status == PhotoStatus.PENDING

    person = journey.user("person")
    person.sign_in(world.person_user.email, PASSWORD)
    person.follow("People to meet", within="header")
    person.follow("Xena and Yan")
    assert person.page.get_by_role("img", name=WORDS).count() == 0

    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=codes_for()())
    coordinator.open("/files/photos/waiting/")
    coordinator.sees(WORDS)
    coordinator.follow(re.compile("Approve or hide"))
    coordinator.submit(re.compile("^Approve"))
    coordinator.sees("The photo is approved.")
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.APPROVED

    person.open(person.path)
    image = person.page.get_by_role("img", name=WORDS)
    assert image.count() == 1
    # The photo really loaded (served through the access view), at its display size.
    assert image.evaluate("img => img.complete && img.naturalWidth") == photo.width
    person.shot("person-sees-the-kitchen")
    journey.assert_accessible()
