"""The admin: notes, doses and money are made on the app's pages, and are read-only once their day has
passed, as the database also insists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import DailyNote

pytestmark = pytest.mark.django_db


def note(arrangement, by, day):
    return DailyNote.objects.create(
        scheme=arrangement.scheme,
        arrangement=arrangement,
        person=arrangement.person,
        household=arrangement.household,
        day=day,
        went_well="A walk by the river",
        written_by=by,
    )


def test_a_note_of_an_earlier_day_is_read_only_in_the_admin(client_admin, arrangement_px, carer_user):
    old = note(arrangement_px, carer_user, timezone.localdate() - timedelta(days=1))
    url = reverse("admin:records_dailynote_change", args=[old.pk])
    page = client_admin.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client_admin.post(url, {"went_well": "Changed"}).status_code == 403
    old.refresh_from_db()
    assert old.went_well == "A walk by the river"


def test_todays_note_may_be_corrected_in_the_admin_and_none_is_added_or_deleted(
    client_admin, arrangement_px, carer_user
):
    today = note(arrangement_px, carer_user, timezone.localdate())
    page = client_admin.get(reverse("admin:records_dailynote_change", args=[today.pk]))
    assert 'name="_save"' in page.content.decode()
    assert client_admin.get(reverse("admin:records_dailynote_add")).status_code == 403
    assert client_admin.get(reverse("admin:records_dailynote_delete", args=[today.pk])).status_code == 403
