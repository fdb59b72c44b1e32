"""Daily reminders by email, sent by `manage.py send_reminders`.

Coordinators of each scheme hear about checks that have expired or expire within 30 days, reviews
overdue or due within 14 days and proposals whose carers must answer within 2 days. Carers hear
about their own checks (personal ones, and those of their home).

Each reminder is about one item for one period: a check and its expiry date, an arrangement and its
review due date, a proposal and its deadline. One `ReminderSent` row per (kind, key, recipient) is
inserted before the email goes, in the same transaction: a second run finds the rows and sends
nothing; a failed send rolls the rows back, so the next run tries again. A renewed check, a recorded
review or a moved deadline is a new period, so it is reminded again.

Emails name people supported by their initials only; the detail is behind the sign-in link.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from arrangements.models import Arrangement, ReminderSent
from arrangements.services.reviews import reviews_due
from carers.models import CLOSED_STATUSES as CLOSED_HOUSEHOLD_STATUSES
from carers.models import EXPIRING_WITHIN_DAYS, Carer, Check
from matching.models import MatchProposal, ProposalStatus
from sharedlives.accounts.models import SchemeMembership

PROPOSAL_DEADLINE_WITHIN_DAYS = 2

logger = logging.getLogger(__name__)


class Kind:
    CHECK = "check_expiring"
    REVIEW = "review_due"
    PROPOSAL = "proposal_deadline"
    MY_CHECK = "own_check_expiring"


SECTION_TITLES = {
    Kind.CHECK: "Checks expired or expiring",
    Kind.REVIEW: "Reviews due",
    Kind.PROPOSAL: "Proposals waiting for the carers' answer",
    Kind.MY_CHECK: "Your checks and training",
}


@dataclass(frozen=True)
class Item:
    """One thing to remind someone about, for one period."""

    kind: str
    key: str  # what it is about and for which period, e.g. "check:12:2031-03-01"
    scheme: str
    text: str
    link: str


@dataclass
class Recipient:
    email: str
    name: str
    is_staff: bool
    items: list[Item] = field(default_factory=list)


@dataclass
class Summary:
    emails: int = 0
    reminders: int = 0
    already_sent: int = 0
    failed: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def lines(self) -> list[str]:
        out = [f"Sent {self.emails} email{'s' if self.emails != 1 else ''} with {self.reminders} reminders."]
        out += [f"  {SECTION_TITLES[kind]}: {n}" for kind, n in sorted(self.by_kind.items())]
        out.append(f"Already sent on an earlier run, so not sent again: {self.already_sent}.")
        if self.failed:
            out.append(f"Failed, to be tried again on the next run: {', '.join(self.failed)}.")
        return out


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _long(day: date) -> str:
    return date_format(day, "j F Y")


def _when(day: date, today: date, *, future: str, past: str) -> str:
    return f"{past} {_long(day)}" if day < today else f"{future} {_long(day)}"


# --- What is due ---------------------------------------------------------------------------------


def _staff_by_scheme() -> dict[int, list[tuple[str, str]]]:
    """(email, first name) of each scheme's active coordinators; its managers if it has none."""
    coordinators, managers = defaultdict(list), defaultdict(list)
    memberships = SchemeMembership.objects.filter(user__is_active=True).select_related("user")
    for m in memberships.order_by("scheme_id", "user__email"):
        target = coordinators if m.role == SchemeMembership.Role.COORDINATOR else managers
        target[m.scheme_id].append((m.user.email, m.user.get_short_name()))
    return {
        scheme_id: coordinators.get(scheme_id) or managers[scheme_id]
        for scheme_id in {*coordinators, *managers}
    }


def _checks_due(today: date):
    return (
        Check.objects.due_within(EXPIRING_WITHIN_DAYS, on=today)
        .exclude(household__status__in=CLOSED_HOUSEHOLD_STATUSES)
        .select_related("household__scheme", "carer__user")
        .order_by("expires_on", "pk")
    )


def _carer_accounts(household_ids: Iterable[int]) -> dict[int, list[Carer]]:
    """Carers who can sign in, by household: they hear about the checks of their home."""
    out = defaultdict(list)
    carers = Carer.objects.filter(household_id__in=set(household_ids), user__is_active=True).select_related(
        "user"
    )
    for carer in carers:
        out[carer.household_id].append(carer)
    return out


def collect(today: date) -> dict[str, Recipient]:
    """Everything due today, by recipient email. A fixed number of queries, whatever the data."""
    staff = _staff_by_scheme()
    recipients: dict[str, Recipient] = {}

    def add(email: str, name: str, item: Item, *, is_staff: bool) -> None:
        recipient = recipients.setdefault(email.lower(), Recipient(email=email, name=name, is_staff=is_staff))
        recipient.items.append(item)

    def to_staff(scheme_id: int, item: Item) -> None:
        for email, name in staff.get(scheme_id, []):
            add(email, name, item, is_staff=True)

    checks = list(_checks_due(today))
    carers_of = _carer_accounts(c.household_id for c in checks if c.carer_id is None)
    for check in checks:
        household = check.household
        whose = f"{check.carer.full_name} ({household.name})" if check.carer_id else household.name
        when = _when(check.expires_on, today, future="expires on", past="expired on")
        period = f"check:{check.pk}:{check.expires_on.isoformat()}"
        to_staff(
            household.scheme_id,
            Item(
                Kind.CHECK,
                period,
                household.scheme.name,
                f"{check.label} for {whose} {when}.",
                _link("carers:household_checks", household.pk),
            ),
        )
        owners = [check.carer] if check.carer_id else carers_of.get(check.household_id, [])
        for carer in owners:
            if carer.user_id and carer.user.is_active:
                what = check.label if check.carer_id else f"{check.label} (your home)"
                add(
                    carer.user.email,
                    carer.first_name,
                    Item(
                        Kind.MY_CHECK,
                        period,
                        household.scheme.name,
                        f"{what} {when}.",
                        _link("carers:my_household"),
                    ),
                    is_staff=False,
                )

    arrangements = reviews_due(
        Arrangement.objects.select_related("person", "household", "scheme"), today=today
    )
    for a in arrangements:
        due = a.next_review_due
        to_staff(
            a.scheme_id,
            Item(
                Kind.REVIEW,
                f"review:{a.pk}:{due.isoformat()}",
                a.scheme.name,
                f"Review of {a.person.initials}'s {a.get_support_type_display().lower()} arrangement with "
                f"{a.household.name}: {_when(due, today, future='due by', past='overdue since')}.",
                _link("arrangements:arrangement_reviews", a.pk),
            ),
        )

    proposals = MatchProposal.objects.filter(
        status=ProposalStatus.PROPOSED,
        carer_deadline__gte=today,
        carer_deadline__lte=today + timedelta(days=PROPOSAL_DEADLINE_WITHIN_DAYS),
    ).select_related("person", "household", "scheme")
    for p in proposals.order_by("carer_deadline", "pk"):
        to_staff(
            p.scheme_id,
            Item(
                Kind.PROPOSAL,
                f"proposal:{p.pk}:{p.carer_deadline.isoformat()}",
                p.scheme.name,
                f"{p.person.initials} with {p.household.name}: the carers have until "
                f"{_long(p.carer_deadline)} to answer, or the proposal lapses.",
                _link("matching:proposal_detail", p.pk),
            ),
        )
    return recipients


# --- Sending -------------------------------------------------------------------------------------


def _claim(recipient: str, items: list[Item]) -> set[tuple[str, str]]:
    """Insert a ReminderSent row for each item not yet sent to `recipient`; return the (kind, key)
    pairs inserted now. ON CONFLICT makes a concurrent run wait for this one and then skip the rows."""
    table = ReminderSent._meta.db_table
    now = timezone.now()
    rows = [(item.kind, item.key, recipient, now) for item in items]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, key, recipient, sent_at) VALUES {values} "
            "ON CONFLICT (kind, key, recipient) DO NOTHING RETURNING kind, key",
            [value for row in rows for value in row],
        )
        return {(kind, key) for kind, key in cursor.fetchall()}


def _message(recipient: Recipient, items: list[Item], conn) -> EmailMessage:
    sections = defaultdict(list)
    for item in items:
        sections[item.kind].append(item)
    schemes = sorted({item.scheme for item in items})
    context = {
        "name": recipient.name,
        "sections": [(SECTION_TITLES[kind], sections[kind]) for kind in SECTION_TITLES if kind in sections],
        "schemes": schemes,
        "count": len(items),
    }
    if recipient.is_staff:
        subject = f"Shared Lives reminders: {len(items)} thing{'s' if len(items) != 1 else ''} to look at"
        body = render_to_string("reports/email/reminders_staff.txt", context)
    else:
        subject = "Shared Lives: a check or training to renew"
        body = render_to_string("reports/email/reminders_carer.txt", context)
    return EmailMessage(subject, body, None, [recipient.email], connection=conn)


def send_reminders(
    *, today: date | None = None, progress: Callable[[int, int], None] | None = None
) -> Summary:
    """Send today's reminders, each once per item and period per recipient. Safe to run again."""
    day = today or timezone.localdate()
    recipients = collect(day)
    summary = Summary()
    total = len(recipients)
    conn = get_connection()
    with conn:
        for done, recipient in enumerate(recipients.values(), start=1):
            # Insert then send, in one transaction: if sending fails the rows go, and the next run
            # retries; once committed, no later run sends these again.
            try:
                with transaction.atomic():
                    claimed = _claim(recipient.email.lower(), recipient.items)
                    fresh = [item for item in recipient.items if (item.kind, item.key) in claimed]
                    if fresh:
                        _message(recipient, fresh, conn).send()
            except Exception:
                # One bad address or a mail server hiccup must not stop everyone else's reminders.
                logger.exception("Reminders to %s not sent; the next run will try again.", recipient.email)
                summary.failed.append(recipient.email)
            else:
                summary.already_sent += len(recipient.items) - len(fresh)
                if fresh:
                    summary.emails += 1
                    summary.reminders += len(fresh)
                    for item in fresh:
                        summary.by_kind[item.kind] += 1
            if progress:
                progress(done, total)
    return summary
