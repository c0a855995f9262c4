"""Photos of findings: checked as images, then re-encoded without any metadata.

The web process reads only the image's header (format and dimensions) and
checks the file's structure; it never decodes the pixels. A worker decodes
with a bound on memory (at most PHOTO_MAX_PIXELS, JPEGs decoded straight at a
reduced scale), shrinks and re-encodes.

Re-encoding from the pixels (rather than deleting EXIF tags) drops every kind
of metadata a phone writes: EXIF with GPS position, XMP, comments, thumbnails.
"""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from safecommunity.core.services import document_create
from safecommunity.core.uploads import validate_upload

from .models import FindingPhoto

PHOTO_EXTENSIONS = frozenset({"png", "jpg", "jpeg"})
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
# A phone's camera takes up to about 50 MP in its default modes (most take
# 12 MP); 40 MP keeps the largest decode in the worker near 160 MB.
PHOTO_MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85

_WIDER_MODE = {"1": "L", "I;16": "L", "I": "L", "F": "L", "CMYK": "RGB", "YCbCr": "RGB"}

_IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
)


def _too_many_pixels(image: Image.Image) -> bool:
    return image.width * image.height > PHOTO_MAX_PIXELS


def photo_validate(upload: UploadedFile) -> None:
    """Refuse anything but a PNG or JPEG image of at most 10 MB and 40 MP.

    Only the header is read, and the structure checked; nothing is decoded
    and nothing is stored.
    """
    validate_upload(upload, allowed=PHOTO_EXTENSIONS, max_bytes=PHOTO_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if _too_many_pixels(image):
                raise ValidationError(
                    _(
                        "The photo has too many pixels (at most %(megapixels)d "
                        "megapixels): send a smaller photo."
                    )
                    % {"megapixels": PHOTO_MAX_PIXELS // 1_000_000}
                )
            image.verify()
    except _IMAGE_ERRORS:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    finally:
        upload.seek(0)


def photo_clean(source: IO[bytes]) -> SimpleUploadedFile:
    """A JPEG of the photo's pixels only: turned upright, at most 1600 px, no metadata.

    Run by the worker. The dimensions are checked again before decoding; a
    JPEG is decoded at the smallest scale still at least 1600 px (draft mode).
    """
    source.seek(0)
    try:
        with Image.open(source) as original:
            if _too_many_pixels(original):
                raise ValidationError(_("The photo has too many pixels."))
            original.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            upright = ImageOps.exif_transpose(original)
            if upright.mode not in {"RGB", "RGBA", "L"}:
                # Palette and bilevel images resize only by nearest pixel:
                # widen them first, by as little as they need.
                upright = upright.convert(_WIDER_MODE.get(upright.mode, "RGBA"))
            # Shrink before converting: the full-size copy is never made twice.
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            pixels = upright.convert("RGB")
    except _IMAGE_ERRORS:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    # A fresh image carries no info dict: nothing of the original rides along.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg")


def finding_photo_process(*, photo_id: int) -> FindingPhoto | None:
    """Decode, shrink and strip a received photo into a Document; safe to repeat.

    A photo that cannot be read is marked failed. The received file, with
    its metadata, is deleted either way.
    """
    with transaction.atomic():
        photo = (
            FindingPhoto.objects.select_for_update(of=("self",))
            .select_related("finding__walk__programme__municipality")
            .filter(pk=photo_id)
            .first()
        )
        if photo is None or photo.status != FindingPhoto.Status.RECEIVED:
            return photo
        try:
            with photo.received.open("rb") as handle:
                clean = photo_clean(handle)
        except (ValidationError, FileNotFoundError):
            photo.status = FindingPhoto.Status.FAILED
        else:
            photo.document = document_create(
                actor=None,
                upload=clean,
                title=_("Photo of a finding"),
                municipality=photo.finding.walk.programme.municipality,
                allowed=frozenset({"jpg"}),
            )
            photo.status = FindingPhoto.Status.READY
        received, photo.received = photo.received.name, ""
        photo.save(update_fields=["document", "status", "received"])
    if received:
        photo.received.storage.delete(received)
    return photo
