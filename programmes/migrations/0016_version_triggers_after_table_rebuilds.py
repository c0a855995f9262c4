from django.db import migrations

from safecommunity.core import data_versions


class Migration(migrations.Migration):
    """SQLite drops a table's triggers when a migration rebuilds the table (a
    programme's municipality became optional for regional programmes, and
    indicators took definitions in Norwegian and Swedish): put the data version
    triggers of the programme tables back. On PostgreSQL this replaces them
    unchanged."""

    dependencies = [
        ("programmes", "0015_indicator_definitions_in_norwegian_and_swedish"),
    ]

    operations = [
        data_versions.version_triggers(
            data_versions.PROGRAMMES,
            (
                "programmes_programme",
                "programmes_focusarea",
                "programmes_initiative",
                "programmes_indicator",
                "programmes_indicatorvalue",
            ),
            reinstall=True,
        ),
    ]
