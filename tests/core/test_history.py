"""A municipality's change history: deletions included, filtered, for editors only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safecommunity.core.models import AuditEntry
from tests.factories.programmes import (
    FocusAreaFactory,
    PartnerFactory,
    ProgrammeFactory,
)


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(municipality=municipality)


def url(municipality):
    return reverse("core:municipality-history", args=[municipality.code])


def test_a_deleted_partner_is_listed_with_what_it_was(
    client_for, coordinator, programme, municipality
):
    partner = PartnerFactory(programme=programme, organisation="Re Røde Kors")
    client = client_for(coordinator)
    delete = reverse("programmes:partner-delete", args=[partner.pk])
    client.post(delete, {"confirm": "yes"})
    detail = client.get(reverse("core:municipality-detail", args=[municipality.code]))
    assert f'href="{url(municipality)}"' in detail.content.decode()
    response = client.get(url(municipality), {"action": "delete"})
    assert response.status_code == 200
    entries = list(response.context["page_obj"])
    assert [e.action for e in entries] == [AuditEntry.Action.DELETE]
    # What it was: its filled-in fields, not its id or blank ones.
    shown = entries[0].changed_fields()
    assert ("organisation", "Re Røde Kors", None) in [
        (str(name), before, after) for name, before, after in shown
    ]
    assert "id" not in [str(name).lower() for name, _b, _a in shown]
    assert all(before not in ("", None) for _n, before, _a in shown)
    html = response.content.decode()
    assert "Re Røde Kors" in html
    assert "coord" in html  # who deleted it


def test_filters_by_kind_and_search(client_for, coordinator, programme, municipality):
    from django.contrib.contenttypes.models import ContentType

    from programmes.models import FocusArea, Partner
    from programmes.services.programme import programme_part_delete

    PartnerFactory(programme=programme, organisation="Politiet")
    for area in FocusAreaFactory.create_batch(2, programme=programme):
        programme_part_delete(actor=coordinator, obj=area)
    for partner in programme.partners.all():
        programme_part_delete(actor=coordinator, obj=partner)
    client = client_for(coordinator)
    kinds = client.get(url(municipality)).context["form"].fields["kind"].choices
    focus_areas = ContentType.objects.get_for_model(FocusArea).pk
    assert focus_areas in [pk for pk, _label in kinds]
    by_kind = client.get(url(municipality), {"kind": focus_areas})
    assert len(by_kind.context["page_obj"]) == 2
    found = client.get(url(municipality), {"q": "politi"}).context["page_obj"]
    assert [e.content_type for e in found] == [
        ContentType.objects.get_for_model(Partner)
    ]


def test_readers_and_other_municipalities_do_not_see_the_history(
    client_for, mayor, regional, other_coordinator, municipality
):
    for user in (mayor, regional, other_coordinator):
        assert client_for(user).get(url(municipality)).status_code == 404


def test_the_history_reads_the_same_queries_for_any_number_of_changes(
    client_for, coordinator, programme, municipality, django_assert_num_queries
):
    from programmes.services.programme import programme_part_delete

    def delete_partners(n: int) -> None:
        for partner in PartnerFactory.create_batch(n, programme=programme):
            programme_part_delete(actor=coordinator, obj=partner)

    client = client_for(coordinator)
    delete_partners(2)
    client.get(url(municipality))
    # Two of them name the partners' programme: read once for the whole page.
    with django_assert_num_queries(10) as few:
        client.get(url(municipality))
    delete_partners(70)  # more than a page
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(municipality))
    assert len(response.context["page_obj"]) == 50


def test_dates_in_the_history_read_as_dates(client_for, coordinator, programme):
    import datetime

    from programmes.services.programme import programme_part_delete
    from tests.factories.programmes import MeetingFactory

    meeting = MeetingFactory(programme=programme, date=datetime.date(2024, 3, 1))
    programme_part_delete(actor=coordinator, obj=meeting)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.before["date"] == "2024-03-01"  # stored as text
    shown = {str(name): before for name, before, _after in entry.changed_fields()}
    assert shown["date"] == datetime.date(2024, 3, 1)
    html = client_for(coordinator).get(url(programme.municipality)).content.decode()
    assert "March 1, 2024" in html  # the user's date format, not ISO text


def test_the_history_names_related_records_and_hides_internals(
    client_for, coordinator, programme, municipality
):
    """The partner's programme by its name, not its id."""
    from programmes.services.programme import programme_part_delete

    partner = PartnerFactory(programme=programme, organisation="Røde Kors")
    programme_part_delete(actor=coordinator, obj=partner)
    html = client_for(coordinator).get(url(municipality)).content.decode()
    assert f"{programme} → –" in html
    assert f": {programme.pk} → –" not in html
