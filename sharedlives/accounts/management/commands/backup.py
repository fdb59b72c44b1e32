from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sharedlives.backup import BackupError, dump


class Command(BaseCommand):
    help = "Back up the whole database with pg_dump (custom format) to a timestamped file under backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder for the file (default: backups/).",
        )

    def handle(self, *args, dir, **options):
        name = f"{settings.DATABASES['default']['NAME']}-{timezone.now():%Y%m%d-%H%M%S}.dump"
        try:
            path = dump(Path(dir) / name)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes)."))
        self.stdout.write(f"Restore it with: make restore FILE={path}")
