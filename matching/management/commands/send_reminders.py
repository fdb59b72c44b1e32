from datetime import date

from django.core.management.base import BaseCommand, CommandError

from matching.reminders import send_reminders

# Print a progress line every this many recipients (large schemes have thousands of carers).
PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Email coordinators about checks expiring, reviews due and proposal deadlines, and carers "
        "about their own checks. Run daily; each reminder is sent once per item and period, so it "
        "is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD), to catch up a missed day or to test.",
        )

    def handle(self, *args, today=None, verbosity=1, **options):
        def progress(done: int, total: int) -> None:
            if verbosity >= 1 and total > PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
                self.stdout.write(f"  {done} of {total} recipients")

        summary = send_reminders(today=today, progress=progress)
        for line in summary.lines():
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} recipient(s) could not be emailed; see the log.")
