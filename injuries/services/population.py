"""Imports of population figures: a file from the command or an upload."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.models import User

from ..importing.files import count_data_rows
from ..models import ImportJob
from ..population import PopulationResult, population_import
from . import import_runs


def population_import_file(
    *, data: bytes, filename: str, actor: User | None, country: str | None = None
) -> PopulationResult:
    """Import a population file outside the web (the command): all or nothing."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.POPULATION,
            created_by=actor,
            original_name=filename[:200],
            status=ImportJob.Status.RUNNING,
            confirmed=True,
            started_at=timezone.now(),
        )
        result = population_import(data=data, country=country)
        if not result.ok:
            transaction.set_rollback(True)
            return result
        import_runs.population_job_finish(job, result)
    return result


def population_job_create(
    *, actor: User, upload, country: str | None = None, language: str = "nb"
) -> ImportJob:
    """Store an uploaded population file and import it: now if small, else in a
    worker."""
    data = upload.read()
    job = ImportJob(
        kind=ImportJob.Kind.POPULATION,
        created_by=actor,
        original_name=upload.name[:200],
        language=language,
        confirmed=True,
        rows_total=count_data_rows(data, upload.name) or 0,
        summary={"country": country} if country else {},
    )
    return import_runs.import_job_start(job=job, data=data)


def population_summary_text(result: PopulationResult, filename: str) -> str:
    """The one-line summary of a population import."""
    text = _(
        "%(file)s: %(figures)s population figures loaded for %(municipalities)s "
        "municipalities (%(years)s), %(persons)s persons"
    ) % {
        "file": filename,
        "figures": result.figures,
        "municipalities": result.municipalities,
        "years": ", ".join(str(y) for y in result.years),
        "persons": result.persons,
    }
    if result.zero_skipped:
        text += "; " + _(
            "%(count)s zero figures skipped for codes not in use in their year "
            "(%(codes)s)"
        ) % {
            "count": result.zero_skipped,
            "codes": ", ".join(result.zero_skipped_codes[:20])
            + (" …" if len(result.zero_skipped_codes) > 20 else ""),
        }
    if result.both_sexes:
        text += "; " + _("both sexes together (no rates by sex)")
    if result.unknown_age:
        text += "; " + _("%(count)s persons of unknown age") % {
            "count": result.unknown_age
        }
    return text
