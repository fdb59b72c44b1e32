"""Daily note pages: the carer writes, changes on the day and corrects after it; staff, the person
and representatives who may see records read them; the person adds their words in easy read; a note
becomes an incident report through the safeguarding form. Outsiders get 404."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from records.models import DailyNote, NoteWords
from safeguarding.models import Incident
from sharedlives.audit.models import AccessLog

from .notes_helpers import end_arrangement, make_note, yesterday

pytestmark = pytest.mark.django_db


def _new(person):
    return reverse("records:note_create", args=[person.pk])


def _list(person):
    return reverse("records:note_list", args=[person.pk])


def _detail(note):
    return reverse("records:note_detail", args=[note.pk])


def _post(day=None, **texts):
    return {"day": (day or timezone.localdate()).isoformat(), "went_well": "Pat made us all laugh."} | texts


# --- The carer writes -----------------------------------------------------------------------------
def test_carer_form_puts_what_went_well_first_and_keeps_a_draft_in_the_browser(
    client_carer, arrangement_px, person_p, carer_user
):
    response = client_carer.get(_new(person_p))
    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "day",
        "went_well",
        "activities",
        "saw",
        "health_mood",
        "to_watch",
    ]
    html = response.content.decode()
    assert f'"records-note:{carer_user.pk}:{person_p.pk}:new"' in html
    assert f'nonce="{response.wsgi_request.csp_nonce}"' in html
    assert "Your unsent note was restored" in html


def test_carer_writes_a_note_and_sees_it(client_carer, arrangement_px, person_p, carer_user):
    response = client_carer.post(_new(person_p), _post(to_watch="A bit of a cough."))
    note = DailyNote.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(note)
    assert (note.written_by, note.household_id, note.to_watch) == (
        carer_user,
        arrangement_px.household_id,
        "A bit of a cough.",
    )
    page = client_carer.get(_detail(note))
    html = page.content.decode()
    assert "Pat made us all laugh." in html and "Report this as an incident" in html
    # The browser is told to forget the draft once, after the send.
    assert f'"records-note:{carer_user.pk}:{person_p.pk}:new"' in html
    assert 'id="note-draft-sent"' in html
    assert 'id="note-draft-sent"' not in client_carer.get(_detail(note)).content.decode()


def test_carer_may_write_yesterdays_note(client_carer, arrangement_px, person_p):
    client_carer.post(_new(person_p), _post(day=yesterday()))
    assert DailyNote.objects.get().day == yesterday()


def test_an_empty_note_is_refused_with_a_message_and_keeps_the_form(client_carer, arrangement_px, person_p):
    response = client_carer.post(_new(person_p), _post(went_well="  "))
    assert response.status_code == 200
    assert "Write something in at least one box." in response.content.decode()
    assert not DailyNote.objects.exists()


def test_a_note_of_tomorrow_posted_by_hand_is_refused(client_carer, arrangement_px, person_p):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_carer.post(_new(person_p), _post(day=tomorrow))
    assert response.status_code == 200
    assert "has not happened yet" in response.content.decode()
    assert not DailyNote.objects.exists()


def test_carer_of_another_household_gets_404(client_carer_y, household_y, arrangement_px, person_p):
    assert client_carer_y.get(_new(person_p)).status_code == 404
    assert client_carer_y.post(_new(person_p), _post()).status_code == 404
    assert client_carer_y.get(_list(person_p)).status_code == 404
    assert not DailyNote.objects.exists()


def test_carer_gets_404_before_the_arrangement_is_confirmed(client_carer, household_x, person_p):
    assert client_carer.get(_new(person_p)).status_code == 404
    assert client_carer.get(_list(person_p)).status_code == 404


def test_carer_gets_404_once_the_arrangement_has_ended(client_carer, arrangement_px, person_p, carer_user):
    note = make_note(arrangement_px, carer_user, day=yesterday())
    end_arrangement(arrangement_px)
    assert client_carer.get(_new(person_p)).status_code == 404
    assert client_carer.get(_list(person_p)).status_code == 404
    assert client_carer.get(_detail(note)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(anon_client, arrangement_px, person_p):
    response = anon_client.get(_list(person_p))
    assert response.status_code == 302 and "login" in response["Location"]


# --- Changed on its day, corrected after it --------------------------------------------------------
def test_carer_changes_their_note_on_its_day(client_carer, arrangement_px, carer_user):
    note = make_note(arrangement_px, carer_user)
    edit = reverse("records:note_edit", args=[note.pk])
    assert "Change the note" in client_carer.get(_detail(note)).content.decode()
    response = client_carer.post(edit, {"went_well": "Pat baked two cakes.", "saw": "Gran"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.went_well, note.saw) == ("Pat baked two cakes.", "Gran")


def test_an_old_note_posted_by_hand_to_its_edit_page_is_not_changed(client_carer, arrangement_px, carer_user):
    note = make_note(arrangement_px, carer_user, day=yesterday())
    edit = reverse("records:note_edit", args=[note.pk])
    page = client_carer.get(_detail(note)).content.decode()
    assert "Change the note" not in page and "Add a correction" in page
    response = client_carer.post(edit, {"went_well": "Rewritten."}, follow=True)
    assert "cannot be changed" in response.content.decode()
    note.refresh_from_db()
    assert note.went_well == "Pat baked a cake and shared it."
    # The database refuses it too.
    with pytest.raises(DatabaseError, match="fixed_after_its_day"), transaction.atomic():
        DailyNote.objects.filter(pk=note.pk).update(went_well="Rewritten.")


def test_another_carer_of_the_household_cannot_change_the_note(client_carer, arrangement_px, coordinator_a):
    note = make_note(arrangement_px, coordinator_a)
    response = client_carer.post(reverse("records:note_edit", args=[note.pk]), {"went_well": "Mine now."})
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.went_well == "Pat baked a cake and shared it."


def test_a_correction_is_a_new_note_shown_under_the_original(client_carer, arrangement_px, carer_user):
    old = make_note(arrangement_px, carer_user, day=yesterday())
    response = client_carer.post(
        reverse("records:note_correct", args=[old.pk]), {"activities": "It was the park, not the beach."}
    )
    assert response.status_code == 302
    correction = DailyNote.objects.get(corrects=old)
    assert (correction.day, correction.written_by) == (timezone.localdate(), carer_user)
    html = client_carer.get(_detail(old)).content.decode()
    assert "Corrected on" in html and "It was the park, not the beach." in html
    assert "Pat baked a cake and shared it." in html
    # The list shows it under the note, not as a note of its own.
    listed = client_carer.get(_list(old.person)).context["page"].object_list
    assert list(listed) == [old]


def test_carer_sees_only_their_own_households_notes(
    client_carer, arrangement_px, person_p, carer_user, household_y, carer_y_user
):
    ours = make_note(arrangement_px, carer_user)
    theirs = make_note(arrangement_px, carer_y_user, household=household_y, went_well="Y's note.")
    assert list(client_carer.get(_list(person_p)).context["page"].object_list) == [ours]
    assert client_carer.get(_detail(theirs)).status_code == 404


# --- Readers: staff, the person, their representatives ----------------------------------------------
def test_staff_of_the_scheme_read_the_notes_and_each_view_is_logged(
    client_coordinator_a, arrangement_px, person_p, carer_user, coordinator_a
):
    note = make_note(arrangement_px, carer_user, to_watch="Sleeping badly.")
    response = client_coordinator_a.get(_list(person_p))
    assert response.status_code == 200 and "Sleeping badly." in response.content.decode()
    assert client_coordinator_a.get(_detail(note)).status_code == 200
    assert set(
        AccessLog.objects.filter(user=coordinator_a, object_id=person_p.pk).values_list("page", flat=True)
    ) == {"daily notes", "daily note"}


def test_staff_of_scheme_b_get_404(client_coordinator_b, arrangement_px, person_p, carer_user):
    note = make_note(arrangement_px, carer_user)
    assert client_coordinator_b.get(_list(person_p)).status_code == 404
    assert client_coordinator_b.get(_detail(note)).status_code == 404


def test_person_reads_their_own_notes_in_easy_read(client_person, arrangement_px, person_p, carer_user):
    make_note(arrangement_px, carer_user, activities="Swimming.")
    response = client_person.get(reverse("records:my_notes"))
    html = response.content.decode()
    assert response.status_code == 200 and "easy-read" in html
    assert "What you did" in html and "Swimming." in html
    assert client_person.get(_list(person_p))["Location"] == reverse("records:my_notes")
    assert "Read what your carers wrote" in client_person.get(reverse("home"), follow=True).content.decode()


def test_person_adds_their_words_after_checking_them(client_person, arrangement_px, carer_user, person_user):
    note = make_note(arrangement_px, carer_user)
    words = reverse("records:note_add_words", args=[note.pk])
    assert "easy-read" in client_person.get(words).content.decode()
    check = client_person.post(words, {"words": "I loved the cake."})
    assert "Is this right?" in check.content.decode()
    assert not NoteWords.objects.exists()  # nothing is kept until they say yes
    changed = client_person.post(words, {"words": "I loved the cake.", "change": "1"})
    assert "I loved the cake." in changed.content.decode() and not NoteWords.objects.exists()
    response = client_person.post(words, {"words": "I loved the cake.", "confirm": "1"})
    assert response.status_code == 302
    assert list(NoteWords.objects.values_list("words", "written_by")) == [
        ("I loved the cake.", person_user.pk)
    ]
    assert "Your words" in client_person.get(reverse("records:my_notes")).content.decode()


def test_a_representative_who_may_see_records_reads_the_notes_and_adds_words(
    client_family_sees_records, arrangement_px, person_p, carer_user
):
    note = make_note(arrangement_px, carer_user)
    assert client_family_sees_records.get(_list(person_p)).status_code == 200
    assert (
        "Read the daily notes"
        in client_family_sees_records.get(reverse("home"), follow=True).content.decode()
    )
    words = reverse("records:note_add_words", args=[note.pk])
    client_family_sees_records.post(words, {"words": "So glad.", "confirm": "1"})
    assert "Words from Wendy" in client_family_sees_records.get(_detail(note)).content.decode()


def test_a_representative_who_may_not_see_records_gets_404(
    client_family_with_authority, arrangement_px, person_p, carer_user
):
    note = make_note(arrangement_px, carer_user)
    assert client_family_with_authority.get(_list(person_p)).status_code == 404
    assert client_family_with_authority.get(_detail(note)).status_code == 404
    words = reverse("records:note_add_words", args=[note.pk])
    assert client_family_with_authority.post(words, {"words": "x", "confirm": "1"}).status_code == 404
    assert not NoteWords.objects.exists()


# session, user, memberships, the person, count, access log, a page of notes (+writers), their
# corrections (+writers), their words (+writers)
LIST_QUERIES = 9


def test_the_list_uses_the_same_number_of_queries_for_3_or_30_notes(
    client_coordinator_a, arrangement_px, person_p, carer_user, person_user, django_assert_num_queries
):
    def notes(n):
        for i in range(n):
            note = make_note(arrangement_px, carer_user, day=timezone.localdate() - timedelta(days=i))
            NoteWords.objects.create(note=note, words="Good day.", written_by=person_user)
            if i:
                make_note(arrangement_px, carer_user, corrects=note, saw="Mum.")

    notes(3)
    client_coordinator_a.get(_list(person_p))  # the first page of a sign-in saves its session
    with django_assert_num_queries(LIST_QUERIES):
        client_coordinator_a.get(_list(person_p))
    notes(27)
    with django_assert_num_queries(LIST_QUERIES):
        client_coordinator_a.get(_list(person_p))


# --- From a note to an incident report -------------------------------------------------------------
def test_note_opens_the_incident_form_filled_in_and_posting_it_reports_the_incident(
    client_carer, arrangement_px, person_p, carer_user
):
    note = make_note(arrangement_px, carer_user, day=yesterday(), to_watch="A bruise on her arm.")
    response = client_carer.get(reverse("records:note_to_incident", args=[note.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["person"] == person_p.pk
    assert "A bruise on her arm." in form.initial["what_happened"]
    assert timezone.localtime(form.initial["occurred_at"]).date() == yesterday()
    html = response.content.decode()
    assert f'action="{reverse("safeguarding:incident_create")}"' in html
    assert "starts from your daily note" in html

    occurred = timezone.localtime(form.initial["occurred_at"]).strftime("%Y-%m-%dT%H:%M")
    data = {
        "kind": "accident",
        "occurred_at": occurred,
        "location": "At home",
        "person": person_p.pk,
        "what_happened": form.initial["what_happened"],
        "harm": "minor",
        "injuries": "A bruise on the arm.",
        "medical_help": "none",
        "immediate_action": "Checked it and watched it.",
    }
    response = client_carer.post(reverse("safeguarding:incident_create"), data)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.person, incident.reported_by, incident.household_id) == (
        person_p,
        carer_user,
        arrangement_px.household_id,
    )
    assert incident.transitions.count() == 1  # reported through the safeguarding service


def test_only_carers_of_the_household_turn_a_note_into_an_incident(
    client_coordinator_a, client_carer_y, household_y, arrangement_px, carer_user
):
    note = make_note(arrangement_px, carer_user)
    url = reverse("records:note_to_incident", args=[note.pk])
    assert client_carer_y.get(url).status_code == 404
    assert client_coordinator_a.get(url).status_code == 403
