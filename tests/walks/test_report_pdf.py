"""The walk report PDF: the findings' photos as thumbnails, read from storage."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from safecommunity.core.pdf import pdf_rendering_allowed
from safecommunity.core.services import document_create
from tests.factories.walks import FindingFactory, SafetyWalkFactory
from walks.models import Finding, FindingPhoto, SafetyWalk
from walks.report_pdf import walk_report_render


def _jpeg(size, colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("t.jpg", buffer.getvalue(), "image/jpeg")


def _photo(finding, *, thumbnail: bool, colour=(10, 120, 10)) -> FindingPhoto:
    municipality = finding.walk.programme.municipality
    store = lambda upload: document_create(  # noqa: E731
        actor=None, upload=upload, municipality=municipality
    )
    return FindingPhoto.objects.create(
        finding=finding,
        status=FindingPhoto.Status.READY,
        document=store(_jpeg((1600, 1200), colour)),
        thumbnail=store(_jpeg((320, 240), colour)) if thumbnail else None,
    )


def test_the_report_shows_each_findings_thumbnails(programme, media):
    walk = SafetyWalkFactory(programme=programme, area="Torget")
    finding = FindingFactory(walk=walk, place="Trappa", term=Finding.Term.SHORT)
    _photo(finding, thumbnail=True)
    _photo(finding, thumbnail=True, colour=(200, 200, 10))
    _photo(FindingFactory(walk=walk, place="Brua"), thumbnail=False)
    with pdf_rendering_allowed():
        content = walk_report_render(walk=walk)
    images = [
        image for page in PdfReader(io.BytesIO(content)).pages for image in page.images
    ]
    # The two thumbnails, at their own size: not the clean copies, nothing fetched.
    assert len(images) == 2
    assert all(image.image.size == (320, 240) for image in images)


def test_a_thumbnail_missing_from_storage_leaves_the_report_whole(programme, media):
    walk = SafetyWalkFactory(programme=programme, area="Torget")
    photo = _photo(FindingFactory(walk=walk, place="Trappa"), thumbnail=True)
    photo.thumbnail.file.storage.delete(photo.thumbnail.file.name)
    with pdf_rendering_allowed():
        content = walk_report_render(walk=walk)
    reader = PdfReader(io.BytesIO(content))
    assert "Trappa" in reader.pages[0].extract_text()
    assert not [image for page in reader.pages for image in page.images]


def test_the_report_is_written_in_the_reporters_language(
    programme, media, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import translation

    from safecommunity.core.models import Document
    from walks.report_pdf import walk_report_build, walk_report_request

    walk = SafetyWalkFactory(
        programme=programme, area="Torget", status=SafetyWalk.Status.REPORTED
    )
    FindingFactory(
        walk=walk,
        place="Trappa",
        term=Finding.Term.SHORT,
        due_date=datetime.date(2030, 5, 14),
    )
    with translation.override("sv"):
        walk_report_request(walk=walk)
    with translation.override("nb"), pdf_rendering_allowed():
        assert walk_report_build(walk_id=walk.pk) == "sent"
    document = Document.objects.get()
    with document.file.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Rapport från trygghetsvandring" in text
    assert "2030-05-14" in text  # a Swedish reader's date
    assert "14.05.2030" not in text
