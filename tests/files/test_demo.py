"""The demo data's photos: drawn on the spot, stored as uploads are, approved by staff, one waiting."""

from collections import Counter

import pytest
from django.core.management import call_command

from carers.models import Household
from people.models import Person
from sharedlives.files import demo, storage
from sharedlives.files.models import Photo, PhotoStatus

from .images import exif_of


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def test_every_demo_household_has_three_to_five_approved_photos_with_words_and_clean_files(seeded):
    households = list(Household.objects.all())
    photos = Photo.objects.of_many(Household, [h.pk for h in households])
    approved = Counter(photos.approved().values_list("owner_id", flat=True))

    assert len(households) >= 20
    assert all(3 <= approved[h.pk] <= 5 for h in households), {h.name: approved[h.pk] for h in households}
    assert Counter(photos.filter(is_main=True).values_list("owner_id", flat=True)) == dict.fromkeys(
        [h.pk for h in households], 1
    )
    assert not photos.filter(alt_text="").exists()
    assert photos.filter(alt_text="Our kitchen, where we eat together").exists()
    for photo in photos:
        for name in (photo.display_name, photo.thumbnail_name):
            with storage.private().open(name, "rb") as handle:
                data = handle.read()
            exif, info = exif_of(data)
            assert data[:3] == b"\xff\xd8\xff" and not exif and "exif" not in info, name


def test_the_demo_carers_own_photo_waits_for_approval_and_two_people_have_one_with_consent(seeded):
    waiting = Photo.objects.filter(status=PhotoStatus.PENDING).get()
    assert waiting.owner.carers.filter(user__email="carer@demo.sharedlives.test").exists()
    assert waiting.uploaded_by.email == "carer@demo.sharedlives.test"

    of_people = Photo.objects.of_many(Person, Person.objects.values_list("pk", flat=True))
    assert {p.owner.full_name for p in of_people} == {"Daniel Hughes", "Rose Hughes"}
    assert all(p.consent and p.is_approved for p in of_people)


def test_seeding_again_adds_no_photos_and_the_pictures_are_the_same_for_the_same_seed(seeded):
    count = Photo.objects.count()
    call_command("seed_demo")
    assert Photo.objects.count() == count

    assert demo.picture("house", seed="x", door="red") == demo.picture("house", seed="x", door="red")
    assert demo.picture("house", seed="x", door="red") != demo.picture("house", seed="y", door="red")
