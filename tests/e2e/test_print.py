"""Print pages for panels and meetings, printed by Chromium to A4 PDF: the record fits the paper,
the site's header, buttons and forms stay off it, and the pages themselves pass axe on screen."""

import re

import pytest
from django.urls import reverse

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A4 is 210 mm wide; print.css leaves 16 mm each side: 178 mm of content, at 96 CSS px per inch.
A4_CONTENT_PX = 178 / 25.4 * 96


def _pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_carer_profile_person_profile_and_proposal_summary_print_on_a4(journey):
    world = sent_proposal(with_family=False)
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=codes_for()())
    for name, url, heading in [
        ("carer-profile", reverse("carers:household_print", args=[world.household.pk]), "Carer profile"),
        ("person-profile", reverse("people:person_print", args=[world.person.pk]), "One-page profile"),
        (
            "proposal-summary",
            reverse("matching:proposal_print", args=[world.proposal.pk]),
            "Proposal summary",
        ),
    ]:
        coordinator.open(url)
        coordinator.sees(heading)
        page = coordinator.page
        # The print stylesheet, on a window as wide as the A4 page's content.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": int(A4_CONTENT_PX), "height": 1000})
        hidden = page.evaluate(
            """() => ['header', '#print-button', '.skip-link'].map(s => {
                const e = document.querySelector(s);
                return !e || getComputedStyle(e).display === 'none';
            })"""
        )
        assert all(hidden), f"{name}: the site's header or buttons would be printed"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= int(A4_CONTENT_PX) + 1, f"{name}: {width} px wide, more than an A4 page holds"
        pdf = page.pdf(format="A4", print_background=False)
        (journey.folder / f"{name}.pdf").write_bytes(pdf)
        assert 1 <= _pages_in(pdf) <= 3, f"{name}: {_pages_in(pdf)} A4 pages"
        page.emulate_media(media="screen")
        page.set_viewport_size(journey.viewport)
        coordinator.shot(name)
    journey.assert_accessible()
