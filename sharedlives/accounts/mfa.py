"""Two-factor authentication (allauth.mfa): required for scheme staff and admins, offered to everyone else.

Staff and admins are sent to set up an authenticator app before anything else, and a
session of theirs counts only once a code was checked in it (at sign-in, on setting up the
app, or on the "confirm it's you" page). allauth keeps that record in the session; we read it.
"""

from urllib.parse import quote

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa import signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Pages a staff member may open while their second factor is missing or not yet checked.
SETUP_PAGES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
}
CHECK_PAGES = {"mfa_reauthenticate", "account_logout"}


def mfa_required(user) -> bool:
    """Scheme staff (a staff user with a membership) and anyone who may use the Django admin
    (superusers, and users with admin site access) must use a second factor."""
    return user.is_authenticated and (user.is_superuser or user.is_staff or user.is_scheme_staff)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """Was a second factor checked in this session, for this user?"""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mark_session_passed_mfa(request, authenticator: Authenticator) -> None:
    """Record in the session that `authenticator` was just checked, the way allauth records it."""
    record_authentication(request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type)


def _totp_added(sender, request, user, authenticator, **kwargs):
    # Setting up the app checked a code from it: the session has passed the second factor.
    if authenticator.type == Authenticator.Type.TOTP and request is not None and request.user == user:
        mark_session_passed_mfa(request, authenticator)


def connect() -> None:
    signals.authenticator_added.connect(_totp_added, dispatch_uid="accounts_mfa_session")


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return settings.MFA_TOTP_ISSUER

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff and admins cannot switch their second factor off; others may."""
        return not mfa_required(authenticator.user)


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class MFARequiredMiddleware:
    """Sends staff and admins without an authenticator app to set one up, and asks for a code
    when their session has not checked one yet (for example a session that began before
    the requirement). Other users pass straight through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The session check comes first: it needs no query, so pages cost nothing extra once passed.
        if not user.is_authenticated or session_passed_mfa(request) or not mfa_required(user):
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL_PATH):
            return self.get_response(request)
        name = _url_name(request)
        if not has_totp(user):
            if name in SETUP_PAGES:
                return self.get_response(request)
            messages.info(
                request,
                "Scheme staff protect their account with a second step at sign-in. "
                "Set up an authenticator app now: it takes a minute.",
            )
            return redirect("mfa_activate_totp")
        if name in CHECK_PAGES:
            return self.get_response(request)
        url = reverse("mfa_reauthenticate")
        target = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            url += "?next=" + quote(target, safe="/")
        return redirect(url)
