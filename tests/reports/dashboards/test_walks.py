"""The dashboard shows open safety-walk findings and the share fixed by their due date."""

import datetime

from django.urls import reverse

from tests.factories.programmes import ProgrammeFactory
from tests.factories.walks import FindingFactory, SafetyWalkFactory
from walks.models import Finding


def test_open_findings_and_share_fixed_on_time(client_for, mayor, municipality):
    walk = SafetyWalkFactory(programme=ProgrammeFactory(municipality=municipality))
    due = datetime.date(2025, 6, 1)
    FindingFactory(walk=walk, status=Finding.Status.OPEN, due_date=due)
    FindingFactory(walk=walk, status=Finding.Status.PLANNED)
    FindingFactory(
        walk=walk,
        status=Finding.Status.FIXED,
        due_date=due,
        fixed_on=datetime.date(2025, 5, 20),
    )
    FindingFactory(
        walk=walk,
        status=Finding.Status.FIXED,
        due_date=due,
        fixed_on=datetime.date(2025, 7, 1),
    )
    response = client_for(mayor).get(
        reverse("reports:dashboard-certification", args=[municipality.code]),
        HTTP_HX_REQUEST="true",
    )
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Safety walk findings" in html
    assert "<dt>Open findings</dt> <dd>2</dd>" in html
    assert "<dt>Fixed</dt> <dd>2</dd>" in html
    # Three findings have a due date; one was fixed by it.
    assert "<dt>Fixed by the due date</dt> <dd> 33 % </dd>" in html
