"""Demo schemes and one login per role. Idempotent: safe to run again."""

from ..accounts.models import Scheme, SchemeMembership, User

DEMO_PASSWORD = "shared-lives-demo"
# Staff and admins must use two-step sign-in. The demo's staff share this authenticator key: add it
# to any authenticator app, or run `make demo-code` (manage.py demo_code) for the current code.
DEMO_TOTP_SECRET = "DEMOSHAREDLIVESDEMOSHAREDLIVES23"

# (email, full name, kind, scheme role or None, what the login is for)
LOGINS = [
    ("admin@demo.sharedlives.test", "Alex Admin", User.Kind.STAFF, None, "Admin (Django admin)"),
    ("manager@demo.sharedlives.test", "Morgan Manager", User.Kind.STAFF, "manager", "Scheme manager"),
    ("coordinator@demo.sharedlives.test", "Casey Coordinator", User.Kind.STAFF, "coordinator", "Coordinator"),
    ("carer@demo.sharedlives.test", "Priya Shah", User.Kind.CARER, None, "Shared Lives carer"),
    ("person@demo.sharedlives.test", "Daniel Hughes", User.Kind.PERSON, None, "Person supported"),
    (
        "family.authority@demo.sharedlives.test",
        "Helen Hughes",
        User.Kind.FAMILY,
        None,
        "Family member with welfare authority",
    ),
    (
        "family.views@demo.sharedlives.test",
        "Tom Hughes",
        User.Kind.FAMILY,
        None,
        "Family member without authority (views only)",
    ),
    (
        "coordinator@riverside.sharedlives.test",
        "Riley Rivers",
        User.Kind.STAFF,
        "coordinator",
        "Coordinator of a second scheme (sees none of the first)",
    ),
]


def seed(ctx: dict) -> None:
    northshire, _ = Scheme.objects.get_or_create(
        name="Northshire Shared Lives",
        defaults={
            "area": "Northshire County Council area",
            "contact_email": "sharedlives@northshire.example",
        },
    )
    riverside, _ = Scheme.objects.get_or_create(
        name="Riverside Shared Lives",
        defaults={"area": "Riverside and district", "contact_email": "team@riverside.example"},
    )
    northshire.neighbours.add(riverside)
    ctx.update(scheme=northshire, other_scheme=riverside, users={})
    for email, name, kind, role, _purpose in LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                kind=kind,
                is_staff=email.startswith("admin@"),
                is_superuser=email.startswith("admin@"),
            )
        if role:
            scheme = riverside if "riverside" in email else northshire
            SchemeMembership.objects.get_or_create(user=user, scheme=scheme, defaults={"role": role})
        if kind == User.Kind.STAFF:
            _give_demo_authenticator(user)
        ctx["users"][email] = user


def _give_demo_authenticator(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
