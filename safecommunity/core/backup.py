"""Backup and restore of the database and the stored files.

PostgreSQL is dumped with pg_dump (custom format) and restored with
pg_restore; SQLite is copied with its online backup API. Stored files
(MEDIA_ROOT) go into a tar archive beside the dump.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - fixed argument lists, no shell
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Database:
    engine: str
    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_settings(cls, alias: str = "default") -> Database:
        db = settings.DATABASES[alias]
        return cls(
            engine=db["ENGINE"],
            name=str(db["NAME"]),
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
        )

    @property
    def is_postgres(self) -> bool:
        return "postgresql" in self.engine

    def pg_args(self, name: str | None = None) -> list[str]:
        args = ["--dbname", name or self.name, "--no-password"]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def backup_create(*, target: Path, database: Database | None = None) -> Path:
    """Write a backup of the database and MEDIA_ROOT into a new folder under `target`."""
    database = database or Database.from_settings()
    folder = target / timezone.now().strftime("trygg-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    if database.is_postgres:
        subprocess.run(  # noqa: S603  # nosec B603 B607
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / "db.dump"),
                *database.pg_args(),
            ],
            env=database.pg_env(),
            check=True,
        )
    else:
        with (
            sqlite3.connect(database.name) as source,
            sqlite3.connect(folder / "db.sqlite3") as dest,
        ):
            source.backup(dest)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname="media")
    (folder / MANIFEST).write_text(
        json.dumps({"created": timezone.now().isoformat(), "engine": database.engine}),
        encoding="utf-8",
    )
    return folder


def backup_restore(
    *, source: Path, database: Database | None = None, media_root: Path | None = None
) -> None:
    """Restore a backup folder into the (empty or existing) database and MEDIA_ROOT."""
    database = database or Database.from_settings()
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    if ("postgresql" in manifest["engine"]) != database.is_postgres:
        raise ValueError("The backup was made from another kind of database.")
    if database.is_postgres:
        subprocess.run(  # noqa: S603  # nosec B603 B607
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                *database.pg_args(),
                str(source / "db.dump"),
            ],
            env=database.pg_env(),
            check=True,
        )
    else:
        with (
            sqlite3.connect(source / "db.sqlite3") as src,
            sqlite3.connect(database.name) as dest,
        ):
            src.backup(dest)
    media = Path(media_root or settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        staging = media.parent / (media.name + ".restoring")
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, filter="data")
        restored = staging / "media"
        if restored.is_dir():
            shutil.copytree(restored, media, dirs_exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
