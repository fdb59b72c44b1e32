"""Daily note services: a carer of a household whose support is open writes the note of today or
yesterday; its writer changes it on its day only (the database refuses a change after it too); a
correction is a new note; the person or a representative who may see records adds words. Each
refusal writes nothing."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from records.models import DailyNote, NoteWords
from records.services import RecordsError
from records.services import notes as services

from .notes_helpers import Writes, end_arrangement, make_note, yesterday

pytestmark = pytest.mark.django_db


def _write(person, by, **kwargs):
    texts = {"went_well": "A walk by the river."} | kwargs
    return services.note_write(person_id=person.pk, by=by, **texts)


def test_carer_writes_a_note_of_today_under_the_open_arrangement(arrangement_px, person_p, carer_user):
    note = _write(person_p, carer_user, saw="  Mum came for tea.  ")
    assert (note.day, note.household_id, note.arrangement_id) == (
        timezone.localdate(),
        arrangement_px.household_id,
        arrangement_px.pk,
    )
    assert note.scheme_id == person_p.scheme_id
    assert note.saw == "Mum came for tea."


def test_carer_may_write_yesterdays_note_the_next_morning(arrangement_px, person_p, carer_user):
    assert _write(person_p, carer_user, day=yesterday()).day == yesterday()


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "has not happened yet"), (-2, "today or yesterday only")],
)
def test_a_note_of_tomorrow_or_of_two_days_ago_is_refused_and_nothing_written(
    arrangement_px, person_p, carer_user, days, message
):
    with Writes() as writes, pytest.raises(RecordsError, match=message):
        _write(person_p, carer_user, day=timezone.localdate() + timedelta(days=days))
    assert writes.count == 0


def test_an_empty_note_is_refused_and_nothing_written(arrangement_px, person_p, carer_user):
    with Writes() as writes, pytest.raises(RecordsError, match="at least one box"):
        _write(person_p, carer_user, went_well="   ", to_watch="\n")
    assert writes.count == 0


def test_carers_of_another_household_cannot_write_about_the_person(
    arrangement_px, person_p, carer_y_user, household_y
):
    with Writes() as writes, pytest.raises(RecordsError, match="supports now"):
        _write(person_p, carer_y_user)
    assert writes.count == 0


def test_no_note_can_be_written_once_the_arrangement_has_ended(arrangement_px, person_p, carer_user):
    end_arrangement(arrangement_px)
    with pytest.raises(RecordsError):
        _write(person_p, carer_user)
    assert not DailyNote.objects.exists()


def test_its_writer_changes_a_note_on_its_day(arrangement_px, carer_user):
    note = make_note(arrangement_px, carer_user)
    services.note_update(note_id=note.pk, by=carer_user, went_well="Baked two cakes.", to_watch="A cough.")
    note.refresh_from_db()
    assert (note.went_well, note.to_watch, note.activities) == ("Baked two cakes.", "A cough.", "")


def test_nobody_else_changes_a_carers_note(arrangement_px, carer_user, coordinator_a):
    note = make_note(arrangement_px, carer_user)
    with Writes() as writes, pytest.raises(RecordsError, match="Only the carer who wrote"):
        services.note_update(note_id=note.pk, by=coordinator_a, went_well="Edited by staff.")
    assert writes.count == 0


def test_a_note_cannot_be_changed_after_its_day_by_the_service_or_the_database(arrangement_px, carer_user):
    note = make_note(arrangement_px, carer_user, day=yesterday())
    with Writes() as writes, pytest.raises(RecordsError, match="after its day"):
        services.note_update(note_id=note.pk, by=carer_user, went_well="Rewritten.")
    assert writes.count == 0
    with pytest.raises(DatabaseError, match="fixed_after_its_day"), transaction.atomic():
        DailyNote.objects.filter(pk=note.pk).update(went_well="Rewritten by hand.")
    with pytest.raises(DatabaseError, match="never_deleted"), transaction.atomic():
        DailyNote.objects.filter(pk=note.pk).delete()
    note.refresh_from_db()
    assert note.went_well == "Pat baked a cake and shared it."


def test_a_correction_is_a_new_note_of_today_pointing_to_the_old_one(arrangement_px, carer_user):
    old = make_note(arrangement_px, carer_user, day=yesterday())
    correction = services.note_correct(note_id=old.pk, by=carer_user, activities="It was a sponge cake.")
    assert (correction.corrects_id, correction.day, correction.household_id) == (
        old.pk,
        timezone.localdate(),
        old.household_id,
    )
    again = services.note_correct(note_id=correction.pk, by=carer_user, saw="Mum too.")
    assert again.corrects_id == old.pk  # corrections hang from the first note
    old.refresh_from_db()
    assert old.went_well == "Pat baked a cake and shared it."


def test_todays_note_is_changed_not_corrected(arrangement_px, carer_user):
    note = make_note(arrangement_px, carer_user)
    with Writes() as writes, pytest.raises(RecordsError, match="change it instead"):
        services.note_correct(note_id=note.pk, by=carer_user, went_well="Something.")
    assert writes.count == 0


def test_the_person_and_a_representative_who_sees_records_add_words(
    arrangement_px, carer_user, person_user, family_sees_records
):
    note = make_note(arrangement_px, carer_user)
    services.note_words_add(note_id=note.pk, by=person_user, words=" I liked the cake. ")
    services.note_words_add(note_id=note.pk, by=family_sees_records, words="Lovely to hear.")
    assert list(note.words.values_list("words", "written_by")) == [
        ("I liked the cake.", person_user.pk),
        ("Lovely to hear.", family_sees_records.pk),
    ]


@pytest.mark.parametrize("who", ["family_with_authority", "carer_user", "coordinator_a"])
def test_others_cannot_add_words(request, arrangement_px, carer_user, who):
    note = make_note(arrangement_px, carer_user)
    user = request.getfixturevalue(who)
    with Writes() as writes, pytest.raises(RecordsError, match="Only the person"):
        services.note_words_add(note_id=note.pk, by=user, words="Not mine to add.")
    assert writes.count == 0


def test_empty_words_are_refused(arrangement_px, carer_user, person_user):
    note = make_note(arrangement_px, carer_user)
    with pytest.raises(RecordsError, match="Write your words"):
        services.note_words_add(note_id=note.pk, by=person_user, words="  ")
    assert not NoteWords.objects.exists()
