from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sharedlives.backup import BackupError, files_archive_for, files_folder, restore, restore_files


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`, replacing everything in the database, and the "
        "photos and documents folder from the <name>.files.tar.gz beside the dump when there is one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .dump file to restore.")
        parser.add_argument(
            "--database-name",
            default=None,
            help="Restore into this existing (empty) database on the same server, not the configured one. "
            "The files folder is then left alone unless --files-dir is given.",
        )
        parser.add_argument(
            "--files-dir",
            default=None,
            help="Unpack the photos and documents into this folder, not the configured one.",
        )
        parser.add_argument("--noinput", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file, database_name=None, files_dir=None, noinput=False, **options):
        target = database_name or settings.DATABASES["default"]["NAME"]
        archive = files_archive_for(Path(file))
        # Restoring into another database is a check of the backup: the live files stay as they are.
        folder = Path(files_dir) if files_dir else (None if database_name else files_folder())
        if not noinput:
            also = (
                f" and everything in {folder} with the files in {archive}"
                if folder and archive.is_file()
                else ""
            )
            self.stdout.write(
                f"This replaces everything in the database {target!r} with the contents of {file}{also}.\n"
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
        self._restore_files(archive, folder, database_name=database_name)

    def _restore_files(self, archive: Path, folder: Path | None, *, database_name) -> None:
        if not archive.is_file():
            if files_folder() is None and not folder:
                self.stdout.write(
                    "Photos and documents are in object storage: the bucket's versioning keeps them, "
                    "nothing to restore here."
                )
            else:
                self.stdout.write(
                    self.style.WARNING(f"No files archive at {archive}: the files folder was left as it is.")
                )
            return
        if folder is None:
            why = (
                "the database was restored into another database"
                if database_name
                else "photos and documents are kept in object storage here"
            )
            self.stdout.write(
                self.style.WARNING(
                    f"The files in {archive} were not restored: {why}. Pass --files-dir to unpack them."
                )
            )
            return
        try:
            count = restore_files(archive, folder)
        except BackupError as e:
            raise CommandError(f"The database was restored, but not the files. {e}") from e
        self.stdout.write(self.style.SUCCESS(f"Restored {count:,} photo and document files into {folder}."))
