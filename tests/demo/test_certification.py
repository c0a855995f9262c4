"""The demo data: Tønsberg on its way with the council users, Horten certified and expiring soon."""

import pytest
from django.utils import timezone

from certification.dates import add_months
from certification.models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    StepProgress,
)
from demo import certification as demo
from demo import core as core_demo
from safecommunity.core.models import StatusChange

pytestmark = pytest.mark.django_db


def _counts():
    return (
        CertificationCase.objects.count(),
        Certificate.objects.count(),
        StatusChange.objects.count(),
    )


def test_seed_is_idempotent_and_matches_the_contract():
    from demo import programmes as programmes_demo

    core_demo.seed()
    programmes_demo.seed()
    demo.seed()
    first = _counts()
    demo.seed()
    assert _counts() == first

    tonsberg = CertificationCase.objects.get(
        programme__municipality__country__code="NO",
        programme__municipality__code="3905",
    )
    assert tonsberg.status == CaseStatus.STEPS_IN_PROGRESS
    assert set(
        tonsberg.assignments.filter(accepted_at__isnull=False).values_list(
            "certifier__username", flat=True
        )
    ) == {"council", "council2"}
    done = StepProgress.objects.filter(
        programme=tonsberg.programme, status="done"
    ).values_list("step__number", flat=True)
    assert sorted(done) == [1, 2, 3, 4, 5, 6]

    horten = CertificationCase.objects.get(
        programme__municipality__country__code="NO",
        programme__municipality__code="3901",
    )
    assert horten.status == CaseStatus.CERTIFIED
    certificate = horten.certificates.get()
    today = timezone.localdate()
    assert today < certificate.expires_on <= add_months(today, 6)
    assert horten.programme.status == "certified"
