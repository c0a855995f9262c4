"""What every section is made of, and the small helpers the builders share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format

from programmes.models import Programme
from safecommunity.core.models import County, Municipality


@dataclass(frozen=True)
class Section:
    """One part of a PDF: its anchor key, heading, template and data."""

    key: str
    title: str
    template: str
    data: dict[str, Any]


def programme_of(area: Municipality | County) -> Programme | None:
    """The municipality's programme (or a county's regional one), if it has one."""
    if isinstance(area, County):
        return Programme.objects.filter(county=area).first()
    return Programme.objects.filter(municipality=area).first()


def reader_date(value: datetime.date | None) -> str:
    """A date as the reader writes it (the builders run in the PDF's
    language); empty when there is none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
