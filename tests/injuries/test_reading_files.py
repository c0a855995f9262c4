"""A CSV file's rows read the same whatever its line ends, quoting or size."""

from __future__ import annotations

import csv
import io

import pytest

from injuries.importing.files import read_table


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n3,4\n",
        "a,b\r\n1,2\r\n3,4",
        "a;b\r1;2\r3;4\r",  # old Mac line ends
        'a,b\n1,"two\nlines"\n3,"x\r\ny"\n',
        "a,b\n\n1,2\n",
    ],
)
def test_rows_are_those_of_the_csv_module(text):
    """Reading line by line gives exactly the rows Python's csv module gives
    over the whole text, headers included."""
    delimiter = ";" if ";" in text else ","
    expected = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    table = read_table(text.encode(), "file.csv")
    assert [table.headers, *table.rows] == expected
