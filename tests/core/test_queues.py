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
        ("injuries.tasks.run_import_job", queues.IMPORTS),
        ("reports.tasks.build_dossier", queues.PDFS),
        ("programmes.tasks.build_walk_report", queues.PDFS),
        ("certification.tasks.certificate_render_diploma", queues.PDFS),
        ("safecommunity.core.tasks.send_notification", queues.MAIL),
        ("events.tasks.send_registration_email", queues.MAIL),
        ("safecommunity.core.tasks.requeue_stale_jobs", queues.DEFAULT),
        ("injuries.tasks.purge_import_files", queues.DEFAULT),
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
