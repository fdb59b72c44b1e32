"""What the audit app asks of the apps above it, which it never imports.

Retention, the subject access export and the audit pages need answers that only the apps holding
the records can give: whether a person's record is still in use, from which day its retention
period runs, which households have ended. Each app registers its answers here from its
`AppConfig.ready()`, written with its own models and status enums, and the audit app asks.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

# Each takes the person's primary key as an expression (OuterRef("pk")) and returns an Exists():
# true while that app still uses the person's record (an open referral, a live arrangement).
person_in_use: list[Callable] = []
# Each takes the same expression and returns a subquery of a date: the last day that app used the
# record (the day the last referral closed, the day the last arrangement ended), or NULL.
person_last_used: list[Callable] = []


@dataclass(frozen=True)
class Withheld:
    """Which rows of one model a person is not given in their subject access export, and why.
    `rows` returns a Q of those rows; `reason_field` names the field that says why, in words a
    person may read ("Withheld because ..."), or is empty when `reason` says it for every row."""

    rows: Callable[[], Q]
    reason_field: str = ""
    reason: str = "an exemption applies"


# By model label ("safeguarding.concern"). The export leaves these rows out, and everything that
# belongs to them (their status changes, notifications, documents), and says how many and why.
export_withheld: dict[str, Withheld] = {}


def withhold_from_export(
    label: str, rows: Callable[[], Q], *, reason_field: str = "", reason: str = ""
) -> None:
    export_withheld[label] = Withheld(rows=rows, reason_field=reason_field, reason=reason or Withheld.reason)


_answers: dict[str, Callable] = {}

# The single answers, by name, and the app that gives each.
QUESTIONS = {
    "people": "people: the queryset of all people supported",
    "person_for_user": "people: the person `pk` if `user` may see them, else Http404",
    "person_export_data": "people: the person's own record as JSON-ready data",
    "person_history": "people: the person's change history, in words",
    "households_ended": "carers: households whose approval has ended, with `retention_since`",
}


def provide(question: str, answer: Callable) -> None:
    if question not in QUESTIONS:
        raise KeyError(f"The audit app asks no question called {question!r}.")
    _answers[question] = answer


def ask(question: str) -> Callable:
    try:
        return _answers[question]
    except KeyError:
        raise LookupError(f"No app answers {question!r} ({QUESTIONS[question]}).") from None
