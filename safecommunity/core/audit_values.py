"""The values of an audit entry's change as a reader understands them.

The snapshot keeps what the database holds: ids of related records, codes of
choices, ISO dates, JSON. The history shows the related record's name, the
choice's label, the date in the reader's format, yes or no, and a count for a
structured value, never an id, a list or a dict as Python writes it. Fields
without a label of their own (a file's hash, its storage path) are internals
and not shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

EMPTY = (None, "", [], {})


def is_internal(field) -> bool:
    """A concrete field declared without a label of its own."""
    return getattr(field, "_verbose_name", "") is None and not field.is_relation


def entry_model(entry):
    """The model class an audit entry is about (None when it is gone)."""
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def entry_field(model, key: str):
    """The model's field named `key`, or None when there is none (any more)."""
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _is_link(field) -> bool:
    return field is not None and field.is_relation and field.related_model is not None


class RelatedQuerySet(models.QuerySet):
    """Audit entries that, once read, know the names of the records their
    changes point to: one query per kind of record for the whole list, so a
    page of history reads as many queries for two entries as for fifty."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if (
            fresh
            and self._result_cache
            and isinstance(self._result_cache[0], models.Model)
        ):
            related_names_load(self._result_cache)


def related_names_load(entries: Iterable) -> None:
    """Give each entry `related_names`: {(model, str(pk)): name} for every
    related record its changes point to."""
    entries = list(entries)
    wanted: dict[type[models.Model], set] = {}
    for entry in entries:
        model = entry_model(entry)
        for snapshot in (entry.before or {}, entry.after or {}):
            for key, value in snapshot.items():
                field = entry_field(model, key)
                if not _is_link(field) or value in EMPTY:
                    continue
                ids = value if isinstance(value, list) else [value]
                wanted.setdefault(field.related_model, set()).update(
                    v for v in ids if isinstance(v, int | str)
                )
    names: dict[tuple, str] = {}
    for related, ids in wanted.items():
        names.update(_names_of(related, ids))
    for entry in entries:
        entry.related_names = names


def readable(field, value: object, names: dict | None = None) -> object:
    """`value` as stored in the snapshot, as the history shows it; `names`
    are the related records' names when they were read for a whole list."""
    if value in EMPTY:
        return None
    if _is_link(field):
        return _related(field.related_model, value, names)
    if field is not None:
        choices = dict(getattr(field, "flatchoices", None) or ())
        if choices:
            return _choice(choices, value)
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        value = _as_date(field, value)
    return _structured(value)


def _names_of(model, ids) -> dict[tuple, str]:
    """{(model, str(pk)): name} of the records that still exist."""
    with contextlib.suppress(ValueError, TypeError, ValidationError):  # bad ids
        return {
            (model, str(obj.pk)): str(obj)
            for obj in model._base_manager.filter(pk__in=ids)
        }
    return {}


def _related(model, value: object, names: dict | None) -> object:
    ids = value if isinstance(value, list) else [value]
    if names is None:  # an entry read on its own
        names = _names_of(model, ids)
    shown = [names.get((model, str(pk)), _("a deleted record")) for pk in ids]
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
