"""Each kind of work has its own queue, so a queue of dossiers never delays an import."""

import pytest

from safecommunity.core import queues


@pytest.fixture
def app():
    from safecommunity.celery import app

    app.loader.import_default_modules()
    return app


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("injuries.tasks.import_job_run_task", queues.IMPORTS),
        ("reports.tasks.dossier_build_task", queues.PDFS),
        ("walks.tasks.walk_report_build_task", queues.PDFS),
        ("certification.tasks.certificate_diploma_render_task", queues.PDFS),
        ("safecommunity.core.tasks.notification_send_task", queues.MAIL),
        ("events.tasks.registration_email_send_task", queues.MAIL),
        ("safecommunity.core.tasks.jobs_requeue_stale_task", queues.DEFAULT),
        ("injuries.tasks.import_files_purge_task", queues.DEFAULT),
        # Former names, still registered for messages queued under them.
        ("injuries.tasks.run_import_job", queues.IMPORTS),
        ("reports.tasks.build_dossier", queues.PDFS),
        ("safecommunity.core.tasks.send_notification", queues.MAIL),
    ],
)
def test_a_task_goes_to_the_queue_of_its_kind_by_delay_and_by_name(
    app, task_name, queue
):
    task = app.tasks[task_name]
    by_delay = app.amqp.router.route({}, task_name, (), {}, task)
    by_name = app.amqp.router.route({}, task_name, (), {})  # beat, the sweep
    assert by_delay["queue"].name == by_name["queue"].name == queue


def test_a_worker_without_queues_named_consumes_every_queue(app):
    assert sorted(app.amqp.queues) == sorted(queues.ALL)
    assert app.conf.task_default_queue == queues.DEFAULT
