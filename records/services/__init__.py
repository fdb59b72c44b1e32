"""State changes of living-together records, one module per kind of record."""

from .common import RecordsError

__all__ = ["RecordsError"]
