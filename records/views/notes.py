"""Daily note pages.

Carers of a household whose support of the person is open write a note from their phone, change
their own note on its day, and correct it by a new note after that; they see their household's
notes only. Staff of the scheme and representatives who may see the person's records read them all.
The person reads their own notes in easy read and adds their own words; so may a representative who
may see their records. A carer can turn a note into an incident report (the safeguarding form,
filled in from the note). Every page that shows notes logs the view against the person.
"""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from people.models import Person
from safeguarding.forms.incidents import CarerIncidentForm
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record

from ..access import get_carer_arrangement, get_person_records_for_user
from ..forms.notes import NoteForm, NoteWordsForm
from ..models import DailyNote, NoteWords
from ..services import RecordsError
from ..services import notes as services

PER_PAGE = 25
EASY_READ_PER_PAGE = 10
# Set when a note is sent, read once by the next page: the browser forgets the draft it kept.
SENT_DRAFT_KEY = "records_note_sent_draft"


def _url(note: DailyNote) -> str:
    """A note's page; a correction is shown on the page of the note it corrects."""
    if note.corrects_id:
        return reverse("records:note_detail", args=[note.corrects_id]) + f"#note-{note.pk}"
    return reverse("records:note_detail", args=[note.pk])


def _is_carer(user) -> bool:
    return user.kind == User.Kind.CARER


def _reader(user, person_id: int):
    """The person whose notes `user` may read, and for a carer the arrangement under which their
    household supports them now (they read that household's notes only). 404 for anyone else."""
    if _is_carer(user):
        arrangement = get_carer_arrangement(user, person_id)
        return arrangement.person, arrangement
    return get_person_records_for_user(user, person_id), None


def _get_note(user, pk: int):
    """The note, and the reader's arrangement as in `_reader`; 404 for anyone it does not concern."""
    note = get_object_or_404(DailyNote.objects.select_related("written_by", "corrects"), pk=pk)
    person, arrangement = _reader(user, note.person_id)
    if arrangement is not None and note.household_id != arrangement.household_id:
        raise Http404
    note.person = person
    return note, arrangement


def _notes_with_their_additions(notes):
    """Notes as the pages show them: first notes only, each with its corrections and words."""
    return (
        notes.filter(corrects__isnull=True)
        .select_related("written_by")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=DailyNote.objects.select_related("written_by").order_by("written_at", "pk"),
            ),
            Prefetch("words", queryset=NoteWords.objects.select_related("written_by")),
        )
    )


def _draft_key(user, person, note=None, kind="new") -> str:
    """Where the browser keeps the typing of an unsent note: per sign-in, person and form."""
    key = f"records-note:{user.pk}:{person.pk}:{kind}"
    return f"{key}:{note.pk}" if note is not None else key


def _sent(request, key: str) -> None:
    request.session[SENT_DRAFT_KEY] = key


def note_list(request, person_id):
    """The notes about the person, newest first, 25 a page, each with its corrections and words. A
    carer sees their own household's notes and can write one."""
    if request.user.kind == User.Kind.PERSON:
        return redirect("records:my_notes")
    person, arrangement = _reader(request.user, person_id)
    notes = DailyNote.objects.filter(person=person)
    if arrangement is not None:
        notes = notes.filter(household_id=arrangement.household_id)
    page = Paginator(_notes_with_their_additions(notes), PER_PAGE).get_page(request.GET.get("page"))
    access_record(user=request.user, obj=person, page="daily notes")
    return render(
        request,
        "records/notes/list.html",
        {
            "person": person,
            "page": page,
            "is_carer": arrangement is not None,
            "may_add_words": services.may_add_words(request.user, person),
            "today": timezone.localdate(),
        },
    )


def note_detail(request, pk):
    """One note, its corrections and the words added to it. Its writer may change it on its day;
    after the day, carers of the household may add a correction."""
    note, arrangement = _get_note(request.user, pk)
    if note.corrects_id:
        # A correction is shown under the note it corrects.
        return redirect(_url(note))
    user, today = request.user, timezone.localdate()
    is_carer = arrangement is not None
    access_record(user=user, obj=note.person, page="daily note")
    return render(
        request,
        "records/notes/detail.html",
        {
            "note": note,
            "person": note.person,
            "corrections": note.corrections.select_related("written_by").order_by("written_at", "pk"),
            "words": note.words.select_related("written_by"),
            "is_carer": is_carer,
            "may_edit": is_carer and note.written_by_id == user.pk and note.day == today,
            "may_correct": is_carer and note.day < today,
            "may_add_words": services.may_add_words(user, note.person),
            "sent_draft_key": request.session.pop(SENT_DRAFT_KEY, None),
        },
    )


def note_create(request, person_id):
    """A carer writes the note of today (or yesterday). What was typed is kept in the browser until
    it is sent, so a lost signal or an ended session does not lose it."""
    arrangement = get_carer_arrangement(request.user, person_id)
    person = arrangement.person
    form = NoteForm(request.POST or None, with_day=True)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_write(
                person_id=person.pk, by=request.user, day=form.cleaned_data["day"], **form.texts()
            )
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Thank you. Your note about {person.known_as} is saved.")
            _sent(request, _draft_key(request.user, person))
            return redirect("records:note_detail", note.pk)
    return render(
        request,
        "records/notes/form.html",
        {
            "person": person,
            "form": form,
            "title": f"Write a note about {person.known_as}",
            "intro": "Start with what went well. Fill in what you can: one box is enough.",
            "submit_label": "Send the note",
            "cancel_url": reverse("records:note_list", args=[person.pk]),
            "draft_key": _draft_key(request.user, person),
        },
    )


def note_edit(request, pk):
    """Its writer changes a note on its own day. After the day, nobody can: the page says to add a
    correction instead (and the service and the database refuse a change posted by hand)."""
    note, arrangement = _get_note(request.user, pk)
    if arrangement is None:
        raise Http404
    if note.written_by_id != request.user.pk:
        raise PermissionDenied
    if note.day < timezone.localdate():
        messages.error(request, "This note's day has passed, so it cannot be changed. Add a correction.")
        return redirect(_url(note))
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(note_id=note.pk, by=request.user, **form.texts())
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Your note is changed.")
            _sent(request, _draft_key(request.user, note.person, note, "edit"))
            return redirect(_url(note))
    access_record(user=request.user, obj=note.person, page="daily note form")
    return render(
        request,
        "records/notes/form.html",
        {
            "person": note.person,
            "note": note,
            "form": form,
            "title": f"Change your note of {date_format(note.day, 'l j F')}",
            "intro": "You can change your note until the end of its day.",
            "submit_label": "Save the note",
            "cancel_url": _url(note),
            "draft_key": _draft_key(request.user, note.person, note, "edit"),
        },
    )


def note_correct(request, pk):
    """After a note's day, a carer of the household adds a correction: a new note, shown under the
    one it corrects. The note itself stays as it was."""
    note, arrangement = _get_note(request.user, pk)
    if arrangement is None:
        raise Http404
    original = note.corrects or note
    if original.day >= timezone.localdate():
        messages.info(request, "This note can still be changed today.")
        return redirect(_url(original))
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_correct(note_id=original.pk, by=request.user, **form.texts())
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Your correction is added under the note.")
            _sent(request, _draft_key(request.user, note.person, original, "correct"))
            return redirect(_url(original))
    access_record(user=request.user, obj=note.person, page="daily note correction")
    return render(
        request,
        "records/notes/form.html",
        {
            "person": note.person,
            "note": original,
            "show_original": True,
            "form": form,
            "title": f"Correct the note of {date_format(original.day, 'l j F')}",
            "intro": "The note stays as it was written. Your correction is shown under it. "
            "Fill in only what needs correcting.",
            "submit_label": "Add the correction",
            "cancel_url": _url(original),
            "draft_key": _draft_key(request.user, note.person, original, "correct"),
        },
    )


@kind_required(User.Kind.PERSON, User.Kind.FAMILY)
def note_add_words(request, pk):
    """The person (or a representative who may see their records) adds their own words to a note:
    they write them, see them back ("Is this right?"), and "Yes, add them" saves them."""
    note, _ = _get_note(request.user, pk)
    if not services.may_add_words(request.user, note.person):
        raise PermissionDenied
    original = note.corrects or note
    is_person = request.user.kind == User.Kind.PERSON
    done_url = reverse("records:my_notes") if is_person else _url(original)
    form = NoteWordsForm(request.POST or None)
    template = "records/notes/words.html"
    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        if "confirm" in request.POST:
            try:
                services.note_words_add(note_id=note.pk, by=request.user, **form.cleaned_data)
            except RecordsError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "Thank you. Your words are added to the note.")
                return redirect(done_url if not is_person else f"{done_url}#note-{original.pk}")
        else:
            template = "records/notes/words_check.html"
    access_record(user=request.user, obj=note.person, page="daily note words")
    return render(
        request,
        template,
        {
            "note": note,
            "person": note.person,
            "form": form,
            "layout": "easy_read/base.html" if is_person else "base.html",
            "is_person": is_person,
            "cancel_url": done_url,
        },
    )


@kind_required(User.Kind.PERSON)
def my_notes(request):
    """The person's own notes in easy read, newest first, with their corrections and the words added."""
    person = Person.objects.filter(user=request.user).first()
    page = None
    if person is not None:
        notes = _notes_with_their_additions(DailyNote.objects.filter(person=person))
        page = Paginator(notes, EASY_READ_PER_PAGE).get_page(request.GET.get("page"))
        access_record(user=request.user, obj=person, page="my notes")
    return render(request, "records/notes/my_notes.html", {"person": person, "page": page})


def _incident_start(note: DailyNote) -> datetime:
    """When the incident happened, as far as the note tells: now if the note is today's, else midday
    of its day."""
    if note.day == timezone.localdate():
        return timezone.localtime().replace(second=0, microsecond=0)
    return timezone.make_aware(datetime.combine(note.day, time(12)))


def _incident_text(note: DailyNote) -> str:
    texts = [text for text in (note.to_watch, note.health_mood) if text.strip()]
    if not texts:
        texts = [getattr(note, name) for name in services.NOTE_FIELDS if getattr(note, name).strip()]
    return "\n\n".join(texts)


@kind_required(User.Kind.CARER)
def note_to_incident(request, pk):
    """The safeguarding incident form, filled in from the note (the person, the day, what it says to
    watch and about health and mood). It is sent to the incident page, which reports it."""
    note, _ = _get_note(request.user, pk)
    form = CarerIncidentForm(
        user=request.user,
        initial={
            "person": note.person_id,
            "occurred_at": _incident_start(note),
            "what_happened": _incident_text(note),
        },
    )
    access_record(user=request.user, obj=note.person, page="daily note to incident")
    return render(
        request,
        "safeguarding/incidents/create.html",
        {
            "form": form,
            "is_carer": True,
            "action": reverse("safeguarding:incident_create"),
            "from_note": note,
        },
    )
