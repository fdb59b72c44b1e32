"""Pages work on a phone (320 CSS px wide) and at 200% zoom, and the staff bar fits at 1280 px.

200% zoom is emulated as its CSS viewport: a 1280x800 window at 200% lays pages out in 640x400
CSS pixels, which is what the browser is given here. At both sizes, on a representative page of
each kind (each role's home, a list, a form, a proposal, the easy-read pages): no sideways
scrolling, the menu opens from its button with the keyboard, and axe finds nothing.
"""

import re

import pytest

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 320, "height": 800}
ZOOM_200 = {"width": 640, "height": 400}
DESKTOP = {"width": 1280, "height": 800}


def _pages(world) -> dict[str, list[str]]:
    p, person, household = world.proposal.pk, world.person.pk, world.household.pk
    return {
        "staff": [
            "/dashboard/",
            "/carers/",
            f"/carers/{household}/checks/",
            "/people/",
            "/people/new/",
            f"/people/{person}/",
            f"/people/{person}/profile/edit/",
            f"/proposals/{p}/",
            "/proposals/",
        ],
        "carer": ["/carer/", "/carer/proposals/", f"/carer/proposals/{p}/", "/carer/household/"],
        "person": ["/me/", "/me/proposals/", f"/me/proposals/{p}/", f"/me/proposals/{p}/answer/interested/"],
        "family": ["/family/", "/family/proposals/", f"/family/proposals/{p}/"],
    }


def _fits(user) -> None:
    width = user.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1] + 1, f"{user.path} scrolls sideways: {width[0]}px of content in {width[1]}px"


def _menu_opens_with_the_keyboard(user, step: str) -> None:
    toggle = user.page.get_by_role("button", name="Show menu")
    assert toggle.is_visible(), f"No menu button on {user.path}"
    user.press(toggle, navigates=False)
    menu = user.page.locator("#main-nav")
    menu.locator(".nav-link").first.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    user.page.wait_for_function("() => !document.querySelector('#main-nav').classList.contains('collapsing')")
    user.shot(step)
    user.press(toggle, navigates=False)  # and closes again
    user.page.wait_for_function("() => !document.querySelector('#main-nav').classList.contains('show')")


def test_pages_work_at_320px_and_at_200_percent_zoom(journey):
    world = sent_proposal()
    code = codes_for()
    users = {
        "staff": (world.coordinator, code()),
        "carer": (world.carer, None),
        "person": (world.person_user, None),
        "family": (world.family_authority, None),
    }
    for role, paths in _pages(world).items():
        account, totp = users[role]
        user = journey.user(role, viewport=PHONE)
        user.sign_in(account.email, PASSWORD, totp=totp)
        for size_name, size in (("320px", PHONE), ("zoom-200", ZOOM_200)):
            user.page.set_viewport_size(size)
            for i, path in enumerate(paths):
                user.open(path)
                _fits(user)
                if i == 0:
                    _menu_opens_with_the_keyboard(user, f"{role}-{size_name}-menu-open")
            user.shot(f"{role}-{size_name}-last-page")
        if role == "staff":
            # The grouped pages are reachable from the collapsed menu too.
            user.page.set_viewport_size(PHONE)
            user.open("/dashboard/")
            user.press(user.page.get_by_role("button", name="Show menu"), navigates=False)
            user.press(user.page.get_by_role("button", name="Scheme set-up"), navigates=False)
            user.follow("Invitations", within="header")
            user.sees("Invitations")
    journey.assert_accessible()


def test_the_staff_bar_fits_at_1280px_and_its_menus_work_with_the_keyboard(journey):
    world = sent_proposal(with_family=False)
    for account in (world.coordinator, world.manager):
        user = journey.user(account.email, viewport=DESKTOP)
        user.sign_in(account.email, PASSWORD, totp=codes_for()())
        user.open("/dashboard/")
        # One line: every item's text on a single line, all at the same height, nothing off-screen.
        items = user.page.evaluate(
            "() => [...document.querySelectorAll('#main-nav .navbar-nav > .nav-item > .nav-link')]"
            ".map(a => { const r = a.getBoundingClientRect();"
            " return [a.textContent.trim(), r.top + r.height / 2, r.height, r.right]; })"
        )
        middles = [round(middle) for _, middle, _, _ in items]
        assert max(middles) - min(middles) <= 2, f"The bar wraps at 1280px for {account.email}: {items}"
        assert all(height < 48 for _, _, height, _ in items), f"Items wrap inside the bar: {items}"
        assert all(right <= DESKTOP["width"] for _, _, _, right in items), f"Items off-screen: {items}"
        _fits(user)
        user.shot("bar-at-1280")

        setup = user.page.get_by_role("button", name="Scheme set-up")
        user.press(setup, navigates=False)
        assert setup.get_attribute("aria-expanded") == "true"
        user.page.keyboard.press("ArrowDown")
        focused = user.page.evaluate("() => document.activeElement.textContent.trim()")
        assert focused == "Payment bands", focused
        user.page.keyboard.press("Escape")
        assert setup.get_attribute("aria-expanded") == "false"
        user.shot("set-up-menu-closed")

        user.press(setup, navigates=False)
        user.shot("set-up-menu-open")
        user.follow("Invitations", within="header")
        current = user.page.locator("header [aria-current=page]")
        assert current.inner_text().strip() == "Invitations"
        assert "active" in (setup.get_attribute("class") or "")

        account_menu = user.page.get_by_role("button", name=re.compile("your account"))
        user.press(account_menu, navigates=False)
        user.submit("Sign out", within="header")
        assert "/accounts/login/" in user.path
    journey.assert_accessible()
