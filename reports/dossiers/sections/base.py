"""What every section is made of, and the small helpers the builders share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format

from programmes.models import Programme
from safecommunity.core.models import Municipality


@dataclass(frozen=True)
class Section:
    """One part of a PDF: its anchor key, heading, template and data."""

    key: str
    title: str
    template: str
    data: dict[str, Any]


def programme_of(municipality: Municipality) -> Programme | None:
    """The municipality's programme, if it has one."""
    return Programme.objects.filter(municipality=municipality).first()


def reader_date(value: datetime.date | None) -> str:
    """A date as the reader writes it (the builders run in the PDF's
    language); empty when there is none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
