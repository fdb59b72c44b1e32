"""Driving the app like a person at a keyboard, checking every page with axe-core on the way.

`Journey` belongs to one test: it names the screenshot folder and collects the accessibility
violations of every page any of its users opened. `User` is one person in their own browser
context (their own cookies), who moves with Tab, Enter, Space and the arrow keys only: an element
that cannot be reached with Tab cannot be used, and the test fails saying so.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules a failing page breaks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# A page longer than this many Tab stops is a finding in itself.
MAX_TAB_PRESSES = 400

_axe = Axe()
_date_order: str | None = None


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    url: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) on {self.url}: {self.help}\n      " + "\n      ".join(
            self.targets
        )


@dataclass
class Journey:
    """One test's record: screenshots in tests/e2e/screenshots/<name>/, axe results of every page."""

    name: str
    browser: Browser
    base_url: str
    viewport: dict = field(default_factory=lambda: {"width": 1280, "height": 800})
    violations: list[Violation] = field(default_factory=list)
    pages_checked: list[str] = field(default_factory=list)
    shots: int = 0
    tab_presses: int = 0
    axe_seconds: float = 0.0
    load_seconds: float = 0.0

    def __post_init__(self):
        self.folder = SCREENSHOTS / self.name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self._contexts = []

    def user(self, label: str, **context_options) -> User:
        """A new browser (cookies of its own) for one person."""
        options = {"viewport": self.viewport, "locale": "en-GB", "timezone_id": "Europe/London"}
        options.update(context_options)
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(5_000)
        self._contexts.append(context)
        return User(label=label, journey=self, page=context.new_page())

    def date_order(self) -> str:
        """How this browser wants a date typed, found once by typing 1 February 2003."""
        global _date_order
        if _date_order is None:
            context = self.browser.new_context(locale="en-GB")
            page = context.new_page()
            page.set_content("<input type=date aria-label=d>")
            page.keyboard.press("Tab")
            page.keyboard.type("01022003")
            typed = page.locator("input").input_value()
            context.close()
            _date_order = {"2003-02-01": "%d%m%Y", "2003-01-02": "%m%d%Y"}.get(typed)
            assert _date_order, f"Unknown date input order: 01022003 gave {typed!r}"
        return _date_order

    def check_accessibility(self, page: Page) -> None:
        started = time.monotonic()
        results = _axe.run(page, options=AXE_OPTIONS).response
        self.axe_seconds += time.monotonic() - started
        url = page.url.removeprefix(self.base_url)
        self.pages_checked.append(url)
        for v in results["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
            self.violations.append(Violation(v["id"], v.get("impact") or "", v["help"], url, targets))

    def screenshot(self, page: Page, step: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def assert_accessible(self) -> None:
        """Fails with every WCAG 2.2 A/AA violation found on the pages of this journey."""
        assert self.pages_checked, "No page was checked with axe."
        if self.violations:
            lines = "\n".join(f"  - {v}" for v in self.violations)
            raise AssertionError(f"axe found {len(self.violations)} WCAG A/AA violation(s):\n{lines}")

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        print(f"\nScreenshots of '{self.name}': {self.folder}")
        print(
            f"{len(self.pages_checked)} pages checked with axe in {self.axe_seconds:.1f}s; "
            f"{self.tab_presses} presses of Tab; {self.load_seconds:.1f}s waiting for pages"
        )


@dataclass
class User:
    label: str
    journey: Journey
    page: Page

    # --- Pages ----------------------------------------------------------------------------------

    def open(self, path: str) -> None:
        """Type an address into the browser."""
        self.page.goto(path)
        self.loaded()

    def loaded(self) -> None:
        """A new page has loaded: check it with axe."""
        self.page.wait_for_load_state("load")
        self.journey.check_accessibility(self.page)

    def shot(self, step: str) -> Path:
        return self.journey.screenshot(self.page, step)

    def sees(self, text: str) -> None:
        main = self.page.locator("main")
        assert main.get_by_text(text, exact=False).count() > 0, (
            f"{self.label} expected to see {text!r} on {self.page.url}; the page says:\n"
            + main.inner_text()[:6000]
        )

    def does_not_see(self, text: str) -> None:
        body = self.page.locator("body").inner_text()
        assert text not in body, f"{self.label} should not see {text!r} on {self.page.url}"

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.journey.base_url)

    # --- Keyboard -------------------------------------------------------------------------------

    def tab_to(self, target: Locator) -> None:
        """Press Tab until `target` has the focus; fails if it is not in the tab order."""
        target.wait_for(state="visible")
        target.evaluate("el => el.setAttribute('data-e2e-target', '')")
        try:
            for _ in range(MAX_TAB_PRESSES):
                if self._focus_on_target():
                    return
                self.page.keyboard.press("Tab")
                self.journey.tab_presses += 1
            raise AssertionError(
                f"{self.label} could not reach {target} with the Tab key on {self.page.url} "
                f"({MAX_TAB_PRESSES} presses)."
            )
        finally:
            target.evaluate("el => el.removeAttribute('data-e2e-target')")

    def _focus_on_target(self) -> bool:
        return self.page.evaluate(
            "() => { const a = document.activeElement;"
            " return !!a && (a.hasAttribute('data-e2e-target') || !!a.closest('[data-e2e-target]')); }"
        )

    def press(self, target: Locator, key: str = "Enter", *, navigates: bool = True) -> None:
        """Tab to a link or button and press Enter (or Space)."""
        self.tab_to(target)
        if navigates:
            started = time.monotonic()
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.journey.load_seconds += time.monotonic() - started
            self.loaded()
        else:
            self.page.keyboard.press(key)

    def follow(self, name: str | re.Pattern, *, within: str = "body", exact: bool = False) -> None:
        """Follow the link called `name`."""
        self.press(self.page.locator(within).get_by_role("link", name=name, exact=exact).first)

    def submit(self, name: str | re.Pattern, *, within: str = "main", exact: bool = False) -> None:
        """Press the button called `name`, which sends a form."""
        self.press(self.page.locator(within).get_by_role("button", name=name, exact=exact).first)

    def field(self, label: str | re.Pattern, within: str = "main", exact: bool = False) -> Locator:
        """A form field by its label, or by its id ("#id_name")."""
        if isinstance(label, str) and label.startswith("#"):
            return self.page.locator(label)
        return self.page.locator(within).get_by_label(label, exact=exact).first

    def type_into(
        self, label: str | re.Pattern, text: str, *, within: str = "main", exact: bool = False
    ) -> None:
        field = self.field(label, within, exact)
        self.tab_to(field)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)
        assert field.input_value() == text, f"Typing into {label!r} gave {field.input_value()!r}"

    def type_date(self, label: str | re.Pattern, day: date, *, within: str = "main") -> None:
        """A date field, typed in the order the browser shows its parts (day, month, year in
        en-GB; Debian's Chromium without locales installed shows month, day, year)."""
        field = self.field(label, within, False)
        self.tab_to(field)
        self.page.keyboard.type(day.strftime(self.journey.date_order()))
        assert field.input_value() == day.isoformat(), (
            f"Typing {day} into {label!r} gave {field.input_value()!r}"
        )

    def pick(self, label: str | re.Pattern, option: str, *, within: str = "main") -> None:
        """Choose an option of a drop-down list with the arrow keys."""
        select = self.field(label, within, False)
        self.tab_to(select)
        texts = [t.strip() for t in select.locator("option").all_inner_texts()]
        assert option in texts, f"{option!r} is not one of {texts} in {label!r}"
        self.page.keyboard.press("Home")
        for _ in range(len(texts)):
            if select.evaluate("s => s.options[s.selectedIndex].text.trim()") == option:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"Could not choose {option!r} in {label!r} with the arrow keys.")

    def tick(self, label: str | re.Pattern, *, within: str = "main", exact: bool = True) -> None:
        """Tick a checkbox with Space."""
        box = self.field(label, within, exact)
        self.tab_to(box)
        if not box.is_checked():
            self.page.keyboard.press("Space")
        assert box.is_checked(), f"{label!r} did not tick"

    def choose(self, label: str | re.Pattern, *, within: str = "main", exact: bool = True) -> None:
        """Choose a radio button: Tab into its group, then the arrow keys."""
        radio = self.field(label, within, exact)
        name = radio.get_attribute("name")
        group = self.page.locator(within).locator(f"input[type=radio][name='{name}']")
        # Tab stops at the ticked radio of a group, or at its first when none is ticked.
        checked = self.page.locator(within).locator(f"input[type=radio][name='{name}']:checked")
        self.tab_to(checked if checked.count() else group.first)
        for _ in range(group.count() + 1):
            if radio.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"Could not choose {label!r} with the arrow keys.")

    # --- Signing in -------------------------------------------------------------------------------

    def sign_in(self, email: str, password: str, *, totp: str | None = None) -> None:
        """Sign in from the login page, with the authenticator code when asked for one."""
        if "/accounts/login/" not in self.page.url:
            self.open("/accounts/login/")
        self.type_into("Email", email)
        self.type_into("Password", password)
        self.submit(re.compile(r"^Sign in$"))
        if "/accounts/2fa/authenticate/" in self.page.url:
            assert totp is not None, f"{email} was asked for an authenticator code"
            self.type_into("Code", totp)
            self.submit(re.compile(r"^Sign in$"))
        assert "/accounts/login/" not in self.page.url, f"Signing in as {email} failed on {self.page.url}"
