"""Reads of the published statistics, the dashboards and the API on a replica.

With DATABASE_REPLICA_URL set, the database alias "replica" is a streaming
replica of the primary. `ReplicaReadsMiddleware` marks the GET requests of
the views below; during such a request `ReplicaRouter` sends reads to the
replica, except reads inside a transaction (they must see its writes) and
reads of sessions, login attempts, the rate-limit cache and the schedule
(they must be current). Every write goes to the primary. A replica lags by
a moment: a dashboard may show a registration a second after the form saved
it, never a wrong figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Views whose GET requests read from the replica: the API and the pages that
# show published statistics.
REPLICA_NAMESPACES = frozenset({"api"})
REPLICA_VIEWS = frozenset(
    {
        "reports:dashboard",
        "reports:dashboard-certification",
        "reports:regional-home",
        "reports:regional",
        "injuries:statistics",
        "injuries:statistics-county",
        "injuries:statistics-country",
    }
)
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "axes", "django_cache", "django_celery_beat", "admin"}
)

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let reads in this block go to the replica, when one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Reads of marked requests to the replica; writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        alias = getattr(settings, "REPLICA_DATABASE", "")
        if not alias or not _replica_reads.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # a transaction reads what it wrote
        return alias

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Mark the GET requests of the API and the statistics pages for the replica."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_replica_reads_token", None)
        if token is not None:
            _replica_reads.reset(token)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None:
            return None
        if match.view_name in REPLICA_VIEWS or REPLICA_NAMESPACES & set(
            match.namespaces
        ):
            request._replica_reads_token = _replica_reads.set(True)
        return None
