"""Factories for the accounts app. Each app keeps its own in tests/<app>/factories.py."""

import factory

from sharedlives.accounts.models import Scheme, SchemeMembership, User

PASSWORD = "correct-horse-battery"


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Scheme {n} Shared Lives")
    area = "Somewhere"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    kind = User.Kind.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeMembership

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)
    role = SchemeMembership.Role.COORDINATOR


def staff_user(scheme, role=SchemeMembership.Role.COORDINATOR, *, totp=True, **kwargs) -> User:
    """A coordinator (or manager) of `scheme`. Staff must use two-factor authentication, so they
    have an authenticator app unless `totp=False`."""
    user = UserFactory(kind=User.Kind.STAFF, **kwargs)
    MembershipFactory(user=user, scheme=scheme, role=role)
    if totp:
        give_totp(user)
    return user


# --- Two-factor authentication -------------------------------------------------------------------
# Every test authenticator app shares this secret, so tests can work out the current code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user: User):
    """Set up an authenticator app for `user`, as they would on the two-factor page."""
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, TOTP_SECRET).instance


def totp_code(offset_steps: int = 0) -> str:
    """The code the authenticator app of TOTP_SECRET shows now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset_steps
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


def sign_in(client, user: User):
    """Sign `user` in on `client` as the login page would: a password, then the code from their
    authenticator app if they have one (allauth records both in the session)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client
