from django.db import migrations

from safecommunity.core import data_versions


class Migration(migrations.Migration):
    """Figures add up each municipality's predecessors, so a change to the map
    (municipalities, counties, successor links) makes cached figures stale."""

    dependencies = [
        ("core", "0007_user_notifications"),
        ("injuries", "0007_import_job_heartbeat"),
    ]

    operations = [
        data_versions.version_triggers(
            data_versions.INJURIES,
            ("core_municipality", "core_municipality_successors", "core_county"),
        ),
    ]
