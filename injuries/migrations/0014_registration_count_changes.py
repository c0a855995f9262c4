"""Each kept registration count records the transaction that last changed it,
and population figures, code lists and the map raise a version of their own,
so a country's figures can be brought up to date from the changed counts."""

import importlib

from django.db import migrations, models

from safecommunity.core import data_versions

# The age bands and groups as migration 0012 froze them.
frozen = importlib.import_module(
    "injuries.migrations.0012_registration_counts_kept_by_the_database"
)

# The transaction that changes a group, as a 64-bit number (epoch and id).
CHANGED = "pg_current_xact_id()::text::bigint"


def _add(rows: str, sign: str) -> str:
    return f"""
    INSERT INTO injuries_registrationcount AS c
        (municipality_id, year, sex, age_band, n, changed)
    SELECT {frozen.GROUPS} AS g, {sign}count(*), {CHANGED} FROM {rows}
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (municipality_id, year, sex, age_band)
    DO UPDATE SET n = c.n + EXCLUDED.n, changed = EXCLUDED.changed;"""  # nosec B608 - this migration's constants


def _functions(add) -> str:
    return f"""
CREATE OR REPLACE FUNCTION injuries_registration_count_insert() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN {add("new_rows", "")} RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION injuries_registration_count_delete() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN {add("old_rows", "-")} RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION injuries_registration_count_update() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN {add("old_rows", "-")} {add("new_rows", "")}
RETURN NULL; END $$;
"""  # nosec B608 - constant text


# A TRUNCATE empties the groups instead of deleting them, so that the
# change shows as counts gone to zero.
FORWARD = _functions(_add) + f"""
CREATE OR REPLACE FUNCTION injuries_registration_count_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN
UPDATE injuries_registrationcount SET n = 0, changed = {CHANGED} WHERE n <> 0;
RETURN NULL; END $$;
"""  # nosec B608 - constant text

BACKWARD = _functions(frozen._add) + (  # nosec B608 - constant text
    "CREATE OR REPLACE FUNCTION injuries_registration_count_truncate() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN DELETE FROM injuries_registrationcount;"
    " RETURN NULL; END $$;"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_user_language"),
        ("injuries", "0013_swedish_code_labels_in_registration_terms"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationcount",
            name="changed",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="registrationcount",
            index=models.Index(fields=["changed"], name="registration_count_changed"),
        ),
        migrations.RunPython(forward, backward),
        data_versions.version_triggers(
            data_versions.INJURY_CONTEXT,
            (
                "injuries_population",
                "injuries_code",
                "core_municipality",
                "core_municipality_successors",
                "core_county",
            ),
            trigger="context_version",
        ),
    ]
