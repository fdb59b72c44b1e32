"""Every form in the app, sent hostile input through its real view as a persona allowed to use it.

Forms are found, not listed: each URL of the permission matrix that some persona may POST to (or
open, for search and filter forms sent by GET) is requested once with no data, and every bound
form that validated during that request is fuzzed. For each generated input:
  - never a 500 (the test client raises the view's exception);
  - an invalid form saves nothing (no row inserted, changed or deleted, by PostgreSQL's own
    per-transaction counters) and, when the page is shown again, says what is wrong;
  - whatever is shown afterwards (the page, or the page it redirects to after saving) has every
    submitted piece of markup escaped.
"""

import os
from collections import Counter

import pytest
from django.db import connection, transaction
from django.forms.forms import BaseForm
from django.test.utils import ContextList
from hypothesis import HealthCheck, given, settings

from .fuzz import MARK, capturing_forms, form_data, initial_data
from .matrix import build_url, walk
from .test_permission_matrix import MATRIX

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 20))
SAVED = Counter()  # examples that saved something, by URL name: hostile input reached the database
# Rows that views write whatever the input (evidence and sessions): not "saving" the form.
NOT_THE_FORMS_DOING = [
    "django_session",
    "django_cache",
    "audit_accesslog",
    "audit_securityevent",
    "pghistory_context",
]
# Who fuzzes a URL: the first of these the matrix lets through.
PREFERENCE = ["mgr_a", "coord_a", "carer_x", "person_p", "fam_auth", "fam_noauth", "fam_q", "anon", "admin"]
REACHED = (200, 302)
# Not empty, so that views written `Form(request.POST or None)` bind their form.
PROBE = {"probe": "1"}


def _persona_for(row: dict) -> str | None:
    return next((p for p in PREFERENCE if row[p] in REACHED), None)


def _candidates(method: str):
    for name, entry in sorted(MATRIX.items()):
        if name.startswith("admin:"):
            continue  # Django's own admin forms are not the app's
        persona = _persona_for(entry.post if method == "POST" else entry.get)
        if persona is not None:
            yield pytest.param(name, persona, id=f"{method} {name} as {persona}")


def _writes() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname <> ALL(%s)",
            [NOT_THE_FORMS_DOING],
        )
        return cursor.fetchone()[0]


def send(world, persona, method, url, data):
    """Send `data` and undo it afterwards. Returns (response, bound forms, rows written, page shown after)."""
    client = world.client(persona)
    with transaction.atomic():
        before = _writes()
        with capturing_forms() as bound:
            response = client.post(url, data) if method == "POST" else client.get(url, data)
        written = _writes() - before
        shown = response
        if response.status_code == 302 and written:
            shown = client.get(response["Location"])  # the page that shows what was saved
        transaction.set_rollback(True)
    return response, bound, written, shown


def _html(response) -> str:
    if "text/html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode(errors="replace")


def _shows_form_again(response, forms) -> bool:
    html = _html(response)
    return any(f'name="{form.add_prefix(name)}"' in html for form in forms for name in form.fields)


def _url(world, name):
    [pattern] = [p for n, p in walk() if n == name][:1] or [None]
    return build_url(name, pattern, MATRIX[name].args, world)


def fuzz(world, name, persona, method):
    url = _url(world, name)
    _, bound, _, _ = send(world, persona, method, url, PROBE)
    forms = list({type(form): form for form in bound}.values())
    shown = _forms_on_the_page(world, name, persona, url) if method == "POST" else {}
    for form in forms:
        _fuzz_one(world, name, persona, method, url, form, shown.get(type(form), {}))
    return forms


def _forms_on_the_page(world, name, persona, url) -> dict:
    """The values each form shows when its page is opened (an edit form's current values)."""
    if MATRIX[name].get[persona] != 200:
        return {}
    response = world.request(persona, "GET", url)
    found = {}
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    for context in contexts:
        values = context.flatten().values() if hasattr(context, "flatten") else (context or {}).values()
        for value in values:
            if isinstance(value, BaseForm) and not value.is_bound:
                found.setdefault(type(value), initial_data(value))
    return found


def _fuzz_one(world, name, persona, method, url, form, initial):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        suppress_health_check=list(HealthCheck),
    )
    @given(data=form_data(form, initial))
    def check(data):
        response, bound, written, shown = send(world, persona, method, url, data)
        SAVED[name] += bool(written)
        context = f"{method} {url} as {persona} with {data!r}"
        assert response.status_code < 500, context
        invalid = [f for f in bound if f.errors]
        if response.status_code == 400 or invalid:
            assert written == 0, f"saved {written} rows although the input was refused: {context}"
        if (
            response.status_code == 200
            and invalid
            and method == "POST"
            and _shows_form_again(response, invalid)
        ):
            html = _html(response)
            assert "There is a problem" in html or "invalid-feedback" in html or "errorlist" in html, context
        for page in {id(response): response, id(shown): shown}.values():
            assert MARK not in _html(page), f"unescaped markup on {page.get('Location', url)}: {context}"

    check()


@pytest.mark.parametrize(("name", "persona"), list(_candidates("POST")))
def test_posted_forms_survive_hostile_input(world, name, persona):
    fuzz(world, name, persona, "POST")


@pytest.mark.parametrize(("name", "persona"), list(_candidates("GET")))
def test_search_and_filter_forms_survive_hostile_input(world, name, persona):
    fuzz(world, name, persona, "GET")


def test_the_write_counter_sees_a_saved_form(world):
    """The check above would pass vacuously if `_writes` saw nothing: it sees a real save."""
    url = _url(world, "people:person_edit")
    data = {"first_name": "Patricia", "last_name": "Parker-Fuzz", "date_of_birth": "1990-06-15"}
    response, bound, written, shown = send(world, "coord_a", "POST", url, data)
    assert response.status_code == 302 and written > 0 and not [f for f in bound if f.errors]
    assert "Parker-Fuzz" in _html(shown)
    assert world["person_p"].__class__.objects.get(pk=world["person_p"].pk).last_name == "Parker"  # undone


def _discovered(world, method) -> set:
    found = set()
    for param in _candidates(method):
        name, persona = param.values
        _, bound, _, _ = send(world, persona, method, _url(world, name), PROBE)
        found |= {(name, type(form).__name__) for form in bound}
    return found


def test_enough_forms_are_fuzzed(world):
    posted, searched = _discovered(world, "POST"), _discovered(world, "GET")
    print(f"\nfuzzed forms: {len(posted)} posted and {len(searched)} search/filter, {EXAMPLES} examples each")
    assert len(posted) >= 55, "\n".join(map(str, sorted(posted)))
    assert {name for name, _form in searched} >= {"people:person_list", "people:referral_queue"}
