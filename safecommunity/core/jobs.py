"""Long background jobs: retry policy, job state and heartbeat, in one place.

A long job (a PDF, an import) is a row built on `TrackedJob`. The worker that
takes it claims it with a fresh `run_id` and, while it works, a thread
refreshes `heartbeat_at`. A worker that dies (SIGKILL, lost machine) stops the
heartbeat; a message that a broker lost never starts it. The periodic
`jobs_requeue_stale` finds such jobs once their heartbeat is older than the
task's time limit and queues them again, at most `JOB_MAX_REQUEUES` times,
then marks them failed with a message for the user.

Only the holder of the current claim may finish or fail a job, in the same
statement that checks the claim, so a job queued again whose first worker
finishes after all still ends with exactly one result.
"""

from __future__ import annotations

import datetime
import importlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    connections,
    models,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# RETRY POLICY: errors worth another try, because the database or another
# service was briefly away; anything else fails the job at once.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
TRANSIENT_MAX_RETRIES = 5
TRANSIENT_BACKOFF_MAX = 600  # seconds

# Stored translated into the job's language when the job is given up.
REASON_LOST = gettext_noop(
    "The work was interrupted several times and was given up. Please try again."
)
REASON_REPLACED = gettext_noop(
    "The work was interrupted; a new request replaced it. Please try again."
)


# The tasks' retry policy: the errors above and OSError (a mail server that
# hung up is an OSError), retried with exponential backoff and jitter.
TASK_RETRIED_ERRORS: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, OSError)


def task_options(**options: Any) -> dict[str, Any]:
    """Celery options of a task under the one retry policy (`options` add to it)."""
    return {
        "acks_late": True,
        "autoretry_for": TASK_RETRIED_ERRORS,
        "retry_backoff": True,
        "retry_backoff_max": TRANSIENT_BACKOFF_MAX,
        "retry_jitter": True,
        "max_retries": TRANSIENT_MAX_RETRIES,
        **options,
    }


def task(*, aliases: tuple[str, ...] = (), **options: Any) -> Callable[..., Any]:
    """Register a Celery task with `options`, and again under each former name in
    `aliases`, so messages queued and beat entries written under it still run."""

    def register(function: Callable[..., Any]) -> Any:
        for name in aliases:
            shared_task(name=name, **options)(function)
        return shared_task(**options)(function)

    return register


def long_task_options(*, time_limit: int) -> dict[str, Any]:
    """Celery options of a long job's task: late acknowledgement and time limits."""
    return {
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "max_retries": TRANSIENT_MAX_RETRIES,
        "time_limit": time_limit,
        "soft_time_limit": max(time_limit - 30, time_limit * 9 // 10),
    }


class TrackedJob(models.Model):
    """The state of a long job that a worker claims and keeps alive.

    A subclass has a `status` field and names in class attributes the status
    of a job waiting in the queue, running and failed, the task that runs it
    (called with the job's id) and that task's time limit.
    """

    JOB_WAITING: ClassVar[str]
    JOB_RUNNING: ClassVar[str]
    JOB_FAILED: ClassVar[str]
    JOB_TASK: ClassVar[str]
    JOB_TIME_LIMIT: ClassVar[int]
    status: str  # each subclass's own field

    heartbeat_at = models.DateTimeField(
        _("last sign of life"), default=timezone.now, editable=False
    )
    run_id = models.UUIDField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requeues = models.PositiveSmallIntegerField(
        _("queued again"), default=0, editable=False
    )

    class Meta:
        abstract = True

    def job_failure_fields(self, reason: str) -> dict[str, Any]:
        """The fields (besides the status) that record a failure for the user."""
        return {"failure_reason": reason[:300], "finished_at": timezone.now()}

    def job_send(self) -> None:
        """Queue the job's task (called with the job's id unless a model says else)."""
        job_task(type(self)).delay(self.pk)

    @property
    def job_language(self) -> str:
        return getattr(self, "language", "") or settings.LANGUAGE_CODE

    @property
    def is_stale(self) -> bool:
        """Waiting or running, but without a sign of life for too long."""
        return self.status in (self.JOB_WAITING, self.JOB_RUNNING) and (
            self.heartbeat_at < timezone.now() - job_stale_after(type(self))
        )


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SimpleJob(TrackedJob):
    """A long job with the four plain statuses, beside the row it works for."""

    JOB_WAITING = JobStatus.QUEUED
    JOB_RUNNING = JobStatus.RUNNING
    JOB_DONE = JobStatus.DONE
    JOB_FAILED = JobStatus.FAILED

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    failure_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def job_restart(*, job: TrackedJob) -> bool:
    """Queue a failed or stuck job afresh (the user's "try again"); False if running."""
    model = type(job)
    if job.is_stale:
        job_abandon(job=job)
    restarted = model._default_manager.filter(
        Q(status=model.JOB_FAILED), pk=job.pk
    ).update(
        status=model.JOB_WAITING,
        run_id=None,
        heartbeat_at=timezone.now(),
        requeues=0,
        failure_reason="",
        finished_at=None,
    )
    if restarted:
        job.refresh_from_db()
        transaction.on_commit(job.job_send)
    return bool(restarted)


def job_stale_after(model: type[TrackedJob]) -> datetime.timedelta:
    """How long without a heartbeat before a job counts as lost."""
    seconds = float(getattr(settings, "JOB_STALE_SECONDS", 0) or 0)
    return datetime.timedelta(seconds=seconds or model.JOB_TIME_LIMIT)


def job_heartbeat_interval() -> float:
    return float(getattr(settings, "JOB_HEARTBEAT_SECONDS", 30))


def job_max_requeues() -> int:
    return int(getattr(settings, "JOB_MAX_REQUEUES", 3))


def tracked_job_models() -> list[type[TrackedJob]]:
    """Every installed job model."""
    return [m for m in apps.get_models() if issubclass(m, TrackedJob)]


def task_by_name(dotted: str) -> Any:
    """The Celery task at a dotted path; a module enqueues by name what it may
    not import (the tasks module imports it)."""
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def job_task(model: type[TrackedJob]) -> Any:
    """The Celery task that runs the model's jobs (named by its dotted path)."""
    return task_by_name(model.JOB_TASK)


def _active(model: type[TrackedJob]) -> Q:
    return Q(status__in=[model.JOB_WAITING, model.JOB_RUNNING])


def job_claim(*, model: type[TrackedJob], pk: int) -> uuid.UUID | None:
    """Take a waiting job, or a running one whose worker is gone; None otherwise."""
    run_id = uuid.uuid4()
    now = timezone.now()
    claimable = Q(status=model.JOB_WAITING) | Q(
        status=model.JOB_RUNNING, heartbeat_at__lt=now - job_stale_after(model)
    )
    updated = model._default_manager.filter(claimable, pk=pk).update(
        status=model.JOB_RUNNING,
        run_id=run_id,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    return run_id if updated else None


def job_holds_claim(*, model: type[TrackedJob], pk: int, run_id: uuid.UUID) -> bool:
    """Whether `run_id` still holds the job (nobody queued it again meanwhile)."""
    return model._default_manager.filter(
        Q(status=model.JOB_RUNNING), pk=pk, run_id=run_id
    ).exists()


def job_finish(
    *, model: type[TrackedJob], pk: int, run_id: uuid.UUID, **fields: Any
) -> bool:
    """Record the result if `run_id` still holds the job; False if it lost it."""
    return bool(
        model._default_manager.filter(
            Q(status=model.JOB_RUNNING), pk=pk, run_id=run_id
        ).update(**fields)
    )


def job_release(*, model: type[TrackedJob], pk: int, run_id: uuid.UUID) -> bool:
    """Put a held job back in the queue (before a retry of its task)."""
    return bool(
        model._default_manager.filter(
            Q(status=model.JOB_RUNNING), pk=pk, run_id=run_id
        ).update(status=model.JOB_WAITING, run_id=None, heartbeat_at=timezone.now())
    )


def job_fail(
    *, model: type[TrackedJob], pk: int, run_id: uuid.UUID | None, reason: str
) -> bool:
    """Mark the job failed if `run_id` holds it (None: if no run holds it)."""
    job = model._default_manager.filter(pk=pk).first()
    if job is None:
        return False
    claim = Q(run_id=run_id) if run_id is not None else Q(run_id__isnull=True)
    return bool(
        model._default_manager.filter(claim, _active(model), pk=pk).update(
            status=model.JOB_FAILED, **job.job_failure_fields(reason)
        )
    )


def _translated(job: TrackedJob, message: str) -> str:
    with translation.override(job.job_language):
        return gettext(message)


def job_abandon(*, job: TrackedJob) -> bool:
    """Fail a stale job that a new request replaces, so it gives no second result."""
    model = type(job)
    return bool(
        model._default_manager.filter(
            _active(model), pk=job.pk, heartbeat_at=job.heartbeat_at
        ).update(
            status=model.JOB_FAILED,
            run_id=None,
            **job.job_failure_fields(_translated(job, REASON_REPLACED)),
        )
    )


class _Heartbeat(threading.Thread):
    def __init__(self, model: type[TrackedJob], pk: int, run_id: uuid.UUID) -> None:
        super().__init__(name=f"heartbeat-{model._meta.label}-{pk}", daemon=True)
        self.model, self.pk, self.run_id = model, pk, run_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(job_heartbeat_interval()):
                try:
                    alive = self.model._default_manager.filter(
                        pk=self.pk, run_id=self.run_id
                    ).update(heartbeat_at=timezone.now())
                except TRANSIENT_ERRORS:
                    logger.warning("Heartbeat of %s %s missed.", self.model, self.pk)
                    continue
                if not alive:
                    logger.warning(
                        "%s %s was taken over; heartbeat stops.", self.model, self.pk
                    )
                    return
        finally:
            connections.close_all()


@contextmanager
def job_heartbeat(
    *, model: type[TrackedJob], pk: int, run_id: uuid.UUID
) -> Iterator[None]:
    """Keep the claimed job's heartbeat fresh while the block runs."""
    beat = _Heartbeat(model, pk, run_id)
    beat.start()
    try:
        yield
    finally:
        beat.stopped.set()
        beat.join(timeout=10)


def _requeue_or_give_up(job: TrackedJob, now: datetime.datetime) -> str:
    model = type(job)
    unchanged = model._default_manager.filter(
        _active(model), pk=job.pk, heartbeat_at=job.heartbeat_at
    )
    if job.requeues >= job_max_requeues():
        reason = _translated(job, REASON_LOST)
        updated = unchanged.update(
            status=model.JOB_FAILED, run_id=None, **job.job_failure_fields(reason)
        )
        return "failed" if updated else "moved"
    updated = unchanged.update(
        status=model.JOB_WAITING,
        run_id=None,
        heartbeat_at=now,
        requeues=F("requeues") + 1,
    )
    if not updated:
        return "moved"
    transaction.on_commit(job.job_send)
    return "requeued"


def jobs_requeue_stale() -> dict[str, int]:
    """Queue again every job whose worker is gone; give up after the set number."""
    counts = {"requeued": 0, "failed": 0}
    now = timezone.now()
    for model in tracked_job_models():
        cutoff = now - job_stale_after(model)
        with transaction.atomic():
            # A job row locked by a live worker's transaction is skipped.
            stale = list(
                model._default_manager.select_for_update(skip_locked=True)
                .filter(_active(model), heartbeat_at__lt=cutoff)
                .order_by("pk")[:500]
            )
            for job in stale:
                outcome = _requeue_or_give_up(job, now)
                if outcome in counts:
                    counts[outcome] += 1
                    logger.warning(
                        "%s %s lost its worker: %s.", model._meta.label, job.pk, outcome
                    )
    return counts
