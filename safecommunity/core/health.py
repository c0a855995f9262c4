"""Reachability checks behind /healthz."""

from __future__ import annotations

from django.db import connection


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        # Drop the broken connection so the next check connects afresh and the
        # answer turns back to "ok" as soon as the database is back.
        connection.close()
        return False
    return True


def check_broker() -> bool:
    from safecommunity.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    return True
