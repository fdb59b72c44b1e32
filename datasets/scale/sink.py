"""Where the generated rows go: the database (PostgreSQL COPY) or a digest (a fingerprint of the plan).

Both take the same calls in the same order, so a plan can be checked for determinism without a
database, and the digest of a loaded dataset equals the digest of the same plan made without one.
"""

import hashlib
import json
import time
import uuid
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Max, Model

from sharedlives.files.storage import private


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def _move_sequence(cursor, model: type[Model]) -> None:
    """Past the ids the plan chose, so that the app's own inserts carry on from there."""
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",
        [model._meta.db_table],
    )


class DigestSink:
    """Keeps a SHA-256 of every row and statement, and counts rows per table. Writes nothing."""

    def __init__(self):
        self._hash = hashlib.sha256()
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}  # time spent writing each table

    def begin(self, *, seed: int, today) -> None:
        """Called once before the first row."""

    def id_base(self, model: type[Model]) -> int:
        return 0

    def write(
        self, model: type[Model], fields: Sequence[str], rows: Sequence[tuple], progress=None, analyze=False
    ) -> int:
        table = model._meta.db_table
        self._hash.update(f"{table}({','.join(fields)})".encode())
        count = 0
        for row in rows:
            self._hash.update(repr(row).encode())
            count += 1
            if progress is not None:
                progress.update(1)
        self.counts[table] = self.counts.get(table, 0) + count
        return count

    def write_ignoring_duplicates(self, model: type[Model], fields: Sequence[str], rows: list[tuple]) -> None:
        self.write(model, fields, rows)

    def store_file(self, name: str, data: bytes) -> None:
        """A file in private storage under exactly `name` (rows point at it by that name)."""
        self._hash.update(f"file {name} ".encode() + hashlib.sha256(data).digest())

    def execute(self, sql: str, params: Sequence | dict = ()) -> int:
        """Run a statement; the number of rows it changed (none here)."""
        self._hash.update(sql.encode())
        self._hash.update(
            repr(sorted(params.items()) if isinstance(params, dict) else tuple(params)).encode()
        )
        return 0

    def insert_select(self, model: type[Model], sql: str, params: dict) -> int:
        """Rows the database makes itself from rows already written (`INSERT ... SELECT`), for tables
        too big to plan in Python. The digest has the statement, not the rows: the same statement
        over the same rows makes the same rows. Counted and timed per table as COPY is."""
        return self.execute(sql, params)

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()


class CopySink(DigestSink):
    """Streams rows into PostgreSQL with COPY, in the caller's transaction, and keeps the digest too.

    Row-level triggers (history, places, append-only) fire for COPY as for INSERT, so every rule of
    the schema is checked on the way in. Ids are chosen by the plan; each table's identity sequence
    is moved past them afterwards so that the app's own inserts carry on from there.
    """

    def begin(self, *, seed: int, today) -> None:
        """Settings for the rest of the caller's transaction (SET LOCAL), none of which turns a check off.

        - Foreign keys are checked as each table is loaded rather than all at the end.
        - One generic plan per statement in triggers: the places triggers ask for a household's
          occupancy over a few days, and PostgreSQL would otherwise plan that query afresh per row.
        - The history triggers record this load as the context of every event they write, and the
          trigger library is told explicitly that no trigger is ignored: both read a setting and,
          when it is missing, catch the error, which costs more than the rest of the trigger.
        """
        if not connection.in_atomic_block:
            raise RuntimeError("Load the scale dataset inside a transaction (transaction.atomic).")
        context_id = uuid.uuid5(uuid.NAMESPACE_URL, f"sharedlives:seed_scale:{seed}:{today}")
        metadata = json.dumps({"command": "seed_scale", "seed": seed, "reference_day": str(today)})
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
            cursor.execute("SELECT set_config('pghistory.context_id', %s, true)", [str(context_id)])
            cursor.execute("SELECT set_config('pghistory.context_metadata', %s, true)", [metadata])

    def id_base(self, model: type[Model]) -> int:
        return model._default_manager.aggregate(top=Max("pk"))["top"] or 0

    def write(
        self,
        model: type[Model],
        fields: Sequence[str],
        rows: Sequence[tuple],
        progress=None,
        analyze: bool = False,
    ) -> int:
        """COPY `rows` into the model's table. With `analyze`, in growing chunks with fresh planner
        statistics after each, for tables whose triggers query the table itself: their plans are
        made when the table is empty and would otherwise scan it whole for every new row."""
        began = time.monotonic()
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, fields))
        self._hash.update(f"{model._meta.db_table}({','.join(fields)})".encode())
        chunk = 1000 if analyze else max(1, len(rows))
        done = 0
        with connection.cursor() as cursor:
            while done < len(rows):
                part = rows[done : done + chunk]
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in part:
                        copy.write_row(row)
                        self._hash.update(repr(row).encode())
                done += len(part)
                if progress is not None:
                    progress.update(len(part))
                if analyze:
                    cursor.execute(f"ANALYZE {table}")
                    chunk *= 2
            if "id" in fields and rows:
                _move_sequence(cursor, model)
        self.counts[model._meta.db_table] = self.counts.get(model._meta.db_table, 0) + len(rows)
        self.seconds[model._meta.db_table] = (
            self.seconds.get(model._meta.db_table, 0) + time.monotonic() - began
        )
        return len(rows)

    def write_ignoring_duplicates(self, model: type[Model], fields: Sequence[str], rows: list[tuple]) -> None:
        """For shared reference rows (postcodes) that an earlier run may have loaded already."""
        DigestSink.write(self, model, fields, rows)
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows],
            batch_size=2000,
            ignore_conflicts=True,
        )

    def store_file(self, name: str, data: bytes) -> None:
        """Written at once, outside the transaction: a failed load leaves the file, which the next
        load writes again under the same name."""
        super().store_file(name, data)
        storage = private()
        storage.delete(name)
        if storage.save(name, ContentFile(data)) != name:
            raise RuntimeError(f"Private storage kept {name} under another name.")

    def execute(self, sql: str, params: Sequence | dict = ()) -> int:
        super().execute(sql, params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return max(cursor.rowcount, 0)

    def insert_select(self, model: type[Model], sql: str, params: dict) -> int:
        began = time.monotonic()
        rows = self.execute(sql, params)
        table = model._meta.db_table
        if rows:
            with connection.cursor() as cursor:
                _move_sequence(cursor, model)
        self.counts[table] = self.counts.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0) + time.monotonic() - began
        return rows
