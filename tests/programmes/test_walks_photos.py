"""Photos of findings: images only, at most 10 MB, stored without EXIF or location."""

import datetime
import io
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from programmes.models import Finding, FindingPhoto
from safecommunity.core.models import Document
from tests.factories.walks import SafetyWalkFactory, make_link

GPS_IFD = 0x8825


def jpeg_with_gps(size=(2400, 1800)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel"  # Model
    exif.get_ifd(GPS_IFD).update(
        {
            1: "N",
            2: (59.0, 17.0, 30.0),
            3: "E",
            4: (10.0, 24.0, 0.0),
        }
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def token(programme, media):
    walk = SafetyWalkFactory(
        programme=programme, starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    return make_link(walk)[1]


def post(token, photos):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "place": "Brygga",
        "category": Finding.Category.WATER,
        "description": "No life buoy.",
        "priority": Finding.Priority.HIGH,
        "photos": photos,
    }
    return Client().post(reverse("programmes:walk-link", args=[token]), data)


def test_the_test_photo_carries_gps():
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_stored_photo_has_no_exif_and_no_location(token, media):
    response = post(token, [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())])
    assert response.status_code == 302
    photo = FindingPhoto.objects.select_related("document").get()
    with photo.document.file.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1600
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info
    assert photo.document.municipality == photo.finding.walk.programme.municipality


def test_png_photos_are_stored_as_jpeg(token):
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 255, 128)).save(buffer, format="PNG")
    response = post(token, [SimpleUploadedFile("p.png", buffer.getvalue())])
    assert response.status_code == 302
    assert FindingPhoto.objects.get().document.content_type == "image/jpeg"


def _nothing_stored(media):
    assert Finding.objects.count() == 0
    assert Document.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_file_that_is_not_an_image_is_refused_before_storage(token, media):
    response = post(token, [SimpleUploadedFile("notes.jpg", b"just some text")])
    assert response.status_code == 400
    assert "damaged or not what its name says" in response.content.decode()
    _nothing_stored(media)


def test_a_pdf_is_refused(token, media):
    response = post(token, [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")])
    assert response.status_code == 400
    _nothing_stored(media)


def test_a_truncated_jpeg_is_refused(token, media):
    response = post(token, [SimpleUploadedFile("a.jpg", jpeg_with_gps()[:200])])
    assert response.status_code == 400
    _nothing_stored(media)


def test_a_photo_over_10_mb_is_refused_before_storage(token, media):
    big = b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024)
    response = post(token, [SimpleUploadedFile("big.jpg", big)])
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    _nothing_stored(media)


def test_at_most_three_photos(token, media):
    photos = [SimpleUploadedFile(f"{i}.jpg", jpeg_with_gps((20, 20))) for i in range(4)]
    response = post(token, photos)
    assert response.status_code == 400
    _nothing_stored(media)
    photos = [SimpleUploadedFile(f"{i}.jpg", jpeg_with_gps((20, 20))) for i in range(3)]
    assert post(token, photos).status_code == 302
    assert FindingPhoto.objects.count() == 3


def test_photos_are_served_only_to_readers_of_the_municipality(
    token, client_for, mayor, other_coordinator
):
    post(token, [SimpleUploadedFile("a.jpg", jpeg_with_gps((20, 20)))])
    document = FindingPhoto.objects.get().document
    download = reverse("core:document-download", args=[document.pk])
    assert client_for(mayor).get(download).status_code == 200
    assert client_for(other_coordinator).get(download).status_code == 404
    anonymous = Client().get(download)
    assert anonymous.status_code == 302
