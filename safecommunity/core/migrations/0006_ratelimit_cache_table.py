"""The database table of the "ratelimit" cache, used when Redis is not configured.

Created whatever the cache settings are now, so a later switch away from
Redis finds it in place.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable",
        settings.RATELIMIT_CACHE_TABLE,
        database=schema_editor.connection.alias,
    )


def drop_cache_table(apps, schema_editor):
    table = schema_editor.quote_name(settings.RATELIMIT_CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_municipality_country")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
