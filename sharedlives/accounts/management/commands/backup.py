from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sharedlives.backup import BackupError, dump, dump_files, files_archive_for, files_bucket, files_folder


class Command(BaseCommand):
    help = (
        "Back up the whole database with pg_dump (custom format) to a timestamped file under backups/, "
        "and the photos and documents folder beside it (<name>.files.tar.gz) when files are kept in a "
        "folder. Files in object storage (S3) are left to the bucket's versioning."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder for the files (default: backups/).",
        )

    def handle(self, *args, dir, **options):
        name = f"{settings.DATABASES['default']['NAME']}-{timezone.now():%Y%m%d-%H%M%S}.dump"
        try:
            path = dump(Path(dir) / name)
            # After the dump, so every file the dump has a row for is in the copy.
            folder = files_folder()
            if folder is not None:
                archive = files_archive_for(path)
                count = dump_files(archive, folder)
        except (BackupError, OSError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes)."))
        if folder is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Photos and documents ({count:,} files in {folder}) copied to {archive} "
                    f"({archive.stat().st_size:,} bytes)."
                )
            )
        else:
            self.stdout.write(
                f"Photos and documents are in object storage (bucket {files_bucket() or '?'}) and are not "
                "copied: they are covered by the provider's bucket versioning, which must be turned on "
                "for the bucket (see the README's backup section)."
            )
        self.stdout.write(f"Restore it with: make restore FILE={path}")
