"""Data versions: counters the database raises on every write to some tables.

Figures derived from those tables are cached under their version, so a new
version means new cache keys and nothing stale is ever served, whichever path
wrote the data (forms, imports, the admin, management commands or plain SQL).
PostgreSQL raises a version once per statement, so bulk imports pay once;
SQLite, which has row triggers only, once per row.
"""

from __future__ import annotations

from datetime import datetime

from django.db import migrations

INJURIES = "injuries"  # registrations, population figures, code lists, the map
# What registration counts are read against: population figures, code lists
# and the map (each of them raises INJURIES too). While it stands, a country's
# figures can be brought up to date from the counts that changed alone.
INJURY_CONTEXT = "injury_context"
PROGRAMMES = "programmes"  # programmes, focus areas, initiatives, indicators

_FUNCTION = "core_bump_data_version"


def _bump(name: str) -> str:
    return (
        "INSERT INTO core_dataversion (name, version) VALUES"  # noqa: S608  # nosec B608 - names are this module's constants
        f" ('{name}', 1) ON CONFLICT (name) DO UPDATE"
        " SET version = core_dataversion.version + 1"
    )


def create_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$"  # noqa: S608  # nosec B608 - constant text
            " BEGIN INSERT INTO core_dataversion (name, version)"
            " VALUES (TG_ARGV[0], 1) ON CONFLICT (name) DO UPDATE"
            " SET version = core_dataversion.version + 1; RETURN NULL; END $$"
        )


def drop_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION {_FUNCTION}()")


def version_triggers(
    name: str,
    tables: tuple[str, ...],
    *,
    reinstall: bool = False,
    trigger: str = "version",
) -> migrations.RunPython:
    """A migration operation that makes writes to `tables` raise version `name`.

    With `reinstall`, it puts back triggers an earlier migration made (undoing
    it leaves them to that migration). `trigger` names the triggers (after
    the table's name), so that a table can raise more than one version."""
    names = (name, trigger, *tables)
    if not all(part.isidentifier() for part in names):
        raise ValueError("data version, trigger and table names must be identifiers")

    def create(apps, schema_editor) -> None:
        execute = schema_editor.execute
        for table in tables:
            if schema_editor.connection.vendor == "postgresql":
                # Idempotent, so a later migration can put back the triggers
                # that SQLite drops whenever it rebuilds a table.
                execute(f"DROP TRIGGER IF EXISTS {table}_{trigger} ON {table}")
                execute(
                    f"CREATE TRIGGER {table}_{trigger} AFTER INSERT OR UPDATE OR"
                    f" DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT"
                    f" EXECUTE FUNCTION {_FUNCTION}('{name}')"
                )
                continue
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(f"DROP TRIGGER IF EXISTS {table}_{trigger}_{event.lower()}")
                execute(
                    f"CREATE TRIGGER {table}_{trigger}_{event.lower()} AFTER {event}"
                    f" ON {table} BEGIN {_bump(name)}; END"
                )

    def drop(apps, schema_editor) -> None:
        execute = schema_editor.execute
        for table in tables:
            if schema_editor.connection.vendor == "postgresql":
                execute(f"DROP TRIGGER {table}_{trigger} ON {table}")
                continue
            for event in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER {table}_{trigger}_{event}")

    reverse = migrations.RunPython.noop if reinstall else drop
    return migrations.RunPython(create, reverse, elidable=False)


def data_versions_changed(*names: str) -> tuple[dict[str, int], datetime | None]:
    """The current version of each named data and when the last of them
    changed (None before any write), in one query."""
    from .models import DataVersion

    rows = DataVersion.objects.filter(name__in=names).values_list(
        "name", "version", "changed_at"
    )
    versions = dict.fromkeys(names, 0)
    changed = None
    for name, version, changed_at in rows:
        versions[name] = version
        if changed_at is not None and (changed is None or changed_at > changed):
            changed = changed_at
    return versions, changed


def data_versions(*names: str) -> dict[str, int]:
    """The current version of each named data (0 before any write), in one query."""
    from .models import DataVersion

    found = dict(
        DataVersion.objects.filter(name__in=names).values_list("name", "version")
    )
    return {name: found.get(name, 0) for name in names}
