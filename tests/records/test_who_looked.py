"""Every records page that logs a look at a person's record says, on the person's "who looked" page,
what was looked at in plain words."""

import re
from pathlib import Path

from people.selectors import PAGE_PHRASES

VIEWS = Path(__file__).resolve().parents[2] / "records" / "views"


def test_every_logged_records_page_has_plain_words():
    pages = {
        page for module in VIEWS.glob("*.py") for page in re.findall(r'page="([^"]+)"', module.read_text())
    }
    assert pages, "no logged pages found"
    assert not pages - set(PAGE_PHRASES), sorted(pages - set(PAGE_PHRASES))


def test_the_person_reads_that_their_carer_looked_at_their_support_plan(
    client_carer, client_person, arrangement_px, person_p
):
    from django.urls import reverse

    assert client_carer.get(reverse("records:support", args=[person_p.pk])).status_code == 200
    page = client_person.get(reverse("people:person_who_looked")).content.decode()
    assert "looked at your support plan, as a carer" in page
