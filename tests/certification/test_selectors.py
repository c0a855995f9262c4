"""Selectors other apps rely on (reports) and the facts frozen into the safety profile."""

import datetime

import pytest
from django.http import Http404

from certification.models import CaseStatus, CertificationCase
from certification.selectors import (
    certification_dossier,
    certification_next_deadline,
    certification_progress,
)
from certification.services import safety_profile_snapshot
from tests.factories.certification import (
    CaseFactory,
    CertificateFactory,
    complete_steps,
    satisfy_guards,
)
from tests.factories.injuries import PopulationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_progress_counts_steps_and_names_what_is_missing(programme, case):
    complete_steps(programme, [1, 2])
    progress = certification_progress(programme=programme)
    assert progress["steps_done"] == 2
    assert progress["steps_total"] == 8
    assert progress["case_status"] == "draft"
    assert progress["steps"][2]["missing"]


def test_next_deadline_follows_the_case(programme, case):
    assert certification_next_deadline(programme=programme) is None
    CertificationCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CERTIFIED, due_date=datetime.date(2030, 1, 1)
    )
    deadline = certification_next_deadline(programme=programme)
    assert deadline.date == datetime.date(2030, 1, 1)
    assert deadline.case_id == case.pk


def test_dossier_has_the_statement_and_decision(
    programme, case, coordinator, other_coordinator
):
    assert certification_dossier(user=coordinator, programme=programme) is None
    satisfy_guards(case, CaseStatus.STATEMENT_WRITTEN)
    satisfy_guards(case, CaseStatus.APPROVED)
    CertificateFactory(case=case)
    dossier = certification_dossier(user=coordinator, programme=programme)
    assert dossier["statement"].recommendation == "approve"
    assert len(dossier["assessments"]) == 8
    assert dossier["decision"].outcome == "approved"
    assert dossier["certificate"] is not None
    with pytest.raises(Http404):
        certification_dossier(user=other_coordinator, programme=programme)


def test_snapshot_freezes_population_and_published_injury_figures(
    programme, municipality, coordinator
):
    PopulationFactory(municipality=municipality, year=2024, sex="F", age=40, count=3000)
    PopulationFactory(municipality=municipality, year=2024, sex="M", age=40, count=3100)
    for day in range(1, 13):
        RegistrationFactory(
            municipality=municipality, injury_date=datetime.date(2024, 3, day)
        )
    facts = safety_profile_snapshot(programme=programme, actor=coordinator)[
        "municipal_profile"
    ]["facts"]
    assert facts["population"] == 6100
    assert facts["population_year"] == 2024
    assert facts["injuries"] == "12"
    assert facts["injury_rate_per_1000"] == pytest.approx(12 / 6.1, rel=0.01)


def test_snapshot_without_injury_data_keeps_what_exists(programme, coordinator):
    facts = safety_profile_snapshot(programme=programme, actor=coordinator)[
        "municipal_profile"
    ]["facts"]
    assert "population" not in facts
    assert facts["focus_areas"] == 1


def test_open_case_ignores_lapsed_ones(programme, db):
    CaseFactory(programme=programme, status=CaseStatus.LAPSED)
    assert certification_progress(programme=programme)["case_status"] is None
