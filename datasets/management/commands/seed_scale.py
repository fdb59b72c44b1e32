from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from carers.models import Household
from datasets import scale
from people.models import Person
from sharedlives.accounts.models import Scheme
from sharedlives.reference.models import Postcode

# Kept by --flush: reference lists, postcodes, and Django's own tables.
KEEP_APPS = {"contenttypes", "auth", "reference"}
KEEP_MODELS = {Postcode}


class Command(BaseCommand):
    help = (
        "Load a national-scale dataset for performance work: schemes, carer households, people, "
        "proposals, arrangements, years of history and photos (rows sharing a few stored pictures). "
        "Deterministic from --seed and --today. "
        "Refused on a database that has data (unless --flush) and where DEBUG is off (unless "
        "--allow-without-debug)."
    )

    def add_arguments(self, parser):
        national = scale.NATIONAL
        parser.add_argument("--schemes", type=int, default=national.schemes, help="Default: %(default)s.")
        parser.add_argument(
            "--households", type=int, default=national.households, help="Default: %(default)s."
        )
        parser.add_argument("--people", type=int, default=national.people, help="Default: %(default)s.")
        parser.add_argument(
            "--years", type=int, default=national.years, help="Years of history. Default: %(default)s."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data. Default: %(default)s.")
        parser.add_argument(
            "--tenth",
            action="store_true",
            help="One tenth of each figure (15 schemes, 1,040 households, 990 people).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The reference day (YYYY-MM-DD) that dates count back from. Default: today. Give it to get "
            "the very same rows on another day.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty every care record, user and log first (reference lists and postcodes are kept).",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run although DEBUG is off, on a server set up for benchmarks. Never on a live service.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, **options):
        if not (settings.ALLOW_DEMO_DATA or options["allow_without_debug"]):
            raise CommandError(
                "Generated data is refused where DEBUG is off. Set DEBUG=1 on a development machine, or "
                "pass --allow-without-debug on a benchmark server."
            )
        figures = scale.Figures(
            schemes=options["schemes"],
            households=options["households"],
            people=options["people"],
            years=options["years"],
        )
        if options["tenth"]:
            figures = figures.tenth()
        if min(figures.schemes, figures.households, figures.people, figures.years) < 1:
            raise CommandError("Schemes, households, people and years must each be at least 1.")
        if figures.households < figures.schemes:
            raise CommandError("Each scheme needs at least one household: give more households than schemes.")
        today = options["today"] or date.today()
        has_data = Scheme.objects.exists() or Household.objects.exists() or Person.objects.exists()
        if has_data and not options["flush"]:
            raise CommandError("This database already has data. Use --flush to empty it first.")
        progress = not options["no_progress"] and options["verbosity"] > 0
        self.stdout.write(
            f"Loading {figures.schemes} schemes, {figures.households} households, {figures.people} people, "
            f"{figures.years} years of history (seed {options['seed']}, reference day {today})."
        )
        with transaction.atomic():
            if options["flush"]:
                self.flush()
            result = scale.build(
                figures, seed=options["seed"], today=today, sink=scale.CopySink(), progress=progress
            )
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                # Fresh planner statistics, so that the first pages measured use the right plans.
                cursor.execute("ANALYZE")
        rows = sum(result.counts.values())
        self.stdout.write(self.style.SUCCESS(f"Loaded {rows:,} rows in {result.seconds:.0f} s."))
        if options["verbosity"] > 1:
            slowest = sorted(result.table_seconds.items(), key=lambda item: -item[1])[:12]
            for table, seconds in slowest:
                self.stdout.write(f"  {table:<40} {result.counts[table]:>9,} rows {seconds:>7.1f} s")
            self.stdout.write("Stages:")
            for stage, seconds in result.stage_seconds.items():
                self.stdout.write(f"  {stage:<70} {seconds:>7.1f} s")
        self.stdout.write(f"Fingerprint of the data: {result.digest[:16]}")
        self.print_logins()
        return None

    def flush(self) -> None:
        tables = [
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in KEEP_APPS
            and model not in KEEP_MODELS
        ]
        quoted = ", ".join(connection.ops.quote_name(t) for t in sorted(set(tables)))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")

    def print_logins(self) -> None:
        try:
            targets = scale.sample_targets()
        except LookupError as e:
            self.stdout.write(f"No example logins: {e} (the figures are too small for them).")
            return
        self.stdout.write("")
        self.stdout.write(f"Logins (password for all: {targets['password']})")
        rows = [
            (f"Coordinator of the largest scheme ({targets['scheme_name']})", targets["coordinator_email"]),
            ("Manager of the largest scheme", targets["manager_email"]),
            ("Carer with a proposal to answer", targets["carer_email"]),
            ("Family member with welfare authority", targets["family_email"]),
            ("Person with a proposal waiting for their answer", targets["person_email"]),
        ]
        for purpose, email in rows:
            self.stdout.write(f"  {purpose:<62} {email}")
        self.stdout.write(
            "  Any scheme: coordinator1@scheme<n>.scale.test and manager@scheme<n>.scale.test\n"
            f"Staff give a code from an authenticator app with the key {targets['totp_secret']} "
            "(or run `manage.py demo_code`)."
        )
