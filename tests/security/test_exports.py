"""Every export, the administration's included, is neutralised and audited.

The walk covers every ModelAdmin that offers an export (found on the admin
site, so a new one fails here until it has a record below) and every export
of the pages, in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from injuries.models import Code, ImportJob, Registration
from safecommunity.core.exports import (
    FORMULA_PREFIXES,
    AuditedExportMixin,
    admins_with_export,
)
from safecommunity.core.models import AuditEntry, County, Municipality
from tests.factories.core import CountyFactory, MunicipalityFactory
from tests.factories.injuries import RegistrationFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory

FORMULA = '=HYPERLINK("http://evil.invalid","click")'


def _cells(content: bytes, fmt: str) -> list:
    """Every cell of the file: strings as a spreadsheet would read them."""
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    book = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"live formula in {cell.coordinate}"
                cells.append(cell.value)
    return cells


def _assert_neutralised(content: bytes, fmt: str) -> None:
    cells = _cells(content, fmt)
    assert "'" + FORMULA in cells, "the hostile value is exported, neutralised"
    live = [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES)]
    assert live == []


# Records with a formula in a text column, per model the admin exports.
RECORDS = {
    Registration: lambda m: RegistrationFactory(municipality=m, external_id=FORMULA),
    Code: lambda m: Code.objects.create(
        list_name="place", code="zz", label_nb=FORMULA, label_en="x", version=1
    ),
    County: lambda m: CountyFactory(code="98", name=FORMULA),
    Municipality: lambda m: MunicipalityFactory(code="9898", name=FORMULA),
}


def test_every_admin_export_has_a_hostile_record_here():
    exporting = {a.model for a in admins_with_export(admin.site)}
    assert exporting, "the administration offers exports"
    assert exporting == set(RECORDS)
    assert all(isinstance(a, AuditedExportMixin) for a in admins_with_export())


def _formats(form) -> dict[str, str]:
    return {
        str(label).lower(): str(value)
        for value, label in form.fields["format"].choices
        if value != ""
    }


def _format_choice(form, fmt: str) -> str:
    return _formats(form)[fmt]


def _admin_export(client, model, fmt: str):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
    form = client.get(url).context["form"]
    data = {"format": _format_choice(form, fmt), "resource": "0"}
    for name, field in form.fields.items():
        if name not in data and field.initial is True:
            data[name] = "on"
    return client.post(url, data)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "model", sorted(RECORDS, key=lambda m: m._meta.label), ids=lambda m: m.__name__
)
def test_admin_export_is_neutralised_and_audited(
    client_for, secretariat, municipality, model, fmt
):
    RECORDS[model](municipality)
    client = client_for(secretariat)
    response = _admin_export(client, model, fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _assert_neutralised(response.content, fmt)
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.EXPORT,
        content_type=ContentType.objects.get_for_model(model),
    )
    assert entry.actor == secretariat
    assert entry.after == {"format": fmt, "rows": model.objects.count()}


def test_admin_offers_only_the_exporters_formats(client_for, secretariat):
    url = reverse("admin:injuries_registration_export")
    form = client_for(secretariat).get(url).context["form"]
    assert sorted(_formats(form)) == ["csv", "xlsx"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_initiative_export_is_neutralised_and_audited(
    client_for, coordinator, municipality, fmt
):
    programme = ProgrammeFactory(municipality=municipality)
    InitiativeFactory(programme=programme, title=FORMULA)
    url = reverse(
        "programmes:initiative-export",
        kwargs={"code": municipality.code, "file_format": fmt},
    )
    response = client_for(coordinator).get(url)
    _assert_neutralised(response.content, fmt)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.municipality) == (coordinator, municipality)
    assert entry.after == {"format": fmt, "rows": 1}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("scope", ["municipality", "county", "country"])
def test_statistics_exports_are_neutralised_and_audited(
    client_for, secretariat, county, scope, fmt
):
    risky = MunicipalityFactory(county=county, code="3998", name=FORMULA)
    county.name = FORMULA
    county.save()
    county.country.name = FORMULA
    county.country.save()
    RegistrationFactory.create_batch(12, municipality=risky)
    url = {
        "municipality": reverse("injuries:statistics", kwargs={"code": risky.code}),
        "county": reverse("injuries:statistics-county", kwargs={"pk": county.pk}),
        "country": reverse(
            "injuries:statistics-country", kwargs={"code": county.country.code}
        ),
    }[scope]
    response = client_for(secretariat).get(url, {"format": fmt})
    assert response.status_code == 200
    _assert_neutralised(response.content, fmt)
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.EXPORT, actor=secretariat
    ).count() == (1)


def test_import_error_file_is_neutralised_and_audited(
    client_for, coordinator, municipality, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    header = (
        "injury_date,municipality,age,sex,contact_cause,place,activity,mechanism,"
        "severity,transport,external_id\n"
    )
    row = (
        f"2024-01-05,{municipality.code},200,F,accident,home_inside,other,F2,"
        f'minor,,"{FORMULA.replace(chr(34), chr(34) * 2)}"\n'
    )
    job = ImportJob(
        created_by=coordinator,
        original_name="skader.csv",
        status=ImportJob.Status.CHECKED,
        municipality_codes=[municipality.code],
        error_count=1,
    )
    job.file.save("skader.csv", ContentFile((header + row).encode()), save=False)
    job.save()
    response = client_for(coordinator).get(
        reverse("injuries:import-errors", kwargs={"pk": job.pk})
    )
    assert response.status_code == 200
    _assert_neutralised(response.content, "csv")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == coordinator
    assert entry.after == {"format": "csv", "rows": 1}
