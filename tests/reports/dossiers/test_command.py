"""`manage.py build_dossier CODE [--queue]` (CONTRACTS section 5)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports.models import DossierJob


def _run(*args) -> str:
    out = StringIO()
    call_command("build_dossier", *args, stdout=out)
    return out.getvalue().strip()


def test_command_prints_the_path_of_a_real_pdf(dossier_data, municipality):
    path = Path(_run(municipality.code))
    assert path.is_file()
    reader = PdfReader(path)
    assert len(reader.pages) > 1
    assert "Egenby" in reader.pages[0].extract_text()
    job = DossierJob.objects.get()
    assert job.status == DossierJob.Status.READY
    assert job.requested_by is None
    # Unchanged data: the same file again, nothing rendered.
    assert Path(_run(municipality.code)) == path
    assert DossierJob.objects.count() == 1


def test_queue_prints_the_job_id(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        output = _run(municipality.code, "--queue")
    job = DossierJob.objects.get()
    assert output == str(job.pk)
    assert job.status == DossierJob.Status.QUEUED
    assert len(callbacks) == 1


def test_unknown_municipality_is_an_error(db):
    with pytest.raises(CommandError):
        _run("0000")
