"""A regional programme goes the same certification path as a municipality's:
its checklist is the one of its level, its certifiers read its members."""

from __future__ import annotations

import pytest

from certification.models import CaseStatus, Requirement, Step
from certification.selectors import missing_requirements
from certification.services import certification_case_open
from certification.services.access import council_access_sync
from certification.services.council import certifier_assign
from safecommunity.core.models import Role
from tests.factories.certification import CaseFactory, CertifierFactory
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import RegionalProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(county, municipality):
    second = MunicipalityFactory(county=county)
    return RegionalProgrammeFactory(county=county, members=[municipality, second])


def _requirement(level: str) -> Requirement:
    return Requirement.objects.create(
        step=Step.objects.get(number=1),
        order=99,
        text_nb=f"Krav for {level}",
        text_en=f"Requirement for {level}",
        level=level,
    )


def test_each_level_is_asked_its_own_checklist(region, programme):
    regional = _requirement(Requirement.Level.REGIONAL)
    municipal = _requirement(Requirement.Level.MUNICIPAL)
    common = Requirement.objects.filter(level=Requirement.Level.ALL, step__number=1)
    asked_of_region = missing_requirements(region, [1])[1]
    asked_of_municipality = missing_requirements(programme, [1])[1]
    assert regional in asked_of_region
    assert municipal not in asked_of_region
    assert municipal in asked_of_municipality
    assert regional not in asked_of_municipality
    assert set(common) <= set(asked_of_region) & set(asked_of_municipality)


def test_the_regional_coordinator_opens_the_regional_case(region, county):
    coordinator = UserFactory(role=Role.COORDINATOR, county=county)
    case = certification_case_open(programme=region, actor=coordinator)
    assert case.programme == region
    assert case.status == CaseStatus.DRAFT


def test_certifiers_read_every_member_while_they_work(region, secretariat):
    case = CaseFactory(programme=region, status=CaseStatus.PROFILE_SUBMITTED)
    certifier = CertifierFactory()
    certifier_assign(case=case, certifier=certifier, actor=secretariat)
    members = set(region.member_municipalities.all())
    assert set(certifier.municipalities.all()) == members
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.DECLINED)
    case.refresh_from_db()
    council_access_sync(case=case)
    assert not certifier.municipalities.exists()
