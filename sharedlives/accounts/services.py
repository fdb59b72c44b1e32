"""State changes for accounts: invitations."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sharedlives.errors import DomainError

from .models import Invitation, Scheme, User


class AccountsError(DomainError):
    """An invitation or account change was refused."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "link": invitation_link(token),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    send_mail(
        subject=f"{invitation.scheme.name} has invited you to Shared Lives",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *, scheme: Scheme, email: str, full_name: str, kind: str, by: User
) -> tuple[Invitation, str]:
    """Invite someone to sign in. Returns the invitation and the raw token (sent by email only).

    The account is created now, inactive, so that the carers and people apps can link it
    to a household or a person straight away; accepting the invitation activates it.
    Inviting the same address again replaces any earlier pending invitation.
    """
    if scheme.pk not in by.staff_scheme_ids:
        raise AccountsError("You can only invite people to a scheme you work in.")
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, kind=kind, is_active=False)
    elif user.is_active or user.has_usable_password():
        raise AccountsError("There is already an account for this email address.")
    elif user.kind != kind:
        raise AccountsError(f"This email address was already invited as a {user.get_kind_display().lower()}.")
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        scheme=scheme,
        user=user,
        email=email,
        kind=kind,
        token_hash=_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation, token


def invitation_check(invitation: Invitation | None) -> None:
    """Raise AccountsError saying why this invitation link cannot be used, if it cannot."""
    if invitation is None:
        raise AccountsError(
            "This invitation link is not valid. Check that you copied the whole link from your email, "
            "or ask your scheme to send a new one."
        )
    status = invitation.status
    if status == "accepted":
        raise AccountsError(
            "This invitation link has already been used. Sign in with your email address and password, "
            "or reset your password if you have forgotten it."
        )
    if status == "revoked":
        raise AccountsError(
            "This invitation has been replaced or cancelled. Use the newest email from your scheme."
        )
    if status == "expired":
        raise AccountsError("This invitation link has expired. Ask your scheme to send you a new one.")


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation for this token, or AccountsError with the reason it cannot be used."""
    invitation = Invitation.objects.select_related("user", "scheme").filter(token_hash=_hash(token)).first()
    invitation_check(invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password and activate their account. Works once."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=_hash(token)).first()
    invitation_check(invitation)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation_id: int, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.scheme_id not in by.staff_scheme_ids:
        raise AccountsError("You can only cancel invitations of your own scheme.")
    if invitation.status != "pending":
        raise AccountsError(f"This invitation is {invitation.status} and cannot be cancelled.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
