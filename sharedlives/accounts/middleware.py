"""Session limits, caching rules and input checks that apply to every page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

from .drafts import keep_draft

# Touching the session at most this often keeps pages from writing on every request.
TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """Signs people out after SESSION_IDLE_TIMEOUT seconds without activity,
    or SESSION_ABSOLUTE_TIMEOUT seconds after they signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            if SESSION_KEY in request.session:
                # Signed in once, but the account is now inactive (or was removed): end the session.
                request.session.flush()
            if request.method == "POST" and _needs_login(request):
                # The session ended while a form was open: keep the typing for after sign-in.
                keep_draft(request)
            return self.get_response(request)
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("_started", now)
            last_seen = session.get("_last_seen", now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_old:
                logout(request)
                if request.method == "POST":
                    keep_draft(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity. Sign in to carry on."
                    if idle
                    else "You were signed out because you signed in a long time ago. Sign in to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            if now - session.get("_last_seen", 0) >= TOUCH_EVERY_SECONDS:
                session["_last_seen"] = now
        return self.get_response(request)


def _needs_login(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "login_required", True)


class NoStoreMiddleware:
    """Browsers and proxies must not keep any page: signed-in pages show personal data, and so do
    some public ones (the invitation page shows the invited address, a failed sign-in the email typed).
    Static files are served before this runs and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A file view sets its own, private, Cache-Control (sharedlives.files.views).
        if not request.path.startswith(settings.STATIC_URL_PATH) and not getattr(
            response, "keeps_cache_control", False
        ):
            add_never_cache_headers(response)
        return response


NUL = "\x00"


class RejectNulBytesMiddleware:
    """A NUL character cannot be stored in PostgreSQL text, and nobody types one: any request whose
    address, query or form holds one is refused here, with a page that says why, before any view
    (or database query) sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return render(request, "400_nul.html", status=400)
        return self.get_response(request)


def _has_nul(request) -> bool:
    if NUL in request.path_info:
        return True
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in sources:
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False
