from django.core.management.base import BaseCommand

from matching.services import proposals_lapse


class Command(BaseCommand):
    help = "Lapse proposals the carers did not answer by their deadline. Run daily; safe to run again."

    def handle(self, *args, **options):
        lapsed = proposals_lapse()
        self.stdout.write(f"{lapsed} proposal{'s' if lapsed != 1 else ''} lapsed.")
