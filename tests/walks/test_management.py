"""`manage.py walk_photo_thumbnails`: photos processed before thumbnails get one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from safecommunity.core.services import document_create
from tests.factories.walks import FindingFactory, SafetyWalkFactory
from walks.models import FindingPhoto


def _ready_photo_without_thumbnail(finding) -> FindingPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (0, 90, 160)).save(buffer, format="JPEG")
    document = document_create(
        actor=None,
        upload=SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg"),
        municipality=finding.walk.programme.municipality,
    )
    return FindingPhoto.objects.create(
        finding=finding, document=document, status=FindingPhoto.Status.READY
    )


def test_old_photos_get_thumbnails_once(programme, media):
    finding = FindingFactory(walk=SafetyWalkFactory(programme=programme))
    photo = _ready_photo_without_thumbnail(finding)
    FindingPhoto.objects.create(finding=finding, status=FindingPhoto.Status.FAILED)
    out = io.StringIO()
    call_command("walk_photo_thumbnails", stdout=out)
    assert out.getvalue().strip() == "1"
    photo.refresh_from_db()
    with photo.thumbnail.file.open("rb") as handle, Image.open(handle) as image:
        assert image.size == (320, 180)
    out = io.StringIO()
    call_command("walk_photo_thumbnails", stdout=out)
    assert out.getvalue().strip() == "0"
