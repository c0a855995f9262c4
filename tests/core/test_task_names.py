"""Tasks are named `<entity>_<action>_task`; their former names still run them,
so messages queued before a rename and old beat entries keep working."""

import inspect

import pytest
from django.conf import settings

from safecommunity.celery import app
from safecommunity.core.jobs import TASK_RETRIED_ERRORS

APPS = (
    "safecommunity.",
    "certification.",
    "programmes.",
    "walks.",
    "injuries.",
    "reports.",
)
FORMER = {
    "certification.tasks.certificate_render_diploma": "certificate_diploma_render_task",
    "certification.tasks.certificate_expiry_sweep": "certificate_expiry_sweep_task",
    "safecommunity.core.tasks.send_notification": "notification_send_task",
    "reports.tasks.build_dossier": "dossier_build_task",
    "injuries.tasks.run_import_job": "import_job_run_task",
    # Safety walks left the programmes app: the former name runs the walks task.
    "programmes.tasks.build_walk_report": "walks.tasks.walk_report_build_task",
    "events.tasks.send_event_reminders": "event_reminders_send_task",
}


@pytest.fixture(scope="module")
def tasks():
    app.loader.import_default_modules()
    return app.tasks


def _code(task):
    return inspect.unwrap(task.run).__code__


def test_every_task_is_named_entity_action_task(tasks):
    """A name without `_task` is only a former name of a task that has one."""
    ours = {n: t for n, t in tasks.items() if n.startswith((*APPS, "events."))}
    current = {_code(t) for n, t in ours.items() if n.endswith("_task")}
    former = [n for n in ours if not n.endswith("_task")]
    assert current
    assert [n for n in former if _code(ours[n]) not in current] == []


@pytest.mark.parametrize(("former", "current"), FORMER.items())
def test_a_former_name_runs_the_same_code(tasks, former, current):
    if "." not in current:
        current = f"{former.rsplit('.', 1)[0]}.{current}"
    assert _code(tasks[former]) is _code(tasks[current])


def test_the_beat_schedule_names_current_tasks(tasks):
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in tasks
        assert entry["task"].endswith("_task"), entry["task"]


def test_one_retry_policy(tasks):
    for name, task in tasks.items():
        if name.startswith((*APPS, "events.")) and getattr(task, "autoretry_for", ()):
            assert tuple(task.autoretry_for) == TASK_RETRIED_ERRORS, name
