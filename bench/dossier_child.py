"""Child process: build one dossier through the Celery task; print JSON figures.

Run as `python -m bench.dossier_child CODE` with the benchmark's environment,
so the parent can read this process's peak RSS with wait4().
"""

from __future__ import annotations

import json
import sys
import time


def main(code: str) -> None:
    """Queue nothing: create the job, run the worker's task here, measure it."""
    import django

    django.setup()
    from pypdf import PdfReader

    from demo.core import demo_municipality
    from reports.dossiers import services
    from reports.models import DossierJob
    from reports.tasks import dossier_build_task

    municipality = demo_municipality(code)
    started = time.perf_counter()
    job = services.dossier_request(
        municipality=municipality, actor=None, language="nb", enqueue=False
    )
    requested = time.perf_counter()
    dossier_build_task.apply(args=(job.pk,), throw=True)
    finished = time.perf_counter()
    job.refresh_from_db()
    if job.status != DossierJob.Status.READY:
        raise SystemExit(f"dossier job {job.pk}: {job.status} {job.failure_reason}")
    with job.file.open("rb") as handle:
        pages = len(PdfReader(handle).pages)
        handle.seek(0, 2)
        size = handle.tell()
    print(
        json.dumps(
            {
                "job": job.pk,
                "pages": pages,
                "pdf_kb": round(size / 1024),
                "request_s": round(requested - started, 3),
                "task_s": round(finished - requested, 3),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
