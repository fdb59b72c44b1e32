from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sharedlives.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing everything in the database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .dump file to restore.")
        parser.add_argument(
            "--database-name",
            default=None,
            help="Restore into this existing (empty) database on the same server, not the configured one.",
        )
        parser.add_argument("--noinput", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file, database_name=None, noinput=False, **options):
        target = database_name or settings.DATABASES["default"]["NAME"]
        if not noinput:
            self.stdout.write(
                f"This replaces everything in the database {target!r} with the contents of {file}.\n"
                "Stop the app first. Type the database name to go on: ",
                ending="",
            )
            if input().strip() != target:
                raise CommandError("Not restored: the name did not match.")
        try:
            restore(Path(file), database=database_name)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"Restored {file} into {target}."))
