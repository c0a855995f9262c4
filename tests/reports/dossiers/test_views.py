"""Dossier pages: role x own/other municipality, build, progress partial, download."""

import pytest
from django.urls import reverse

from reports.dossiers import services
from reports.models import DossierJob
from safecommunity.core.models import AuditEntry
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.conftest import ROLE_FIXTURES

# Who may read (and so build and download) the dossiers of the own
# municipality "Egenby" (3999) and of "Annenby" (4699, other_coordinator's).
ALLOWED = {
    "own": {"secretariat", "coordinator", "mayor", "regional"},
    "other": {"secretariat", "other_coordinator"},
}


@pytest.fixture
def ready_job(municipality, other_municipality):
    """A finished dossier for each municipality."""
    jobs = {}
    for m in (municipality, other_municipality):
        job = services.dossier_request(municipality=m, actor=None, enqueue=False)
        with pdf_rendering_allowed():
            services.dossier_job_build(job_id=job.pk)
        job.refresh_from_db()
        jobs[m.code] = job
    return jobs


def _urls(job: DossierJob) -> dict[str, str]:
    code = job.municipality.code
    return {
        "page": reverse("reports:dossier", args=[code]),
        "partial": reverse("reports:dossier-job", args=[code, job.pk]),
        "download": reverse("reports:dossier-download", args=[code, job.pk]),
    }


@pytest.mark.parametrize("role", ROLE_FIXTURES)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_permission_matrix(request, client_for, ready_job, role, whose):
    user = request.getfixturevalue(role)
    code = "3999" if whose == "own" else "4699"
    allowed = role in ALLOWED[whose]
    job = ready_job[code]
    client = client_for(user)
    expected = 200 if allowed else 404
    urls = _urls(job)
    assert client.get(urls["page"]).status_code == expected
    assert client.get(urls["partial"]).status_code == expected
    download = client.get(urls["download"])
    assert download.status_code == expected
    if allowed:
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
    jobs_before = DossierJob.objects.count()
    post = client.post(urls["page"], {"kind": "dossier"})
    assert post.status_code == (302 if allowed else 404)
    if not allowed:
        assert DossierJob.objects.count() == jobs_before


def test_anonymous_is_sent_to_login(client, ready_job):
    response = client.get(_urls(ready_job["3999"])["page"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_job_of_another_municipality_is_not_reachable_through_own_code(
    client_for, coordinator, ready_job
):
    foreign = ready_job["4699"]
    client = client_for(coordinator)
    for name in ("reports:dossier-job", "reports:dossier-download"):
        url = reverse(name, args=["3999", foreign.pk])
        assert client.get(url).status_code == 404


def test_build_queues_a_job_after_commit(
    client_for, mayor, municipality, django_capture_on_commit_callbacks
):
    client = client_for(mayor)
    url = reverse("reports:dossier", args=[municipality.code])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"kind": "dossier"})
    assert response.status_code == 302
    job = DossierJob.objects.get()
    assert job.status == DossierJob.Status.QUEUED
    assert job.requested_by == mayor
    assert len(callbacks) == 1  # the task is sent only once the request commits
    assert AuditEntry.objects.filter(action="export", object_id=str(job.pk)).exists()
    page = client.get(url)
    assert b'hx-trigger="every 2s"' in page.content
    assert b"<script>" not in page.content.replace(b"<script src=", b"")


def test_unknown_kind_is_refused(client_for, mayor, municipality):
    url = reverse("reports:dossier", args=[municipality.code])
    response = client_for(mayor).post(url, {"kind": "everything"})
    assert response.status_code == 400
    assert not DossierJob.objects.exists()


def test_polling_partial_follows_the_job(client_for, mayor, municipality):
    job = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    client = client_for(mayor)
    url = reverse("reports:dossier-job", args=[municipality.code, job.pk])
    queued = client.get(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200
    assert b'hx-trigger="every 2s"' in queued.content
    assert f'hx-get="{url}"'.encode() in queued.content
    assert b"<html" not in queued.content
    with pdf_rendering_allowed():
        services.dossier_job_build(job_id=job.pk)
    ready = client.get(url)
    assert b"hx-trigger" not in ready.content  # polling stops once finished
    assert reverse("reports:dossier-download", args=["3999", job.pk]).encode() in (
        ready.content
    )


def test_failed_job_shows_its_reason(client_for, mayor, municipality):
    job = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    services.dossier_job_fail(job_id=job.pk, reason="Making the PDF took too long.")
    url = reverse("reports:dossier-job", args=[municipality.code, job.pk])
    response = client_for(mayor).get(url)
    assert b"Making the PDF took too long." in response.content
    assert b"hx-trigger" not in response.content
    download = reverse("reports:dossier-download", args=[municipality.code, job.pk])
    assert client_for(mayor).get(download).status_code == 404


def test_unchanged_data_reuses_the_ready_file(client_for, mayor, municipality):
    job = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    with pdf_rendering_allowed():
        services.dossier_job_build(job_id=job.pk)
    client = client_for(mayor)
    url = reverse("reports:dossier", args=[municipality.code])
    response = client.post(url, {"kind": "dossier"}, follow=True)
    assert response.status_code == 200
    assert DossierJob.objects.count() == 1
