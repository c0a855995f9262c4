"""`make backup` / `make restore`: a backup restored into a fresh database has everything."""

import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from safecommunity.core.backup import Database, backup_create, backup_restore
from safecommunity.core.models import Document, Municipality
from safecommunity.core.services import document_create

PDF = b"%PDF-1.4\nbackup test\n%%EOF\n"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore need PostgreSQL (CI)"
)


@pytest.fixture
def fresh_database():
    source = Database.from_settings()
    name = f"trygg_restore_{uuid.uuid4().hex[:8]}"
    conninfo = dict(
        host=source.host or None,
        port=source.port or None,
        user=source.user or None,
        password=source.password or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(
        **{k: v for k, v in conninfo.items() if v is not None}
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield Database(
        source.engine, name, source.host, source.port, source.user, source.password
    )
    with psycopg.connect(
        **{k: v for k, v in conninfo.items() if v is not None}
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database(
    transactional_db, coordinator, municipality, settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = document_create(
        actor=coordinator,
        upload=SimpleUploadedFile("minutes.pdf", PDF),
        municipality=municipality,
    )
    folder = backup_create(target=tmp_path / "backups")
    assert (folder / "db.dump").stat().st_size > 0

    restored_media = tmp_path / "restored-media"
    backup_restore(source=folder, database=fresh_database, media_root=restored_media)

    source = Database.from_settings()
    params = {
        k: v
        for k, v in dict(
            host=source.host,
            port=source.port,
            user=source.user,
            password=source.password,
        ).items()
        if v
    }
    with psycopg.connect(dbname=fresh_database.name, **params) as conn:
        codes = {row[0] for row in conn.execute("SELECT code FROM core_municipality")}
        users = {row[0] for row in conn.execute("SELECT username FROM core_user")}
        stored = conn.execute("SELECT file, sha256 FROM core_document").fetchall()
    assert codes == set(Municipality.objects.values_list("code", flat=True))
    assert "coord" in users
    assert stored == [(document.file.name, document.sha256)]
    assert (restored_media / document.file.name).read_bytes() == PDF
    assert Document.objects.count() == 1
