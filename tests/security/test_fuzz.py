"""Hostile and random input: validation errors, never a 500, never a partial write.

Counts of examples per test are printed in the README's Security section.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from injuries.importing import import_file
from injuries.models import Registration
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory
from tests.properties import examples

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
GOOD = [
    "2024-05-17",
    "3999",
    "34",
    "F",
    "accident",
    "home_inside",
    "other",
    "F2",
    "minor",
    "",
    "",
]
SCRIPT = "<script>alert('x')</script>"
HOSTILE = st.sampled_from(
    [
        SCRIPT,
        '=HYPERLINK("http://evil.invalid")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\x00\x01\x02",
        "A" * 10_000,
        "'; DROP TABLE core_user; --",
        "𝕿𝖗𝖞𝖌𝖌 ✓ ñ æøå",
        "12345678901",
        "",
        "   ",
        "0716",
        "31.02.2024",
        "1989-12-31",
        "2999-01-01",
        "-1",
        "121",
        "4.5",
    ]
)
CELL = st.one_of(HOSTILE, st.text(max_size=40))
SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _csv(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        # openpyxl refuses control characters; a real export would not hold them
        sheet.append(["".join(ch for ch in v if ch >= " ") for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@SETTINGS
@given(
    data=st.binary(max_size=4096),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f"]),
)
def test_random_bytes_never_crash_the_importer(municipality, data, name):
    before = Registration.objects.count()
    result = import_file(data=data, filename=name)
    assert result.created == 0 or result.ok
    if not result.ok:
        assert Registration.objects.count() == before
        assert all(p.row >= 1 for p in result.problems)


@SETTINGS
@given(
    rows=st.lists(
        st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER)).map(
            lambda cells: [c if i % 2 else GOOD[i] for i, c in enumerate(cells)]
        ),
        min_size=1,
        max_size=8,
    ),
    kind=st.sampled_from(["csv", "cp1252", "xlsx"]),
)
def test_hostile_cells_are_all_or_nothing(municipality, rows, kind):
    data = (
        _xlsx(rows)
        if kind == "xlsx"
        else _csv(rows, "cp1252" if kind == "cp1252" else "utf-8")
    )
    before = Registration.objects.count()
    result = import_file(data=data, filename=f"f.{'xlsx' if kind == 'xlsx' else 'csv'}")
    after = Registration.objects.count()
    if result.ok:
        assert after - before == result.created
    else:
        assert after == before  # nothing half-written
        assert result.problem_count >= 1


FORM_URLS = [
    ("programmes:initiative-create", "code"),
    ("programmes:meeting-create", "code"),
    ("programmes:member-create", "code"),
    ("programmes:partner-list", "code"),
    ("programmes:focus-area-list", "code"),
    ("certification:safety-profile", "code"),
    ("programmes:working-group-create", "code"),
    ("programmes:programme-edit", "code"),
    ("programmes:report-create", "initiative"),
    ("programmes:initiative-edit", "initiative"),
    ("injuries:registration-create", "code"),
]

FIELD_NAMES = [
    "title",
    "description",
    "name",
    "organisation",
    "contribution",
    "mandate",
    "decisions",
    "attendees",
    "place",
    "activities",
    "results",
    "obstacles",
    "next_steps",
    "budget",
    "reach",
    "start_date",
    "end_date",
    "date",
    "age",
    "sex",
    "injury_date",
    "council_decision_reference",
    "responsible_person",
    "funding_source",
    "period_start",
    "period_end",
    "external_id",
    "version",
]


@pytest.mark.parametrize(("name", "kind"), FORM_URLS)
@SETTINGS
@given(values=st.dictionaries(st.sampled_from(FIELD_NAMES), CELL, max_size=12))
def test_forms_answer_hostile_input_with_validation(
    client_for, coordinator, municipality, name, kind, values
):
    from django.urls import NoReverseMatch

    programme = getattr(municipality, "programme", None) or ProgrammeFactory(
        municipality=municipality
    )
    if kind == "code":
        kwargs = {"code": municipality.code}
    else:
        initiative = programme.initiatives.first() or InitiativeFactory(
            programme=programme
        )
        kwargs = {"pk": initiative.pk}
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.skip(f"{name} is not a URL of this project")
    before = Registration.objects.count()
    payload = dict(values)
    response = client_for(coordinator).post(url, payload)
    assert response.status_code < 500
    if response.status_code == 200:
        assert SCRIPT not in response.content.decode()  # always escaped
    if name.startswith("injuries") and response.status_code == 200:
        assert Registration.objects.count() == before


# Query parameters -------------------------------------------------------------
# Every list and statistics page, with the values an outside test sent: years
# out of any range, numbers too big for the database, text where a number
# belongs, control characters. The answer is the page, a clear message, a 400
# or a 404; never a 500 and never a traceback in the log.

BAD_VALUES = [
    "0",
    "-1",
    "9999",
    "99999999999999999999",
    "abc",
    "２０２４",
    "\x00",
    "A" * 2_000,
]
# Each alone, then every filter name of the lists at once.
PARAMETERS = ["year", "page", "format", "q"]
ALL_PARAMETERS = [
    *PARAMETERS,
    "first_year",
    "last_year",
    "status",
    "county",
    "focus_area",
    "sex",
    "age_band",
    "kind",
    "action",
]


def _query_urls(world) -> list[str]:
    own = world.own
    code = own.municipality.code
    county = own.municipality.county_id
    return [
        reverse("core:municipality-list"),
        reverse("core:municipality-history", kwargs={"code": code}),
        reverse("injuries:registration-list", kwargs={"code": code}),
        reverse("injuries:statistics", kwargs={"code": code}),
        reverse("injuries:statistics-county", kwargs={"pk": county}),
        reverse("injuries:statistics-country", kwargs={"code": "NO"}),
        reverse("programmes:programme-list"),
        reverse("programmes:initiative-list", kwargs={"code": code}),
        reverse(
            "programmes:initiative-export", kwargs={"code": code, "file_format": "csv"}
        ),
        reverse("walks:walk-list", kwargs={"code": code}),
        reverse("walks:finding-board", kwargs={"code": code}),
        reverse("certification:case-list"),
        reverse("reports:dashboard", kwargs={"code": code}),
        reverse("reports:regional", kwargs={"county_id": county}),
    ]


@pytest.fixture
def query_world(db, settings, tmp_path):
    from tests.security.world import build_world

    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _no_traceback(caplog) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()[:200]}"
        for r in caplog.records
        if r.exc_info or r.levelname in {"ERROR", "CRITICAL"}
    ]


def test_list_and_statistics_pages_answer_bad_parameters_without_a_500(
    query_world, caplog
):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(query_world.users["secretariat"])
    failures = []
    with caplog.at_level("WARNING"):
        for url in _query_urls(query_world):
            for value in BAD_VALUES:
                for name in PARAMETERS:
                    response = client.get(url, {name: value})
                    if response.status_code >= 500:
                        failures.append(f"{url}?{name}={value[:30]!r}: 500")
                response = client.get(url, dict.fromkeys(ALL_PARAMETERS, value))
                if response.status_code >= 500:
                    failures.append(f"{url} all={value[:30]!r}: 500")
    assert failures == [], "\n".join(failures)
    assert _no_traceback(caplog) == []


@pytest.mark.parametrize("year", ["0", "9999", "99999999999999999999", "1"])
def test_annual_report_of_an_impossible_year_is_not_found(query_world, caplog, year):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(query_world.users["secretariat"])
    code = query_world.own.municipality.code
    with caplog.at_level("WARNING"):
        response = client.get(f"/programmes/{code}/annual-report/{year}/")
    assert response.status_code == 404
    assert _no_traceback(caplog) == []


@pytest.mark.parametrize("year", ["2024", "2100"])
def test_annual_report_of_a_possible_year_is_shown(query_world, year):
    from django.test import Client

    client = Client()
    client.force_login(query_world.users["secretariat"])
    code = query_world.own.municipality.code
    assert client.get(f"/programmes/{code}/annual-report/{year}/").status_code == 200
