"""The machinery of the permission matrix: walking the URLconf, filling in each URL with real ids
from the world, making the requests and naming what came back. The table itself is in
test_permission_matrix.py."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import PERSONAS, World

LOGIN = "login"  # a redirect to a sign-in page (the product's, or the admin's which sends there)


def walk(patterns=None, namespace=""):
    """(url name, pattern) for every named pattern in the URLconf, admin included."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def kwarg_names(pattern: URLPattern) -> list[str]:
    route = str(pattern.pattern)
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def row(default=403, *, anon=LOGIN, **overrides) -> dict:
    """The expected outcome for every persona: `default`, except anonymous (sent to sign in) and
    the personas named in `overrides`."""
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return {persona: overrides.get(persona, anon if persona == "anon" else default) for persona in PERSONAS}


@dataclass
class Url:
    """One entry of the matrix.

    args: the URL's arguments; a string starting with "@" names an object of the world
          ("@person_p" is person P's id), anything else is used as it is.
    get, post: the expected outcome per persona (see `row`); post defaults to get.
    post_only: the view only accepts POST: GET answers 405 to everyone signed in.
    """

    get: dict | None = None
    post: dict | None = None
    args: dict = field(default_factory=dict)
    post_only: bool = False

    def __post_init__(self):
        if self.post_only:
            assert self.get is None and self.post is not None, "a POST-only view gives `post` only"
            self.get = row(405)
        else:
            assert self.get is not None, "give the GET row"
            self.post = self.get if self.post is None else self.post


def resolve_args(args: dict, needed: list[str], world: World) -> dict:
    values = {}
    for name in needed:
        value = args[name]
        if isinstance(value, str) and value.startswith("@first:"):  # the first row of a model
            value = apps.get_model(value[7:])._base_manager.order_by("pk").values_list("pk", flat=True)[0]
        elif isinstance(value, str) and value.startswith("@"):
            value = world[value[1:]].pk if value != "@token" else world["token"]
        values[name] = value
    return values


def build_url(name: str, pattern: URLPattern, args: dict, world: World) -> str:
    needed = kwarg_names(pattern)
    kwargs = resolve_args(args, needed, world)
    # reverse() picks the pattern with these argument names among same-named ones.
    return reverse(name, kwargs=kwargs)


def outcome(response):
    """200, 403, 404, 405... or LOGIN for a redirect to a sign-in page, or 302 for any other redirect."""
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        if path in (reverse("account_login"), reverse("admin:login")):
            return LOGIN
        return 302
    return response.status_code


# --- The admin ------------------------------------------------------------------------------------

ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")


def admin_model(name: str):
    """The model behind an admin URL name like admin:people_person_change, or None."""
    match = re.fullmatch(r"admin:(\w+?)_(\w+)_(" + "|".join(ADMIN_ACTIONS) + ")", name)
    if not match:
        return None, None
    for model in apps.get_models(include_auto_created=False):
        if f"{model._meta.app_label}_{model._meta.model_name}" == f"{match.group(1)}_{match.group(2)}":
            return model, match.group(3)
    for model in apps.get_models():  # proxies (pghistory's events)
        if f"{model._meta.app_label}_{model._meta.model_name}" == f"{match.group(1)}_{match.group(2)}":
            return model, match.group(3)
    return None, None
