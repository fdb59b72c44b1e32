"""What an uploaded file really is, read from its bytes, and the re-encoding every image goes through.

A file's name says nothing reliable: a PNG renamed `.pdf` or a text file renamed `.jpg` is refused
here. Images (photos, and scans added as documents) are decoded and written again with Pillow, so
that nothing of the original file survives but its pixels: no EXIF, no GPS position, no comments,
orientation applied. Images with too many pixels to decode safely (decompression bombs) are refused.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from sharedlives.errors import DomainError


class FileRefused(DomainError):
    """An upload that cannot be kept; the message says why, for the person who chose the file."""


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str
    extensions: tuple[str, ...]
    pillow_format: str = ""  # images: the format Pillow writes it back in


JPEG = FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg", ".jfif"), "JPEG")
PNG = FileType("image/png", "PNG image", (".png",), "PNG")
WEBP = FileType("image/webp", "WebP image", (".webp",), "WEBP")
PDF = FileType("application/pdf", "PDF", (".pdf",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", (".docx",)
)
DOC = FileType("application/msword", "Word document", (".doc",))
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", (".odt",))

PHOTO_TYPES = (JPEG, PNG, WEBP)
DOCUMENT_TYPES = (PDF, JPEG, PNG, DOCX, DOC, ODT)
_BY_MIME = {t.mime: t for t in (*PHOTO_TYPES, *DOCUMENT_TYPES)}

# Decoding an image needs memory for every pixel: beyond this Pillow refuses to open it at all.
Image.MAX_IMAGE_PIXELS = settings.FILES_MAX_IMAGE_PIXELS


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_size(size: int) -> None:
    limit = settings.FILES_MAX_UPLOAD_MB * 1_000_000
    if size == 0:
        raise FileRefused("This file is empty. Choose the file again.")
    if size > limit:
        raise FileRefused(
            f"This file is {_megabytes(size)}; files can be up to {settings.FILES_MAX_UPLOAD_MB} MB. "
            "Choose a smaller file: a PDF scanned at a lower resolution, or a photo from your phone's "
            "gallery."
        )


def _names(types) -> str:
    labels = sorted({t.label for t in types})
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def detect(data: bytes, name: str, *, allowed: tuple[FileType, ...]) -> FileType:
    """The type of `data`, read from its content; refused unless it is one of `allowed` and the
    file's name (if it has an extension) agrees with what the content is."""
    check_size(len(data))
    guess = filetype.guess(data)
    found = _BY_MIME.get(guess.mime) if guess else None
    if found is None or found not in allowed:
        what = f"a {guess.extension.upper()} file" if guess else "not a file type we can keep"
        raise FileRefused(f"This file is {what}, judging by its contents. You can add a {_names(allowed)}.")
    extension = PurePath(name or "").suffix.lower()
    if extension and extension not in found.extensions:
        raise FileRefused(
            f"This file is named “{PurePath(name).name}” but its contents are a {found.label}. "
            f"Choose the right file, or rename it to end in {found.extensions[0]}."
        )
    return found


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Past MAX_IMAGE_PIXELS Pillow only warns; past twice that it refuses. Refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise FileRefused(
                "This image has too many pixels to open safely. Choose a smaller photo."
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise FileRefused(
                "This file could not be read as an image. It may be damaged; choose another."
            ) from None
    return image


def _upright_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Nothing is passed on from the original: no exif=, icc_profile= or comment, so none is written.
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


@dataclass(frozen=True)
class ProcessedPhoto:
    display: bytes
    thumbnail: bytes
    width: int  # of the display size
    height: int


def process_photo(data: bytes, name: str = "") -> ProcessedPhoto:
    """A photo re-encoded as two JPEGs of fixed sizes, made once here and never per request."""
    detect(data, name, allowed=PHOTO_TYPES)
    image = _upright_rgb(_open(data))
    longest = settings.FILES_PHOTO_SIZES["display"]
    display = image.copy()
    display.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    side = settings.FILES_PHOTO_SIZES["thumb"]
    thumbnail = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    return ProcessedPhoto(_jpeg(display), _jpeg(thumbnail), display.width, display.height)


@dataclass(frozen=True)
class CheckedDocument:
    data: bytes
    type: FileType


def check_document(data: bytes, name: str) -> CheckedDocument:
    """A document's bytes as they will be kept: scans (JPEG, PNG) re-encoded without their metadata,
    at their own size; other types as they came."""
    found = detect(data, name, allowed=DOCUMENT_TYPES)
    if not found.pillow_format:
        return CheckedDocument(data, found)
    image = ImageOps.exif_transpose(_open(data))
    out = io.BytesIO()
    if found.pillow_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    else:
        image.save(out, found.pillow_format, optimize=True)
    return CheckedDocument(out.getvalue(), found)
