"""Photos of findings: checked as images, then re-encoded without any metadata.

Re-encoding from the pixels (rather than deleting EXIF tags) drops every kind
of metadata a phone writes: EXIF with GPS position, XMP, comments, thumbnails.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from safecommunity.core.uploads import validate_upload

PHOTO_EXTENSIONS = frozenset({"png", "jpg", "jpeg"})
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
PHOTO_MAX_PIXELS = 60_000_000
JPEG_QUALITY = 85

_IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
)


def photo_validate(upload: UploadedFile) -> None:
    """Refuse anything but a PNG or JPEG image of at most 10 MB; nothing is stored."""
    validate_upload(upload, allowed=PHOTO_EXTENSIONS, max_bytes=PHOTO_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            image.verify()
    except _IMAGE_ERRORS:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    finally:
        upload.seek(0)


def photo_clean(upload: UploadedFile) -> SimpleUploadedFile:
    """A JPEG of the photo's pixels only: turned upright, at most 1600 px, no metadata."""
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            upright = ImageOps.exif_transpose(original)
            pixels = upright.convert("RGB")
    except _IMAGE_ERRORS:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    pixels.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    # A fresh image carries no info dict: nothing of the original rides along.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg")
