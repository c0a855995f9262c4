"""Small helpers shared by the certification views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from ..workflow import TransitionError


def report_error(request, error: Exception) -> None:
    """Show a refused action's reason as an error message."""
    if isinstance(error, TransitionError):
        messages.error(request, error.message)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:  # pragma: no cover - only the two kinds above are passed
        raise error


REFUSED = (TransitionError, ValidationError)
