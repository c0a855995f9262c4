"""A regional programme's partners, their agreements and its data-sharing
agreements, on the same pages as a municipality's, addressed by the region."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import DataSharingAgreement, Partner
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import UserFactory
from tests.factories.programmes import PartnerFactory, RegionalProgrammeFactory
from tests.programmes.test_data_sharing import _data

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(county, municipality):
    return RegionalProgrammeFactory(county=county, members=[municipality])


@pytest.fixture
def region_coordinator(county):
    return UserFactory(username="region", role=Role.COORDINATOR, county=county)


def test_the_regional_coordinator_adds_a_partner_and_a_data_sharing_agreement(
    client_for, region_coordinator, region
):
    client = client_for(region_coordinator)
    partners = reverse("programmes:region-partner-list", args=[region.pk])
    detail = client.get(reverse("programmes:region-detail", args=[region.pk]))
    assert partners in detail.content.decode()
    response = client.post(
        partners,
        {
            "organisation": "Polisen, polisområde Kronoberg",
            "kind": Partner._meta.get_field("kind").choices[0][0],
            "contribution": "Lägesbild",
            "contact_person": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == partners
    partner = region.partners.get()
    create = reverse("programmes:region-data-sharing-create", args=[region.pk])
    response = client.post(create, _data(partner))
    assert response.status_code == 302
    agreement = DataSharingAgreement.objects.get(partner=partner)
    assert AuditEntry.objects.filter(object_id=str(agreement.pk)).exists()
    listing = client.get(
        reverse("programmes:region-data-sharing-list", args=[region.pk])
    ).content.decode()
    assert "Polisen, polisområde Kronoberg" in listing
    page = client.get(reverse("programmes:data-sharing-detail", args=[agreement.pk]))
    assert page.status_code == 200


def test_a_partner_agreement_of_the_region_leads_back_to_its_partners(
    client_for, region_coordinator, region
):
    partner = PartnerFactory(programme=region, organisation="Röda Korset")
    response = client_for(region_coordinator).post(
        reverse("programmes:partner-agreement-create", args=[partner.pk]),
        {
            "kind": "letter_of_intent",
            "title": "Avsiktsförklaring 2025-2029",
            "starts_on": "2025-01-01",
            "ends_on": "2029-12-31",
            "contact_person": "Sara Nyström",
            "contact_email": "sara@example.org",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse(
        "programmes:region-partner-list", args=[region.pk]
    )
    assert partner.agreements.get().title == "Avsiktsförklaring 2025-2029"


def test_member_coordinators_read_and_outsiders_find_nothing(
    client_for, coordinator, other_coordinator, region
):
    partners = reverse("programmes:region-partner-list", args=[region.pk])
    sharing = reverse("programmes:region-data-sharing-list", args=[region.pk])
    reader = client_for(coordinator)
    assert reader.get(partners).status_code == 200
    assert reader.get(sharing).status_code == 200
    assert reader.post(partners, {"organisation": "X"}).status_code == 403
    outsider = client_for(other_coordinator)
    assert outsider.get(partners).status_code == 404
    assert outsider.get(sharing).status_code == 404
