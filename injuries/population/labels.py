"""The labels of the statbanks' population tables, in Norwegian, Swedish and English.

Each function takes one cell's text and answers what it means; the readers
cache the answers, since a file repeats the same few hundred labels.
"""

from __future__ import annotations

import re

# Markers returned instead of a value.
TOTAL = "total"  # a sum over the others (all ages, both sexes, the whole country)
UNKNOWN = "unknown"  # SCB's "uppgift saknas": kept, as an unknown age

REGION_CODE = re.compile(r"^\s*(?:K-)?(\d{4})(?!\d)")
AREA_CODE = re.compile(r"^\s*(?:F-)?\d{1,2}(?!\d)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
BAND = re.compile(r"(\d{1,3})\s*[-\u2013]\s*(\d{1,3})")
NUMBER = re.compile(r"\d+")
MAX_AGE = 120

REGION_TOTALS = ("hele landet", "riket", "sverige", "norge", "whole country", "total")
TOTAL_WORDS = (
    "i alt",
    "totalt",
    "total",
    "alle",
    "begge",
    "both",
    "all ages",
    "samtliga",
    " och ",
    " og ",
    " and ",
)
UNKNOWN_WORDS = (
    "uppgift saknas",
    "okänd",
    "ukjent",
    "uoppgitt",
    "ikke oppgitt",
    "unknown",
    "not stated",
)
SEX_LABELS = {
    "1": "M",
    "m": "M",
    "mann": "M",
    "menn": "M",
    "man": "M",
    "män": "M",
    "male": "M",
    "males": "M",
    "men": "M",
    "2": "F",
    "f": "F",
    "k": "F",
    "kvinne": "F",
    "kvinner": "F",
    "kvinna": "F",
    "kvinnor": "F",
    "female": "F",
    "females": "F",
    "women": "F",
}
SEX_TOTAL_CODES = {"0", "t", "tot", "totalt", "1+2", "b"}
AGE_TOTAL_CODES = {"tot", "totalt", "999", "tot1"}
AGE_UNKNOWN_CODES = {"us", "-"}


def region_code(label: str) -> str | None:
    """The municipality code at the start of a region label ("0716 Re",
    "0702 Holmestrand (-2017)", "K-3803"); TOTAL for a county or the nation;
    None when the label names no region."""
    match = REGION_CODE.match(label)
    if match:
        return match.group(1)
    lowered = label.strip().lower()
    if AREA_CODE.match(lowered) or any(word in lowered for word in REGION_TOTALS):
        return TOTAL
    return None


def sex_code(label: str) -> str | None:
    """M or F, TOTAL for both sexes together, or None when not understood."""
    lowered = " ".join(label.strip().lower().split())
    if lowered in SEX_LABELS:
        return SEX_LABELS[lowered]
    if lowered in SEX_TOTAL_CODES or any(w in f" {lowered} " for w in TOTAL_WORDS):
        return TOTAL
    # SSB's "1 Menn" and "2 Kvinner": a code, then its label.
    head, _space, tail = lowered.partition(" ")
    if head in {"1", "2"} and SEX_LABELS.get(tail) == SEX_LABELS[head]:
        return SEX_LABELS[head]
    return None


def age_years(label: str) -> int | str | None:
    """Whole years ("0 years", "1 year", "0 år", "105 years or older",
    "105 år eller eldre", "100+ år", "025 25 år"), the first year of a band
    ("20-24 år"), TOTAL, UNKNOWN, or None when not understood."""
    lowered = " ".join(label.strip().lower().split())
    if lowered in AGE_UNKNOWN_CODES or any(w in lowered for w in UNKNOWN_WORDS):
        return UNKNOWN
    if lowered in AGE_TOTAL_CODES or any(w in f" {lowered} " for w in TOTAL_WORDS):
        return TOTAL
    band = BAND.search(lowered)
    if band:
        age = int(band.group(1))
    else:
        numbers = NUMBER.findall(lowered)
        if not numbers:
            return None
        # "025 25 år": SSB's code before the label; the label's number counts.
        age = int(numbers[-1])
    return age if age <= MAX_AGE else None


def count_value(value: str) -> int | str | None:
    """The number of persons; None for the statbanks' marks of a missing figure
    ("..", ":", "-", empty); "" for anything else."""
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if text.isdigit():
        return int(text)
    if text in {"", "..", ".", ":", "-", "\u2013"}:
        return None
    if text.endswith(".0") and text[:-2].isdigit():
        return int(text[:-2])
    return ""
