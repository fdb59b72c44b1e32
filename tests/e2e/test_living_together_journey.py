"""Journey: Pat lives with Xena and Yan. On a phone 320 pixels wide Xena writes the day's note (an
unsent draft comes back after she leaves the page), records two doses (one refused, with its
reason) and a spend with a photo of the receipt; Pat reads the note in easy read and adds her own
words; the coordinator sees the refusal on the dashboard and follows it to the medicines chart.
Keyboard only (the phone's file chooser aside); axe on every page."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from records.models import DailyNote, DoseRecord, Medicine, MoneyEntry, NoteWords, RecordsSettings
from sharedlives.files.models import Document
from tests.files.images import jpeg_with_gps

from .test_safeguarding_journey import SMALL_PHONE, live_with_xena
from .world import PASSWORD, codes_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WENT_WELL = "Pat baked bread and shared it with the neighbours"
REFUSED = "Said it tastes bitter and pushed it away"
WORDS = "The bread was the best ever"


def test_a_day_of_records_from_the_phone_reaches_pat_and_the_coordinator(journey, tmp_path):
    world = live_with_xena()
    today = timezone.localdate()
    # The scheme's coordinator hears of a single refusal.
    RecordsSettings.objects.create(scheme=world.scheme, refusals_alert_count=1)
    Medicine.objects.create(
        person=world.person,
        name="Lamotrigine",
        strength="100 mg",
        dose="One tablet",
        times=[time(8), time(20)],
        starts_on=today - timedelta(days=1),
        added_by=world.coordinator,
    )
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(jpeg_with_gps())

    carer = journey.user("carer", viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    carer.sign_in(world.carer.email, PASSWORD)
    carer.follow("Supporting Pat", within="main")
    carer.sees("Lamotrigine")

    # The day's note; a draft survives leaving the page.
    carer.follow("Write today's note", within="main")
    carer.type_into("What went well", WENT_WELL)
    carer.open("/carer/")
    carer.page.go_back()
    carer.loaded()
    carer.sees("Your unsent note was restored")
    assert carer.field("What went well").input_value() == WENT_WELL
    carer.type_into("Health and mood", "Cheerful, a little tired by tea time")
    assert carer.page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    carer.shot("carer-writes-the-note")
    carer.submit("Send the note")
    note = DailyNote.objects.get()
    assert note.went_well == WENT_WELL and note.day == today

    # Two doses: the morning one given, the evening one refused with its reason.
    carer.open(f"/carer/people/{world.person.pk}/")
    carer.follow("Medicines and doses given", within="main")
    carer.submit(re.compile(r"Given now\W+Lamotrigine due at 08:00"))
    carer.follow(re.compile(r"Not given, or another time\W+Lamotrigine due at 20:00"))
    carer.choose("Refused")
    carer.type_into("Reason", REFUSED)
    carer.shot("carer-records-a-refusal")
    carer.submit("Record the dose")
    outcomes = dict(DoseRecord.objects.values_list("due_at", "outcome"))
    assert outcomes == {time(8): "given", time(20): "refused"}

    # A spend, with a photo of the receipt.
    carer.open(f"/carer/people/{world.person.pk}/")
    carer.follow("Their money", within="main")
    carer.follow(re.compile("Money in or out|Record money", re.I), within="main")
    carer.choose("Money out")
    carer.type_into("Amount", "4.20")
    carer.type_into("What it was for, or where it came from", "Coffee and cake in town")
    carer.field("#id_receipt").set_input_files(str(receipt))
    assert carer.page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    carer.shot("carer-records-a-spend")
    carer.submit("Record it")
    entry = MoneyEntry.objects.get()
    assert (entry.direction, str(entry.amount)) == ("out", "4.20")
    assert Document.objects.filter(kind="receipt").count() == 1

    # Pat reads the note in easy read and adds her words, checking them first.
    person = journey.user("person")
    person.sign_in(world.person_user.email, PASSWORD)
    person.follow("Read what your carers wrote", within="main")
    person.sees(WENT_WELL)
    person.follow(re.compile("^Add your words"))
    person.type_into("Your words", WORDS)
    person.submit("Next")
    person.sees(WORDS)
    person.submit("Yes, add them")
    assert NoteWords.objects.get().words == WORDS
    person.sees(WORDS)
    person.shot("pat-adds-her-words")

    # The coordinator sees the refusal and follows it to the chart.
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=codes_for()())
    coordinator.follow("Doses refused again and again", within="main")
    coordinator.sees("1 dose refused")
    coordinator.follow(re.compile("^Medicines chart"), within="main")
    coordinator.sees("Lamotrigine")
    coordinator.shot("coordinator-sees-the-chart")

    journey.assert_accessible()
