"""Moving walks out of programmes keeps every row and every reference to it."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safecommunity.core.models import AuditEntry
from walks.models import Checklist, ChecklistResponse, Finding, SafetyWalk

# The last migrations before the move: walks did not exist yet.
BEFORE = [("programmes", "0012_walk_report_job"), ("walks", None)]


def _rows_before_the_move(executor: MigrationExecutor) -> dict:
    """Rows written with the models as the programmes app had them."""
    old = executor.loader.project_state(BEFORE[:1]).apps
    municipality = old.get_model("core", "Municipality").objects.get(
        code="3905", valid_to__isnull=True
    )
    programme = old.get_model("programmes", "Programme").objects.create(
        municipality=municipality
    )
    walk = old.get_model("programmes", "SafetyWalk").objects.create(
        programme=programme,
        area="Sentrum",
        starts_at=timezone.now() - datetime.timedelta(days=1),
        leader="Kari",
    )
    old.get_model("programmes", "Finding").objects.create(
        walk=walk,
        client_uuid=uuid.uuid4(),
        place="Torget",
        category="lighting",
        description="Dark at night",
    )
    checklist = old.get_model("programmes", "Checklist").objects.order_by("pk")[0]
    old.get_model("programmes", "ChecklistResponse").objects.create(
        checklist=checklist, programme=programme, client_uuid=uuid.uuid4()
    )
    # Permissions, the admin log and the audit trail refer to a model by its
    # content type.
    walk_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="programmes", model="safetywalk"
    )
    entry = old.get_model("core", "AuditEntry").objects.create(
        action="create",
        content_type=walk_type,
        object_id=str(walk.pk),
        object_repr="Sentrum",
    )
    return {
        "walk": walk.pk,
        "programme": programme.pk,
        "walk_type": walk_type.pk,
        "entry": entry.pk,
        "checklists": old.get_model("programmes", "Checklist").objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_walks_and_their_history(
    reference_data,
):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        before = _rows_before_the_move(executor)
    finally:
        MigrationExecutor(connection).migrate(leaves)
        ContentType.objects.clear_cache()

    walk = SafetyWalk.objects.get(pk=before["walk"])
    assert walk.area == "Sentrum"
    assert Finding.objects.get(walk=walk).place == "Torget"
    assert Checklist.objects.count() == before["checklists"] > 0
    assert (
        ChecklistResponse.objects.filter(programme_id=before["programme"]).count() == 1
    )
    walk_type = ContentType.objects.get(pk=before["walk_type"])
    assert (walk_type.app_label, walk_type.model_class()) == ("walks", SafetyWalk)
    assert not ContentType.objects.filter(app_label="programmes", model="safetywalk")
    assert walk_type.permission_set.filter(codename="change_safetywalk").exists()
    assert AuditEntry.objects.get(pk=before["entry"]).content_type_id == walk_type.pk
