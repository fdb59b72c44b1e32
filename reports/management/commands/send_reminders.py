from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reports.reminders import send_reminders


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
        # A progress bar on the terminal (stderr), by recipient: large schemes have thousands of carers.
        stream = getattr(self.stderr, "_out", None)  # the raw stream: tqdm redraws its line with \r
        with tqdm(desc="Reminders", unit=" recipients", disable=verbosity < 1, file=stream) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            summary = send_reminders(today=today, progress=progress)
        for line in summary.lines():
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} recipient(s) could not be emailed; see the log.")
