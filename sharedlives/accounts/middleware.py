"""Session limits and caching rules that apply to every signed-in page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
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


class NoStoreForSignedInMiddleware:
    """Pages seen when signed in may show personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL_PATH)
        ):
            add_never_cache_headers(response)
        return response
