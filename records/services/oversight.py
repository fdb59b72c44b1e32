"""Staff oversight: reading a note (as part of the month's sample, or any note) with a comment."""

from django.db import transaction

from sharedlives.accounts.models import User

from ..models import DailyNote, NoteReading
from .common import RecordsError


@transaction.atomic
def note_mark_read(*, note_id: int, by: User, comment: str = "", sampled: bool = False) -> NoteReading:
    """Staff of the note's scheme say they read it. Once per person reading it: a second reading
    is refused (the first comment stands; a new comment is a new note's business)."""
    note = DailyNote.objects.select_for_update().get(pk=note_id)
    if not (by.is_authenticated and by.kind == User.Kind.STAFF and note.scheme_id in by.staff_scheme_ids):
        raise RecordsError("Only the scheme's staff mark notes as read.")
    if NoteReading.objects.filter(note=note, read_by=by).exists():
        raise RecordsError("You have already marked this note as read.")
    return NoteReading.objects.create(note=note, read_by=by, comment=comment.strip(), sampled=sampled)
