"""Sign-ins, sign-outs and second-factor changes go into the security log, whichever way they happen.

Connected in AuditConfig.ready(). Django's own auth signals cover every sign-in path (the login
page, the invitation link, the admin); allauth's cover passwords and second factors.
"""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals

from .models import SecurityEvent
from .services import security_event_record

Kind = SecurityEvent.Kind


def _logged_in(sender, request, user, **kwargs):
    security_event_record(kind=Kind.LOGIN, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    typed = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    security_event_record(kind=Kind.LOGIN_FAILED, request=request, login=str(typed))


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=Kind.LOGOUT, request=request, user=user)


def _mfa_failed(sender, request, user, **kwargs):
    security_event_record(kind=Kind.MFA_FAILED, request=request, user=user)


def _mfa_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type != authenticator.Type.RECOVERY_CODES:
        security_event_record(kind=Kind.MFA_ADDED, request=request, user=user)


def _mfa_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type != authenticator.Type.RECOVERY_CODES:
        security_event_record(kind=Kind.MFA_REMOVED, request=request, user=user)


def _password_changed(sender, request, user, **kwargs):
    security_event_record(kind=Kind.PASSWORD_CHANGED, request=request, user=user)


def _password_reset(sender, request, user, **kwargs):
    security_event_record(kind=Kind.PASSWORD_RESET, request=request, user=user)


def connect() -> None:
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit_logged_in")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit_logged_out")
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="audit_mfa_failed")
    mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="audit_mfa_added")
    mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="audit_mfa_removed")
    account_signals.password_changed.connect(_password_changed, dispatch_uid="audit_password_changed")
    account_signals.password_reset.connect(_password_reset, dispatch_uid="audit_password_reset")
