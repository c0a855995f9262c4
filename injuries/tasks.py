"""Background jobs of the injury app: take ids, idempotent, acknowledged late."""

from __future__ import annotations

from celery import shared_task

from safecommunity.core import queues
from safecommunity.core.jobs import long_task_options

from . import services
from .models import ImportJob


@shared_task(
    queue_kind=queues.IMPORTS,
    ignore_result=True,
    **long_task_options(time_limit=ImportJob.JOB_TIME_LIMIT),
)
def run_import_job(self, job_id: int) -> None:
    """Check or import one uploaded file; a second delivery does nothing."""
    services.import_job_process(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def purge_import_files(days: int = 7) -> int:
    """Delete uploaded injury files after `days` days (schedule it daily)."""
    import datetime

    return services.import_files_purge(older_than=datetime.timedelta(days=days))
