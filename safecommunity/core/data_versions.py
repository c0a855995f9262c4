"""Data versions: counters the database raises on every write to some tables.

Figures derived from those tables are cached under their version, so a new
version means new cache keys and nothing stale is ever served, whichever path
wrote the data (forms, imports, the admin, management commands or plain SQL).
PostgreSQL raises a version once per statement, so bulk imports pay once;
SQLite, which has row triggers only, once per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True, eq=False)
class DataStamp(Mapping[str, int]):
    """The versions of some data (read as a mapping of name to version) and
    when each last changed.

    A version number comes back: a transaction that wrote and rolled back
    leaves it where it was, and the next write raises it to the same number.
    The moment of the change does not come back, so whatever is kept under a
    version (cached figures, fragments, validators) is keyed by `token`,
    which carries both: something built inside a write that rolled back is
    then never served afterwards."""

    versions: dict[str, int]
    changed: dict[str, datetime | None]

    def __getitem__(self, name: str) -> int:
        return self.versions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)

    def token(self, *names: str) -> str:
        """The named versions (all if none named) with their moments of
        change, as one key part."""
        parts = []
        for name in names or tuple(self.versions):
            moment = self.changed.get(name)
            parts.append(
                f"{self.versions[name]}@{moment.isoformat() if moment else ''}"
            )
        return ".".join(parts)

    @property
    def last_changed(self) -> datetime | None:
        """When the last of the named data changed (None before any write)."""
        moments = [moment for moment in self.changed.values() if moment is not None]
        return max(moments) if moments else None


def data_stamp(*names: str) -> DataStamp:
    """The current version of each named data and when it changed, in one query."""
    from .models import DataVersion

    rows = DataVersion.objects.filter(name__in=names).values_list(
        "name", "version", "changed_at"
    )
    versions = dict.fromkeys(names, 0)
    changed: dict[str, datetime | None] = dict.fromkeys(names)
    for name, version, changed_at in rows:
        versions[name] = version
        changed[name] = changed_at
    return DataStamp(versions, changed)
