"""The Norwegian and Swedish catalogues are complete: every message has a
translation, none is left fuzzy, and each keeps the placeholders of its source."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _entries(language: str) -> list[polib.POEntry]:
    return [
        entry
        for entry in polib.pofile(
            str(ROOT / f"locale/{language}/LC_MESSAGES/django.po")
        )
        if not entry.obsolete
    ]


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _names(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_every_message_is_translated(language):
    missing = [
        entry.msgid
        for entry in _entries(language)
        if not all(t.strip() for t in _translations(entry)) or not _translations(entry)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_no_translation_is_left_fuzzy(language):
    assert [e.msgid for e in _entries(language) if "fuzzy" in e.flags] == []


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_translations_keep_their_placeholders(language):
    wrong = [
        entry.msgid
        for entry in _entries(language)
        if any(
            _names(t) != _names(entry.msgid_plural or entry.msgid)
            and _names(t) != _names(entry.msgid)
            for t in _translations(entry)
        )
    ]
    assert wrong == []
