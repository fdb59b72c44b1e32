import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sharedlives.accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of the demo staff logins (demo data only)."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo codes are refused in production (DEBUG is off).")
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // app_settings.TOTP_PERIOD))
        left = app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD
        self.stdout.write(f"{code}  (the demo staff's code; a new one comes in {left} seconds)")
