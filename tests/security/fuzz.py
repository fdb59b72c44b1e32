"""Hostile input for any Django form: a hypothesis strategy built from the form's own fields.

Every field may be missing, hold something plausible, or hold something hostile: very long text,
unicode, control characters (NUL included), HTML and script, SQL-looking text, the wrong type,
several values where one is expected, out-of-range dates and numbers.
"""

from contextlib import contextmanager
from datetime import date, timedelta

from django import forms
from django.forms.forms import BaseForm
from hypothesis import strategies as st

# Markup that must never come back unescaped. `MARK` is searched for in every page afterwards.
MARK = "<x-fuzz"
HTML = [
    f'{MARK} onclick="alert(1)">',
    f'"><script>alert("xss")</script>{MARK}>',
    f"<img src=x onerror=alert(1)>{MARK}>",
    f"javascript:alert(1)//{MARK}>",
]
SQL = ["' OR '1'='1", "'); DROP TABLE people_person; --", "1; SELECT pg_sleep(0)", '" OR ""="']
ODD = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\u202eevil\u202c",  # right-to-left override
    "e\u0301\u0301\u0301",  # combining accents
    "\ud7ff\ue000\uffff",
    "👩🏽‍🦽 🏳️‍⚧️",
    "Ω≈ç√∫˜µ≤≥÷",
    "²³",  # digits to str.isdigit(), not to int()
    "１２",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%s%s%n{0}{}",
    "../../../../etc/passwd",
    "\r\nSet-Cookie: x=y",
    " ",
    "",
    "null",
    "None",
    "[]",
]
LONG = ["x" * 10_001, "é" * 5_000, "<" * 3_000]
HOSTILE_TEXT = HTML + SQL + ODD + LONG

BAD_DATES = [
    "0000-00-00",
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "10000-01-01",
    "2023-02-29",
    "2024-13-01",
    "-1",
    "today",
    "１９９０-０１-０１",
    "1990-1-1T00:00",
    "01/02/2024",
]
BAD_NUMBERS = ["-1", "0", "-0", "9" * 60, "1e309", "NaN", "Infinity", "0x10", "١٢", "3.5", "1,000", "1e-999"]


def hostile_text():
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60))


def _field_strategy(field: forms.Field):
    """Plausible or hostile values for one field (a string, or a list for several values)."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        valid = _choices(field)
        one = st.one_of(st.sampled_from(valid), hostile_text()) if valid else hostile_text()
        return st.lists(one, max_size=4)
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        valid = _choices(field)
        choice = st.sampled_from(valid) if valid else st.nothing()
        return st.one_of(choice, choice, hostile_text(), st.sampled_from(BAD_NUMBERS))
    if isinstance(field, forms.DateField):
        good = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)
        return st.one_of(good, st.sampled_from(BAD_DATES), hostile_text())
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        good = st.integers(min_value=-(10**6), max_value=10**6).map(str)
        return st.one_of(good, st.sampled_from(BAD_NUMBERS), hostile_text())
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0", "yes", "\x00"])
    if isinstance(field, forms.EmailField):
        good = st.sampled_from(["a@example.test", "fuzz+1@example.test"])
        return st.one_of(
            good,
            st.just("x@" + "a" * 300 + ".test"),
            hostile_text().map(lambda t: t + "@x.test"),
            hostile_text(),
        )
    return st.one_of(st.sampled_from(["Plain words", "Ann O'Neill-Smith"]), hostile_text())


def _plausible(field: forms.Field, name: str = ""):
    """Values a careful user might send, markup and unicode in free text included (it is valid)."""
    today = date.today()
    if "postcode" in name:
        return st.sampled_from(["NS1 1AA", "ns1 1aa", ""])
    if "phone" in name:
        return st.sampled_from(["01234 567890", "+44 7700 900123"])
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        valid = _choices(field)
        return st.lists(st.sampled_from(valid), max_size=2, unique=True) if valid else st.just([])
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        valid = _choices(field)
        return st.sampled_from(valid) if valid else st.just("")
    if isinstance(field, forms.DateField):
        days = [
            today,
            today + timedelta(days=7),
            today - timedelta(days=3),
            date(2030, 3, 11),
            date(1990, 6, 15),
        ]
        return st.sampled_from([d.isoformat() for d in days])
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.sampled_from(["1", "2", "3", "45.50"])
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.EmailField):
        return st.sampled_from(["fuzz@example.test", "o'neill+x@example.test"])
    return st.sampled_from(["Plain words", "Ann O'Neill-Smith", "Zoë 👍", *HTML])


def _choices(field) -> list[str]:
    values = []
    for value, _label in field.choices:
        value = getattr(value, "value", value)  # ModelChoiceIteratorValue
        if value not in ("", None):
            values.append(str(value))
        if len(values) >= 8:
            break
    return values


def initial_data(form: BaseForm) -> dict:
    """What an unbound form shows in its fields (an edit form's current values), as POST data."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []):
            continue
        if isinstance(value, bool):
            value = "on" if value else ""
        elif (
            isinstance(value, list | tuple | set) or hasattr(value, "__iter__") and not isinstance(value, str)
        ):
            value = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, date):
            value = value.isoformat()
        else:
            value = str(getattr(value, "pk", value))
        data[form.add_prefix(name)] = value
    return data


def form_data(form: BaseForm, initial: dict | None = None):
    """A strategy of POST (or GET) data for `form`. Half the time every field is filled in the way a
    careful user would, with some fields swapped for hostile values (so that hostile input also
    reaches the database and the pages that show it); otherwise any field may be missing or hostile,
    and a single-value field may get two values (the wrong type for it)."""
    plausible, hostile, anything = {}, {}, {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        hostile[key] = _field_strategy(field)
        plausible[key] = _plausible(field, name)
        if initial and key in initial:
            plausible[key] = st.one_of(st.just(initial[key]), plausible[key])
        one_or_two = hostile[key]
        if not isinstance(field, forms.MultipleChoiceField):
            one_or_two = st.one_of(hostile[key], hostile[key], st.lists(hostile[key], min_size=2, max_size=2))
        anything[key] = one_or_two
    keys = sorted(hostile)

    def one_field_hostile(filled: dict):
        swap = st.sampled_from(keys).flatmap(
            lambda key: hostile[key].map(lambda value: {**filled, key: value})
        )
        return st.one_of(st.just(filled), swap) if keys else st.just(filled)

    mostly_valid = st.fixed_dictionaries(plausible).flatmap(one_field_hostile)
    return st.one_of(mostly_valid, st.fixed_dictionaries({}, optional=anything))


@contextmanager
def capturing_forms():
    """Every bound form that validates while the block runs, in order."""
    seen: list[BaseForm] = []
    original = BaseForm.full_clean

    def full_clean(self):
        original(self)
        if self.is_bound:
            seen.append(self)

    BaseForm.full_clean = full_clean
    try:
        yield seen
    finally:
        BaseForm.full_clean = original
