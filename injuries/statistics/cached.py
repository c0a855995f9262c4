"""Built reports kept in the shared cache under the injury data version.

Every write to registrations, population figures, code lists or the map
raises the version (`core.data_versions`), so a new version means new keys
and no stale report is ever served. The key carries everything else a
report depends on: its scope and area, the year, the active language (titles
and labels are translated when the report is built), the threshold and
today's date (the current year is shown on its own, and areas of today
follow the date). It carries the moment the version rose too: a transaction
that wrote and was rolled back leaves the version where it was, and the
next write raises it to the same number at another moment, so a report
built inside that transaction is never served afterwards.

Callers check permissions first; a cached report is only ever returned to
a reader who may read it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from safecommunity.core.data_versions import INJURIES, data_stamp

from .published import Report

CACHE_SECONDS = 24 * 3600  # keys carry the data version, so this only frees memory
_MISSING = object()


def report_key(*, scope: str, parts: Iterable[object], year: int | None) -> str:
    """The cache key of a report of `scope`, its area named by `parts`, for
    `year` (None: all years), at the current data version."""
    stamp = data_stamp(INJURIES)
    fields = [
        scope,
        *(str(part) for part in parts),
        str(year or "all"),
        stamp.token(INJURIES),
        get_language() or "",
        str(settings.SMALL_CELL_THRESHOLD),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:40]
    return f"injuries:report:v1:{scope}:{stamp[INJURIES]}:{digest}"


def cached_report(
    *,
    scope: str,
    parts: Iterable[object],
    year: int | None,
    build: Callable[[], Report],
) -> Report:
    """The report under its key, built by `build` when not cached."""
    key = report_key(scope=scope, parts=parts, year=year)
    report = cache.get(key, _MISSING)
    if report is _MISSING:
        report = build()
        cache.set(key, report, CACHE_SECONDS)
    return report
