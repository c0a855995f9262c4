"""The role rules of safecommunity.core.permissions and the municipality pages."""

import pytest
from django.urls import reverse

from safecommunity.core import permissions, selectors


@pytest.mark.parametrize(
    ("fixture", "view_own", "edit_own", "view_other"),
    [
        ("secretariat", True, True, True),
        ("coordinator", True, True, False),
        ("mayor", True, False, False),
        ("regional", True, False, False),
        ("certifier", False, False, False),
        ("other_coordinator", False, False, True),
    ],
)
def test_municipality_predicates(
    request, municipality, other_municipality, fixture, view_own, edit_own, view_other
):
    user = request.getfixturevalue(fixture)
    assert permissions.can_view_municipality(user, municipality) is view_own
    assert permissions.can_edit_municipality(user, municipality) is edit_own
    assert permissions.can_view_municipality(user, other_municipality) is view_other


def test_certifier_reads_assigned_municipalities_only(
    certifier, municipality, other_municipality
):
    certifier.municipalities.add(municipality)
    assert permissions.can_view_municipality(certifier, municipality)
    assert not permissions.can_edit_municipality(certifier, municipality)
    assert not permissions.can_view_municipality(certifier, other_municipality)


@pytest.mark.parametrize(
    ("fixture", "own", "other"),
    [
        ("secretariat", 200, 200),
        ("coordinator", 200, 404),
        ("mayor", 200, 404),
        ("regional", 200, 404),
        ("certifier", 404, 404),
    ],
)
def test_municipality_detail_answers(
    request, client_for, municipality, other_municipality, fixture, own, other
):
    client = client_for(request.getfixturevalue(fixture))
    assert (
        client.get(
            reverse("core:municipality-detail", args=[municipality.code])
        ).status_code
        == own
    )
    assert (
        client.get(
            reverse("core:municipality-detail", args=[other_municipality.code])
        ).status_code
        == other
    )


def test_municipality_list_shows_only_readable_rows(
    client_for, coordinator, municipality, other_municipality
):
    page = (
        client_for(coordinator).get(reverse("core:municipality-list")).content.decode()
    )
    assert municipality.name in page
    assert other_municipality.name not in page


def test_municipality_list_query_count_is_constant(
    client_for, secretariat, county, django_assert_num_queries
):
    from tests.factories.core import MunicipalityFactory

    client = client_for(secretariat)
    MunicipalityFactory(county=county)
    with django_assert_num_queries(5) as one:
        client.get(reverse("core:municipality-list"))
    MunicipalityFactory.create_batch(49, county=county)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("core:municipality-list"))


def test_selector_hides_existence(coordinator, other_municipality):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.municipality_get(user=coordinator, code=other_municipality.code)
