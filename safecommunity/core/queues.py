"""The Celery queues, one per kind of work, so that one kind never waits behind
another: a queue of dossiers never delays an import.

A task names its queue on its decorator (`@shared_task(queue_kind=PDFS)`),
so a renamed or moved task keeps its queue; tasks without one go to DEFAULT.
`route_task` (CELERY_TASK_ROUTES) reads that attribute for `.delay()` and
for a task sent by name (beat, the job sweep) alike. (Celery's own `queue`
task attribute is deprecated in favour of routes.) A worker started without `-Q` consumes them all
(`make run`); docker compose gives each queue workers of its own.
"""

from __future__ import annotations

from typing import Any

DEFAULT = "default"
IMPORTS = "imports"  # injury and population files
PDFS = "pdfs"  # dossiers, walk reports, diplomas (WeasyPrint)
MAIL = "mail"  # notifications, reminders, invitations
ALL = (DEFAULT, IMPORTS, PDFS, MAIL)


def route_task(name: str, args, kwargs, options, task=None, **kw) -> dict[str, Any]:
    """The queue a task declares on its decorator, else DEFAULT."""
    if task is None:
        from celery import current_app

        task = current_app.tasks.get(name)
    queue = getattr(task, "queue_kind", None) if task is not None else None
    return {"queue": queue if queue in ALL else DEFAULT}
