"""What an upload really is, read from its bytes, and what is left of an image after re-encoding."""

import io

import pytest
from PIL import Image

from sharedlives.files.content import FileRefused, check_document, process_photo

from .images import bomb_png, exif_of, jpeg_with_gps, pdf, png


def test_a_photo_with_a_gps_position_keeps_nothing_but_its_pixels():
    original = jpeg_with_gps()
    exif, _ = exif_of(original)
    assert exif, "the test photo must carry EXIF to begin with"
    processed = process_photo(original, "IMG_0001.JPG")
    for data in (processed.display, processed.thumbnail):
        exif, info = exif_of(data)
        assert exif == {}
        assert "exif" not in info and "icc_profile" not in info and "comment" not in info
    # Orientation 6 was applied: the 1600 x 1200 landscape is shown upright, as a portrait.
    assert (processed.width, processed.height) == (900, 1200)
    with Image.open(io.BytesIO(processed.thumbnail)) as thumbnail:
        assert thumbnail.size == (240, 240)


def test_a_png_photo_is_kept_as_a_jpeg_of_the_display_size():
    processed = process_photo(png((3000, 1000)), "garden.png")
    with Image.open(io.BytesIO(processed.display)) as image:
        assert image.format == "JPEG" and image.size == (1200, 400)


@pytest.mark.parametrize(
    "data, name, says",
    [
        (b"just some words\n" * 20, "holiday.jpg", "judging by its contents"),
        (pdf(), "house.jpg", "judging by its contents"),
        (png(), "house.pdf", "its contents are a PNG image"),
        (b"", "empty.jpg", "empty"),
    ],
)
def test_files_that_are_not_what_a_photo_must_be_are_refused(data, name, says):
    with pytest.raises(FileRefused, match=says):
        process_photo(data, name)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    with pytest.raises(FileRefused, match="too many pixels"):
        process_photo(bomb_png(), "bomb.png")


def test_an_image_just_over_the_pixel_limit_is_refused_too(settings):
    from PIL import Image as PILImage

    previous = PILImage.MAX_IMAGE_PIXELS
    PILImage.MAX_IMAGE_PIXELS = 1000
    try:
        with pytest.raises(FileRefused, match="too many pixels"):
            process_photo(png((40, 30)), "small.png")  # 1,200 pixels: only a warning to Pillow
    finally:
        PILImage.MAX_IMAGE_PIXELS = previous


def test_an_oversized_file_is_refused_with_its_size(settings):
    settings.FILES_MAX_UPLOAD_MB = 1
    with pytest.raises(FileRefused, match=r"This file is 1\.5 MB; files can be up to 1 MB"):
        check_document(b"%PDF-1.4\n" + b"0" * 1_500_000, "big.pdf")


def test_documents_are_typed_by_content_and_scans_lose_their_metadata():
    assert check_document(pdf(), "dbs.pdf").type.mime == "application/pdf"
    scan = check_document(jpeg_with_gps((200, 100)), "scan.jpeg")
    assert scan.type.mime == "image/jpeg"
    assert exif_of(scan.data)[0] == {}
    with pytest.raises(FileRefused, match="its contents are a PNG image"):
        check_document(png(), "certificate.pdf")
    with pytest.raises(FileRefused, match="judging by its contents"):
        check_document(b"MZ\x90\x00" + b"\x00" * 200, "minutes.pdf")
