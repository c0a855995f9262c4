"""Helpers that build import files in the tests."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

HEADER = [
    "injury_date",
    "municipality",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "external_id",
]


def good_row(external_id: str = "", **changes) -> list[str]:
    row = {
        "injury_date": "2024-05-17",
        "municipality": "3999",
        "age": "34",
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "sport_leisure",
        "mechanism": "F2",
        "severity": "minor",
        "transport": "",
        "external_id": external_id,
    }
    row.update(changes)
    return [row[name] for name in HEADER]


def csv_bytes(
    rows, *, header=HEADER, delimiter=",", encoding="utf-8", bom=False
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER, convert=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([convert(v) if convert else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def files():
    class Files:
        header = HEADER
        row = staticmethod(good_row)
        csv = staticmethod(csv_bytes)
        xlsx = staticmethod(xlsx_bytes)

    return Files


@pytest.fixture
def code_lists(transactional_db):
    """The seeded code lists; a transactional test's flush removes migration data."""
    from injuries.codes import SEED, SEED_SV
    from injuries.models import Code

    for list_name, entries in SEED.items():
        for order, (code, label_nb, label_en) in enumerate(entries):
            Code.objects.get_or_create(
                list_name=list_name,
                code=code,
                defaults={
                    "label_nb": label_nb,
                    "label_en": label_en,
                    "label_sv": SEED_SV.get(list_name, {}).get(code, ""),
                    "sort_order": order,
                },
            )
