"""`manage.py build_dossier MUNICIPALITY_CODE [--queue]`: the dossier task from a shell."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.dossiers import services
from reports.models import DossierJob
from reports.tasks import dossier_build_task
from safecommunity.core.geography import municipality_key_q, pick_by_key
from safecommunity.core.models import Municipality


class Command(BaseCommand):
    help = _(
        "Build the accreditation dossier of a municipality in this process and print "
        "the path of the PDF; with --queue, hand it to the workers and print the job id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("Four-digit municipality code"))
        parser.add_argument(
            "--queue", action="store_true", help=_("Queue the job for the workers.")
        )
        parser.add_argument(
            "--kind",
            choices=DossierJob.Kind.values,
            default=DossierJob.Kind.DOSSIER,
            help=_("Kind of PDF (default: dossier)."),
        )
        parser.add_argument(
            "--language", default=None, help=_("Language code (default: nb).")
        )

    def handle(self, *args, **options) -> None:
        # `0716` is Norway's; another country's code carries it: `SE-0780`.
        municipality = pick_by_key(
            list(
                Municipality.objects.select_related("county__country").filter(
                    municipality_key_q(options["code"])
                )
            ),
            options["code"],
        )
        if municipality is None:
            raise CommandError(_("No municipality has the code %s.") % options["code"])
        job = services.dossier_request(
            municipality=municipality,
            actor=None,
            kind=options["kind"],
            language=options["language"],
            enqueue=options["queue"],
        )
        if options["queue"]:
            self.stdout.write(str(job.pk))
            return
        if job.status != DossierJob.Status.READY:
            # The same task the workers run, executed in this process.
            dossier_build_task.apply(args=(job.pk,), throw=True)
            job.refresh_from_db()
        if job.status != DossierJob.Status.READY:
            raise CommandError(job.failure_reason or job.get_status_display())
        self.stdout.write(default_storage.path(job.file.name))
