"""Photos of findings: checked as images, then re-encoded without any metadata.

The web process reads only the image's header (format and dimensions) and
checks the file's structure; it never decodes the pixels. A worker decodes
with a bound on memory (at most PHOTO_MAX_PIXELS, JPEGs decoded straight at a
reduced scale), shrinks and re-encodes, and makes a thumbnail of the clean
copy for the walk page, the follow-up board and the walk report.

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
THUMBNAIL_SIDE = 320

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
    return _jpeg(pixels, "photo.jpg")


def _jpeg(pixels: Image.Image, name: str) -> SimpleUploadedFile:
    # A fresh image carries no info dict: nothing of the original rides along.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def photo_thumbnail(clean: IO[bytes]) -> SimpleUploadedFile:
    """A JPEG of at most 320 px from a clean copy (photo_clean's); run by the worker."""
    clean.seek(0)
    try:
        with Image.open(clean) as image:
            if _too_many_pixels(image):
                raise ValidationError(_("The photo has too many pixels."))
            image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            pixels = image.convert("RGB")
    except _IMAGE_ERRORS:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    return _jpeg(pixels, "thumbnail.jpg")


def _store(photo: FindingPhoto, upload: SimpleUploadedFile, title: str):
    return document_create(
        actor=None,
        upload=upload,
        title=title,
        municipality=photo.finding.walk.programme.municipality,
        allowed=frozenset({"jpg"}),
    )


def finding_photo_process(*, photo_id: int) -> FindingPhoto | None:
    """Decode, shrink and strip a received photo into a Document, with its
    thumbnail; safe to repeat.

    A photo that cannot be read is marked failed. The received file, with
    its metadata, is deleted either way. A photo made ready before photos had
    thumbnails gets its thumbnail from its clean copy.
    """
    with transaction.atomic():
        photo = (
            FindingPhoto.objects.select_for_update(of=("self",))
            .select_related("finding__walk__programme__municipality", "document")
            .filter(pk=photo_id)
            .first()
        )
        if photo is None:
            return None
        if photo.status == FindingPhoto.Status.READY and photo.thumbnail_id is None:
            return _thumbnail_add(photo)
        if photo.status != FindingPhoto.Status.RECEIVED:
            return photo
        try:
            with photo.received.open("rb") as handle:
                clean = photo_clean(handle)
            thumbnail = photo_thumbnail(io.BytesIO(clean.read()))
            clean.seek(0)
        except (ValidationError, FileNotFoundError):
            photo.status = FindingPhoto.Status.FAILED
        else:
            photo.document = _store(photo, clean, _("Photo of a finding"))
            photo.thumbnail = _store(
                photo, thumbnail, _("Thumbnail of a photo of a finding")
            )
            photo.status = FindingPhoto.Status.READY
        received, photo.received = photo.received.name, ""
        photo.save(update_fields=["document", "thumbnail", "status", "received"])
    if received:
        photo.received.storage.delete(received)
    return photo


def _thumbnail_add(photo: FindingPhoto) -> FindingPhoto:
    if photo.document is None:  # a ready photo has its clean copy
        return photo
    try:
        with photo.document.file.open("rb") as handle:
            thumbnail = photo_thumbnail(handle)
    except (ValidationError, FileNotFoundError):
        return photo
    photo.thumbnail = _store(photo, thumbnail, _("Thumbnail of a photo of a finding"))
    photo.save(update_fields=["thumbnail"])
    return photo
