"""Load postcodes and their grid references from Ordnance Survey Code-Point Open CSV files.

Code-Point Open ships one CSV per postcode area, without a header row. The columns are:
Postcode, Positional_quality_indicator, Eastings, Northings, Country_code, NHS_regional_HA_code,
NHS_HA_code, Admin_county_code, Admin_district_code, Admin_ward_code. Only the first four are used.
"""

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sharedlives.geo import normalise_postcode
from sharedlives.reference.models import Postcode

BATCH_SIZE = 5000
# Big files (a Code-Point Open area has up to 100,000 rows) report progress this often.
PROGRESS_EVERY = 50_000
# Beyond this many, bad rows are counted but not each printed.
SHOW_AT_MOST = 100
# The National Grid covers Great Britain in this box (metres); Code-Point Open also has NI points.
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000
# Positional quality 90: the postcode has no grid reference (shown as 0, 0).
NO_COORDINATES = "90"


class BadRow(ValueError):
    pass


def parse_row(row: list[str]) -> Postcode:
    """One Code-Point Open row as an unsaved Postcode, or BadRow saying what is wrong with it."""
    if len(row) < 4:
        raise BadRow(f"expected at least 4 columns, found {len(row)}")
    raw, quality, easting, northing = (value.strip() for value in row[:4])
    postcode = normalise_postcode(raw)
    if not postcode:
        raise BadRow(f"{raw!r} is not a UK postcode")
    if quality == NO_COORDINATES:
        raise BadRow(f"{postcode} has no grid reference (positional quality 90)")
    try:
        east, north = int(easting), int(northing)
    except ValueError:
        raise BadRow(
            f"eastings and northings must be whole numbers, found {easting!r} and {northing!r}"
        ) from None
    if not (0 <= east <= MAX_EASTING and 0 <= north <= MAX_NORTHING):
        raise BadRow(f"{east}, {north} is outside the National Grid")
    return Postcode(postcode=postcode, district=postcode.split(" ")[0], easting=east, northing=north)


def save_batch(batch: dict[str, Postcode]) -> None:
    """Insert new postcodes and update known ones in one statement, so running again changes nothing."""
    Postcode.objects.bulk_create(
        list(batch.values()),
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["district", "easting", "northing"],
    )


class Command(BaseCommand):
    help = (
        "Load postcodes with their grid references from Ordnance Survey Code-Point Open CSV files "
        "(no header row). Bad rows are reported with their line number and skipped; running again "
        "updates rather than duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Code-Point Open CSV files")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rows written per database statement"
        )

    def handle(self, *args, files, batch_size, **options):
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        loaded = bad = 0
        started = time.monotonic()
        for path in files:
            file_loaded, file_bad = self.load_file(path, batch_size=batch_size, shown_so_far=bad)
            loaded += file_loaded
            bad += file_bad
        if bad > SHOW_AT_MOST:
            self.stderr.write(f"... and {bad - SHOW_AT_MOST} more bad rows not shown.")
        seconds = time.monotonic() - started
        rows = "row" if bad == 1 else "rows"
        summary = f"Loaded {loaded:,} postcodes in {seconds:.1f}s; skipped {bad:,} bad {rows}."
        self.stdout.write(self.style.SUCCESS(summary) if not bad else self.style.WARNING(summary))

    def load_file(self, path: Path, *, batch_size: int, shown_so_far: int) -> tuple[int, int]:
        loaded = bad = 0
        batch: dict[str, Postcode] = {}
        next_progress = PROGRESS_EVERY
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for line_number, row in enumerate(csv.reader(handle), start=1):
                if not row or not any(cell.strip() for cell in row):
                    continue
                try:
                    postcode = parse_row(row)
                except BadRow as e:
                    bad += 1
                    if shown_so_far + bad <= SHOW_AT_MOST:
                        self.stderr.write(f"{path.name} line {line_number}: {e}; skipped.")
                    continue
                # A postcode twice in one statement would fail the upsert: the later row wins.
                batch[postcode.postcode] = postcode
                if len(batch) >= batch_size:
                    save_batch(batch)
                    loaded += len(batch)
                    batch = {}
                if line_number >= next_progress:
                    self.stdout.write(
                        f"{path.name}: {line_number:,} lines read, {loaded:,} postcodes saved ..."
                    )
                    next_progress += PROGRESS_EVERY
        if batch:
            save_batch(batch)
            loaded += len(batch)
        self.stdout.write(f"{path.name}: {loaded:,} postcodes loaded, {bad:,} bad rows skipped.")
        return loaded, bad
