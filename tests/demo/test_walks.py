"""Demo safety walks in Tønsberg: repeatable, with a working link to the planned walk."""

import io

from django.core.cache import cache
from django.test import Client

from demo import core as core_demo
from demo import programmes as demo
from walks.models import Finding, SafetyWalk, WalkLink


def test_demo_walks_are_seeded_once_with_a_working_link(db):
    cache.clear()
    core_demo.seed()
    out = io.StringIO()
    demo.seed(stdout=out)
    counts = (SafetyWalk.objects.count(), Finding.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (SafetyWalk.objects.count(), Finding.objects.count()) == counts
    assert WalkLink.objects.count() == 1
    reported = SafetyWalk.objects.get(status=SafetyWalk.Status.REPORTED)
    assert reported.programme.municipality.code == "3905"
    assert set(reported.findings.values_list("status", flat=True)) == set(
        Finding.Status.values
    )
    assert SafetyWalk.objects.filter(status=SafetyWalk.Status.PLANNED).exists()
    path = next(
        line.rsplit(" ", 1)[-1] for line in out.getvalue().split() if "/walk/" in line
    )
    response = Client().get(path)
    assert response.status_code == 200
    assert "Linnestad" in response.content.decode()
