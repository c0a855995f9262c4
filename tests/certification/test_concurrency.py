"""Two people move the same case at once: the row lock decides, the second is told why."""

import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.utils import translation

from certification.models import CaseStatus, CertificationCase
from certification.services import certification_case_transition
from certification.workflow import TransitionConflict
from safecommunity.core.models import StatusChange
from tests.factories.certification import CaseFactory
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import ProgrammeFactory


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks; it serialises whole write transactions instead.",
)
@pytest.mark.django_db(transaction=True)
def test_second_actor_waits_for_the_lock_and_gets_a_clear_message():
    programme = ProgrammeFactory(municipality=MunicipalityFactory())
    case = CaseFactory(programme=programme, status=CaseStatus.DEFERRED)
    first_user = UserFactory(role="secretariat", username="first")
    second_user = UserFactory(role="secretariat", username="second")
    first_holds_lock = threading.Event()
    results: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                certification_case_transition(
                    case=CertificationCase.objects.get(pk=case.pk),
                    to_status=CaseStatus.STEPS_IN_PROGRESS,
                    actor=first_user,
                    comment="first",
                )
                first_holds_lock.set()
                time.sleep(1.0)  # the second actor is now waiting on the row lock
            results["first"] = "moved"
        finally:
            connections.close_all()

    def second():
        try:
            first_holds_lock.wait(10)
            stale = CertificationCase.objects.get(pk=case.pk)
            assert stale.status == CaseStatus.DEFERRED  # still the committed value
            started = time.monotonic()
            try:
                with translation.override("en"):
                    certification_case_transition(
                        case=stale,
                        to_status=CaseStatus.STEPS_IN_PROGRESS,
                        actor=second_user,
                        comment="second",
                    )
                results["second"] = "moved"
            except TransitionConflict as conflict:
                results["second"] = conflict.message
            results["waited"] = time.monotonic() - started
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results["first"] == "moved"
    assert "Someone else moved this case" in results["second"]
    assert results["waited"] > 0.5
    history = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(case), object_id=case.pk
        ).values_list("from_status", "to_status", "comment")
    )
    assert history == [("deferred", "steps_in_progress", "first")]
