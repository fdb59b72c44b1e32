from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from sharedlives.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, LOGINS
from sharedlives.accounts.models import Scheme, SchemeMembership

# Each step is a module with `seed(ctx)`; later steps read what earlier ones put in ctx.
STEPS = [
    "sharedlives.accounts.demo",
    "carers.demo",
    "people.demo",
    "matching.demo",
    "matching.demo_arrangements",
    "matching.demo_reviews",
    "matching.demo_payments",
    "safeguarding.demo",
    "records.demo",
]


class Command(BaseCommand):
    help = "Load demo data: two schemes and one login per role. Idempotent; refused in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only load when the database has no scheme yet."
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is refused in production (DEBUG is off). Set DEBUG=1 on a development machine."
            )
        if if_empty and Scheme.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded again.")
        else:
            # The demo's story sends mail (proposals, invitations); nobody needs to read it.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
                transaction.atomic(),
            ):
                ctx: dict = {}
                for number, step in enumerate(STEPS, start=1):
                    self.stdout.write(f"[{number}/{len(STEPS)}] Loading {step} ...")
                    import_module(step).seed(ctx)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for email, _name, _kind, _role, purpose in LOGINS:
            self.stdout.write(f"  {purpose:<58} {email}")
        leads = SchemeMembership.objects.filter(
            is_safeguarding_lead=True, user__email__in=[email for email, *_rest in LOGINS]
        ).select_related("user", "scheme")
        for lead in leads:
            purpose = f"Safeguarding lead of {lead.scheme.name} (sees concerns in full)"
            self.stdout.write(f"  {purpose:<58} {lead.user.email}")
        self.stdout.write("")
        self.stdout.write(
            "Staff and the admin also give a code from an authenticator app (two-step sign-in).\n"
            f"Add the key {DEMO_TOTP_SECRET} to any authenticator app, "
            "or run `make demo-code` for the current code."
        )
        self.stdout.write("")
