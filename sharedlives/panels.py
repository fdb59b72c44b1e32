"""Panels that apps higher up add to the pages of records lower down (a person's record, a carer
household's page), registered from the higher app's AppConfig.ready(): the lower page shows them
through `{% record_panels obj %}` without importing the app that fills them.

A provider takes (user, record) and returns HTML, or "" when it has nothing for this reader. It
must keep a fixed number of queries per page.
"""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

_providers: dict[str, list[Callable]] = {}


def register(model_label: str, provider: Callable) -> None:
    """`model_label` is the record's app_label.model_name, e.g. "people.person"."""
    _providers.setdefault(model_label, []).append(provider)


def render(user, obj) -> SafeString:
    parts = [provider(user, obj) for provider in _providers.get(obj._meta.label_lower, [])]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))  # noqa: S308
