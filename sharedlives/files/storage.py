"""The private storage every photo and document goes to (STORAGES["private"]: a folder by default,
S3-compatible object storage in production). Nothing here has a public URL: files are read back
only by the views in views.py, which apply the access rules of the record they belong to."""

import logging
import uuid
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone

logger = logging.getLogger(__name__)


def private() -> Storage:
    return storages["private"]


def save(data: bytes, *, folder: str, extension: str) -> str:
    """Store `data` under a name that says nothing about it; return the name the storage chose."""
    day = timezone.localdate()
    name = f"{folder}/{day:%Y/%m}/{uuid.uuid4().hex}{extension}"
    return private().save(name, ContentFile(data))


def delete(name: str) -> None:
    if name:
        private().delete(name)


def delete_all(names: Iterable[str]) -> list[str]:
    """Delete every one of `names`. One the storage refuses (object storage unreachable) does not stop
    the rest: it is logged as an error, by name, for someone to remove by hand, and returned."""
    failed = []
    for name in names:
        try:
            delete(name)
        except Exception:
            logger.exception("Could not delete %s from private storage; remove it by hand.", name)
            failed.append(name)
    return failed
