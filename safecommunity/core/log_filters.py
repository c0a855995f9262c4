"""Logging filters: a refused or missing page is one line in the log, not a traceback."""

from __future__ import annotations

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """Drop the traceback of requests answered with a 4xx status.

    Django logs a refused request (PermissionDenied, a bad upload) with the
    exception attached; the refusal is expected behaviour, so the warning line
    with the path and status is kept and the traceback is not.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
