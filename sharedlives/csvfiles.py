"""CSV downloads: cells a spreadsheet cannot mistake for formulas, and files sent as they are
written, so that a large export starts downloading at once and the browser shows its progress."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Spreadsheets run a cell that starts with = + - @ (or a tab or return) as a formula: a quote
    in front makes it plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable], *, bom: bool = False):
    """A streamed CSV attachment. `rows` may be a generator over a database cursor: each line is
    sent as soon as it is written. The cells are written as given (pass them through csv_safe).
    `bom` starts the file with a byte-order mark, so spreadsheets read UTF-8 text correctly."""
    writer = csv.writer(_Echo())

    def lines():
        if bom:
            yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
