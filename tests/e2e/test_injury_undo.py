"""The coordinator registers an injury by typing labels in the coded fields,
then imports a file and undoes the import, in Norwegian as users meet it."""

from __future__ import annotations

import csv
import io
import re

import pytest

from injuries.models import ImportJob, Registration
from safecommunity.core.models import AuditEntry

pytestmark = pytest.mark.e2e

HEADER = [
    "injury_date",
    "municipality",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "external_id",
]
ROWS = [
    ["2025-03-02", "3905", "7", "F", "accident", "home_inside", "other", "F2", "minor", "", "undo-1"],
    ["2025-03-04", "3905", "70", "M", "accident", "road", "other", "F1", "moderate", "", "undo-2"],
    ["2025-03-09", "3905", "33", "F", "violence", "home_inside", "other", "P", "serious", "", "undo-3"],
]  # fmt: skip


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_labels_in_the_form_and_an_import_undone(demo, journey):
    page = journey.page
    journey.login("coordinator")

    # The form: Norwegian words in the coded fields, the codes stored.
    journey.goto("/injuries/municipalities/3905/registrations/new/")
    page.wait_for_load_state()
    assert page.locator("#id_contact_cause[list=id_contact_cause_list]").count() == 1
    assert page.locator("#id_severity_list option[value='Moderat (AIS 2)']").count()
    journey.check_languages("form")
    page.locator("#id_age").fill("12")
    page.locator("input[name=sex][value=F]").check()
    for field, text in {
        "contact_cause": "ulykke",
        "place": "Lekeplass",
        "activity": "idrett i fritid",
        "mechanism": "fall fra",
        "severity": "moderat",
    }.items():
        page.locator(f"#id_{field}").fill(text)
    page.locator("#id_external_id").fill("combo-1")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    saved = Registration.objects.get(external_id="combo-1")
    assert (
        saved.contact_cause,
        saved.place,
        saved.activity,
        saved.mechanism,
        saved.severity,
    ) == ("accident", "playground", "sport_leisure", "F1", "moderate")

    # An import, then its undo from the import's page.
    journey.goto("/injuries/imports/")
    page.locator("input[type=file]").set_input_files(
        {"name": "angres.csv", "mimeType": "text/csv", "buffer": _csv(ROWS)}
    )
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    page.wait_for_load_state()
    job = ImportJob.objects.get(original_name="angres.csv")
    assert Registration.objects.filter(import_job=job).count() == len(ROWS)
    journey.check_languages("import-done", user_data=HEADER)
    page.locator("a[href$='/undo/']").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("3 registreringer blir fjernet")).count()
    journey.check_languages("undo-confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert not Registration.objects.filter(import_job=job).exists()
    assert Registration.objects.filter(external_id="combo-1").exists()
    assert page.get_by_role("status").filter(has_text="Angret").count()
    assert page.locator("a[href$='/undo/']").count() == 0
    assert (
        AuditEntry.objects.filter(action="delete", object_id=str(job.pk)).count() == 1
    )
    journey.check_languages("undone", user_data=HEADER)
