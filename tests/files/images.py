"""Test files made on the spot: real images (one carrying a GPS position), a decompression bomb,
and files whose names lie about what they are."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(size=(1600, 1200), color=(200, 120, 40)) -> bytes:
    """A JPEG whose EXIF holds a camera make, an orientation and a GPS position (a home's)."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees to show upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(size=(64, 48), color=(10, 200, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def bomb_png(width=100_000, height=100_000) -> bytes:
    """A tiny PNG file that says it is 100,000 pixels square (ten billion pixels to decode)."""
    data = png((8, 8))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    start = 8  # after the signature: length, type, data, crc
    return (
        data[:start]
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
        + data[start + 4 + 4 + 13 + 4 :]
    )


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif()), image.info
