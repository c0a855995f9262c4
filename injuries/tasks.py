"""Background jobs of the injury app: take ids, idempotent, acknowledged late."""

from __future__ import annotations

from safecommunity.core import queues
from safecommunity.core.jobs import long_task_options, task, task_options

from . import services
from .models import ImportJob


@task(
    queue_kind=queues.IMPORTS,
    aliases=("injuries.tasks.run_import_job",),
    ignore_result=True,
    **long_task_options(time_limit=ImportJob.JOB_TIME_LIMIT),
)
def import_job_run_task(self, job_id: int) -> None:
    """Check or import one uploaded file; a second delivery does nothing."""
    services.import_job_process(job_id=job_id)


@task(
    aliases=("injuries.tasks.purge_import_files",),
    **task_options(ignore_result=True),
)
def import_files_purge_task(days: int = 7) -> int:
    """Delete uploaded injury files after `days` days (schedule it daily)."""
    import datetime

    return services.import_files_purge(older_than=datetime.timedelta(days=days))
