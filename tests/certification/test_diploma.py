"""The diploma is a real PDF, rendered by the worker task through the core renderer."""

import io
import time

import pytest
from pypdf import PdfReader

from certification.models import Certificate
from certification.tasks import certificate_diploma_render_task
from safecommunity.core.pdf import PdfRenderingNotAllowed
from tests.factories.certification import CaseFactory, CertificateFactory
from tests.factories.programmes import FocusAreaFactory


@pytest.fixture
def certificate(programme):
    return CertificateFactory(case=CaseFactory(programme=programme, status="certified"))


def _text(certificate: Certificate) -> str:
    certificate.refresh_from_db()
    with certificate.diploma.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_task_renders_a_readable_pdf_once(certificate, municipality):
    document_id = certificate_diploma_render_task.delay(
        certificate_id=certificate.pk
    ).get()
    text = _text(certificate)
    assert municipality.name in text
    assert certificate.number in text
    assert "Fall blant eldre" in text
    assert certificate.diploma.municipality == municipality
    # Idempotent: a second delivery keeps the first document.
    assert certificate_diploma_render_task.delay(
        certificate_id=certificate.pk
    ).get() == (document_id)


@pytest.mark.django_db
def test_the_service_refuses_to_render_outside_a_worker(certificate):
    from certification.jobs import certificate_diploma_store

    with pytest.raises(PdfRenderingNotAllowed):
        certificate_diploma_store(certificate_id=certificate.pk)


@pytest.mark.worker
def test_worker_renders_the_diploma(celery_worker_thread, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    certificate = CertificateFactory(case=CaseFactory(status="certified"))
    FocusAreaFactory(programme=certificate.case.programme, title="Trafikk")
    certificate_diploma_render_task.delay(certificate_id=certificate.pk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        certificate.refresh_from_db()
        if certificate.diploma_id:
            break
        time.sleep(0.2)
    assert certificate.number in _text(certificate)
