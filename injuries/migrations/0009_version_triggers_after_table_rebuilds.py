from django.db import migrations

from safecommunity.core import data_versions


class Migration(migrations.Migration):
    """SQLite drops a table's triggers when a migration rebuilds the table (the
    population's new sex and unknown age did): put the data version triggers
    of the injury tables back. On PostgreSQL this replaces them unchanged."""

    dependencies = [
        ("injuries", "0008_map_changes_raise_injuries_version"),
    ]

    operations = [
        data_versions.version_triggers(
            data_versions.INJURIES,
            ("injuries_registration", "injuries_population", "injuries_code"),
            reinstall=True,
        ),
    ]
