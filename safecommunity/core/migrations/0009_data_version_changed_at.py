"""Each data version remembers when it last changed, for the API's
Last-Modified. A trigger on the version table itself stamps the time, so the
triggers on the data tables stay as they are. The SQL is written out here
rather than imported, so this migration means the same thing forever."""

from django.db import migrations, models

PG_CREATE = [
    "CREATE OR REPLACE FUNCTION core_data_version_stamp() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := clock_timestamp();"
    " RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS core_dataversion_stamp ON core_dataversion",
    "CREATE TRIGGER core_dataversion_stamp BEFORE INSERT OR UPDATE OF version"
    " ON core_dataversion FOR EACH ROW EXECUTE FUNCTION core_data_version_stamp()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS core_dataversion_stamp ON core_dataversion",
    "DROP FUNCTION IF EXISTS core_data_version_stamp()",
]
# SQLite stores Django's datetimes as UTC text; millisecond precision is enough.
SQLITE_STAMP = (
    "UPDATE core_dataversion SET changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now')"
    " WHERE name = NEW.name"
)
SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS core_dataversion_stamp_insert",
    "DROP TRIGGER IF EXISTS core_dataversion_stamp_update",
    "CREATE TRIGGER core_dataversion_stamp_insert AFTER INSERT ON core_dataversion"
    f" BEGIN {SQLITE_STAMP}; END",
    "CREATE TRIGGER core_dataversion_stamp_update AFTER UPDATE OF version"
    f" ON core_dataversion BEGIN {SQLITE_STAMP}; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_dataversion_stamp_insert",
    "DROP TRIGGER IF EXISTS core_dataversion_stamp_update",
]


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_CREATE if postgres else SQLITE_CREATE:
        schema_editor.execute(statement)
    schema_editor.execute(
        "UPDATE core_dataversion SET changed_at = CURRENT_TIMESTAMP"
        " WHERE changed_at IS NULL"
    )


def drop(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_DROP if postgres else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_api_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="changed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last changed"
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
