"""The database table of the "ratelimit" cache, used when Redis is not configured."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the tables of the configured database caches; nothing with Redis.
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_municipality_index")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
