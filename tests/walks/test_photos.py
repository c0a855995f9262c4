"""Photos of findings: images only, at most 10 MB and 40 MP, stored without EXIF
or location; the web process only checks the header, a worker makes the copy."""

import datetime
import io
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from safecommunity.core.models import Document
from tests.factories.walks import SafetyWalkFactory, make_link
from walks.models import Finding, FindingPhoto

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


def post(token, photos, *, processed=True, client=None):
    """Send a finding; `processed`: the worker's task runs when the request commits."""
    data = {
        "client_uuid": str(uuid.uuid4()),
        "place": "Brygga",
        "category": Finding.Category.WATER,
        "description": "No life buoy.",
        "priority": Finding.Priority.HIGH,
        "photos": photos,
    }
    url = reverse("walks:walk-link", args=[token])
    with TestCase.captureOnCommitCallbacks(execute=processed):
        return (client or Client()).post(url, data)


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


def png(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_a_photo_of_more_than_40_megapixels_is_refused_from_its_header(token, media):
    # The finding of the outside test: 190 KB of PNG, 7,740 x 7,740 pixels.
    data = png((7740, 7740))
    assert len(data) < 300_000
    response = post(token, [SimpleUploadedFile("huge.png", data)])
    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()
    _nothing_stored(media)


def test_the_web_process_keeps_the_photo_as_received_and_shows_it_once_processed(
    token, media, client_for, coordinator
):
    finder = Client()
    response = post(
        token,
        [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())],
        processed=False,
        client=finder,
    )
    assert response.status_code == 302
    photo = FindingPhoto.objects.get()
    assert photo.status == FindingPhoto.Status.RECEIVED
    assert photo.document is None  # nothing decoded in the web process
    assert Document.objects.count() == 0
    walk = photo.finding.walk
    detail = client_for(coordinator).get(reverse("walks:walk-detail", args=[walk.pk]))
    assert "is being processed" in detail.content.decode()
    assert "document-download" not in detail.content.decode()
    # The finder sees that the photo arrived and when it will be shown.
    own_page = finder.get(reverse("walks:walk-link", args=[token]))
    assert "shown to the organisers once processed" in own_page.content.decode()

    from walks.photos import finding_photo_process

    finding_photo_process(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.status == FindingPhoto.Status.READY
    assert photo.received.name == ""
    assert not any(p.is_file() for p in (media / "walk-photos").rglob("*"))
    detail = client_for(coordinator).get(reverse("walks:walk-detail", args=[walk.pk]))
    html = detail.content.decode()
    assert reverse("core:document-download", args=[photo.document_id]) in html
    thumbnail = reverse("core:document-download", args=[photo.thumbnail_id])
    assert f'src="{thumbnail}"' in html
    # Once more changes nothing (a task delivered twice).
    finding_photo_process(photo_id=photo.pk)
    assert Document.objects.count() == 2  # the clean copy and its thumbnail


def test_a_photo_the_worker_cannot_read_is_marked_and_its_file_removed(token, media):
    post(token, [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())], processed=False)
    photo = FindingPhoto.objects.get()
    with photo.received.open("wb") as handle:
        handle.write(b"no longer an image")
    from walks.photos import finding_photo_process

    finding_photo_process(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.status == FindingPhoto.Status.FAILED
    assert photo.document is None
    assert not any(p.is_file() for p in (media / "walk-photos").rglob("*"))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(media):
    from walks.photos import photo_clean

    source = io.BytesIO(jpeg_with_gps((6400, 4800)))  # 30.7 MP
    with Image.open(source) as image:
        image.draft("RGB", (1600, 1600))
        # Decoded at half of each side: a quarter of the pixels in memory.
        assert image.size == (3200, 2400)
    clean = photo_clean(source)
    with Image.open(io.BytesIO(clean.read())) as result:
        assert result.size == (1600, 1200)


def test_the_worker_makes_a_small_thumbnail_without_metadata(token, media):
    post(token, [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())])
    photo = FindingPhoto.objects.select_related("thumbnail").get()
    with photo.thumbnail.file.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 240)
        assert not image.getexif()
    assert photo.thumbnail.municipality == photo.finding.walk.programme.municipality


def test_thumbnails_are_served_only_to_readers_of_the_municipality(
    token, client_for, mayor, other_coordinator
):
    post(token, [SimpleUploadedFile("a.jpg", jpeg_with_gps((20, 20)))])
    thumbnail = FindingPhoto.objects.get().thumbnail
    download = reverse("core:document-download", args=[thumbnail.pk])
    response = client_for(mayor).get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client_for(other_coordinator).get(download).status_code == 404
    assert Client().get(download).status_code == 302


def test_a_photo_made_ready_before_thumbnails_gets_one_from_its_clean_copy(
    token, media
):
    from walks.photos import finding_photo_process

    post(token, [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())])
    photo = FindingPhoto.objects.get()
    FindingPhoto.objects.filter(pk=photo.pk).update(thumbnail=None)
    finding_photo_process(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.thumbnail is not None
    with photo.thumbnail.file.open("rb") as handle, Image.open(handle) as image:
        assert max(image.size) == 320


def test_the_board_shows_thumbnails_of_processed_photos_only(token, client_for, mayor):
    post(token, [SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps())])
    post(token, [SimpleUploadedFile("IMG_2.jpg", jpeg_with_gps())], processed=False)
    ready = FindingPhoto.objects.get(status=FindingPhoto.Status.READY)
    programme = ready.finding.walk.programme
    board = client_for(mayor).get(
        reverse("walks:finding-board", args=[programme.municipality.code])
    )
    html = board.content.decode()
    assert html.count('class="finding-thumbnail"') == 1
    assert reverse("core:document-download", args=[ready.thumbnail_id]) in html
