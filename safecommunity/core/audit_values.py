"""The values of an audit entry's change as a reader understands them.

The snapshot keeps what the database holds: ids of related records, codes of
choices, ISO dates, JSON. The history shows the related record's name, the
choice's label, the date in the reader's format, yes or no, and a count for a
structured value, never an id, a list or a dict as Python writes it. Fields
without a label of their own (a file's hash, its storage path) are internals
and not shown.
"""

from __future__ import annotations

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

EMPTY = (None, "", [], {})


def is_internal(field) -> bool:
    """A concrete field declared without a label of its own."""
    return getattr(field, "_verbose_name", "") is None and not field.is_relation


def readable(field, value: object) -> object:
    """`value` as stored in the snapshot, as the history shows it."""
    if value in EMPTY:
        return None
    if field is not None and field.is_relation and field.related_model is not None:
        return _related(field.related_model, value)
    if field is not None:
        choices = dict(getattr(field, "flatchoices", None) or ())
        if choices:
            return _choice(choices, value)
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        value = _as_date(field, value)
    return _structured(value)


def _related(model, value: object) -> object:
    ids = value if isinstance(value, list) else [value]
    names = {str(obj.pk): str(obj) for obj in model._base_manager.filter(pk__in=ids)}
    shown = [names.get(str(pk), _("a deleted record")) for pk in ids]
    return ", ".join(shown)


def _choice(choices: dict, value: object) -> object:
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return choices.get(value, value) if isinstance(value, str | int) else value


def _structured(value: object) -> object:
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        count = len(value)
        return ngettext("%(count)d entry", "%(count)d entries", count) % {
            "count": count
        }
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _as_date(field, value: object) -> object:
    """A stored date or date-time (ISO text in the snapshot) as a value the
    templates show in the user's format; anything else as it is."""
    from django.utils import timezone

    if not isinstance(value, str) or not isinstance(field, models.DateField):
        return value
    try:
        if isinstance(field, models.DateTimeField):
            parsed = parse_datetime(value)
            if parsed is not None and timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
        else:
            parsed = parse_date(value)
    except ValueError:  # not a valid date after all
        return value
    return value if parsed is None else parsed
