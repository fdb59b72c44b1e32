"""Daily notes: written by the carers of a household while their support of the person is open,
changed by their writer on the note's own day only, corrected after it by a new note that refers to
it; the person (or a representative who may see their records) adds their own words."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from people.models import Person
from sharedlives.accounts.models import User

from ..access import carer_arrangements, representatives_who_see_records
from ..models import LONG_TEXT, DailyNote, NoteWords
from .common import RecordsError, ensure_its_day

# What a note says, strengths first: the order of the form and of every page that shows a note.
NOTE_FIELDS = ("went_well", "activities", "saw", "health_mood", "to_watch")


def note_days(today: date | None = None) -> list[date]:
    """The days a carer may write a note about: today, or yesterday (a missed evening's note is still
    worth writing the next morning)."""
    today = today or timezone.localdate()
    return [today, today - timedelta(days=1)]


def _texts(texts: dict) -> dict:
    unknown = set(texts) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown note fields: {', '.join(sorted(unknown))}")
    cleaned = {name: (texts.get(name) or "").strip() for name in NOTE_FIELDS}
    if not any(cleaned.values()):
        raise RecordsError("Write something in at least one box.")
    for name, value in cleaned.items():
        if len(value) > LONG_TEXT:
            label = DailyNote._meta.get_field(name).verbose_name
            raise RecordsError(f"'{label}' is too long: keep it under {LONG_TEXT} characters.")
    return cleaned


def _open_arrangement(by: User, person_id: int, household_id: int | None = None):
    arrangements = carer_arrangements(by).filter(person_id=person_id)
    if household_id is not None:
        arrangements = arrangements.filter(household_id=household_id)
    found = arrangements.order_by("-start_date", "-pk").first()
    if found is None:
        raise RecordsError("You can write notes only about someone your household supports now.")
    return found


def _lock(note_id: int) -> DailyNote:
    return DailyNote.objects.select_for_update().get(pk=note_id)


@transaction.atomic
def note_write(*, person_id: int, by: User, day: date | None = None, **texts) -> DailyNote:
    """A carer writes the note of a day (today or yesterday) about someone their household supports
    now. At least one of the texts is filled in."""
    arrangement = _open_arrangement(by, person_id)
    day = day or timezone.localdate()
    if day not in note_days():
        if day > timezone.localdate():
            raise RecordsError("A note cannot be about a day that has not happened yet.")
        raise RecordsError("A note can be about today or yesterday only.")
    cleaned = _texts(texts)
    return DailyNote.objects.create(
        scheme_id=arrangement.scheme_id,
        arrangement=arrangement,
        person_id=person_id,
        household_id=arrangement.household_id,
        day=day,
        written_by=by,
        **cleaned,
    )


@transaction.atomic
def note_update(*, note_id: int, by: User, **texts) -> DailyNote:
    """The writer changes their note, on its own day only (the database refuses it after that too)."""
    note = _lock(note_id)
    if note.written_by_id != by.pk:
        raise RecordsError("Only the carer who wrote a note can change it.")
    ensure_its_day(note.day, "A note")
    _open_arrangement(by, note.person_id, note.household_id)
    cleaned = _texts(texts)
    for name, value in cleaned.items():
        setattr(note, name, value)
    note.save(update_fields=list(cleaned))
    return note


@transaction.atomic
def note_correct(*, note_id: int, by: User, **texts) -> DailyNote:
    """A carer of the household corrects a note whose day has passed: a new note of today that
    refers to the one it corrects (a correction of a correction refers to the first note)."""
    original = _lock(note_id)
    if original.corrects_id:
        original = _lock(original.corrects_id)
    if original.day >= timezone.localdate():
        raise RecordsError("This note can still be changed today: change it instead of correcting it.")
    arrangement = _open_arrangement(by, original.person_id, original.household_id)
    cleaned = _texts(texts)
    return DailyNote.objects.create(
        scheme_id=original.scheme_id,
        arrangement=arrangement,
        person_id=original.person_id,
        household_id=original.household_id,
        day=timezone.localdate(),
        corrects=original,
        written_by=by,
        **cleaned,
    )


def may_add_words(user: User, person: Person) -> bool:
    """The person themselves, or a representative of theirs who may see their records."""
    if not user.is_authenticated:
        return False
    if user.kind == User.Kind.PERSON:
        return person.user_id == user.pk
    if user.kind == User.Kind.FAMILY:
        return representatives_who_see_records(user).filter(person_id=person.pk).exists()
    return False


@transaction.atomic
def note_words_add(*, note_id: int, by: User, words: str) -> NoteWords:
    """The person adds their own words to a note about them; a representative who may see their
    records may add words too (shown as theirs)."""
    note = DailyNote.objects.select_related("person").get(pk=note_id)
    if not may_add_words(by, note.person):
        raise RecordsError("Only the person, or someone who may see their records, can add words.")
    words = (words or "").strip()
    if not words:
        raise RecordsError("Write your words first.")
    if len(words) > LONG_TEXT:
        raise RecordsError(f"Your words are too long: keep them under {LONG_TEXT} characters.")
    return NoteWords.objects.create(note=note, words=words, written_by=by)
