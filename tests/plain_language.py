"""Plain language on screen: what a page must not show its reader.

One checker for the Django test client walk (tests/core/test_plain_language.py)
and the browser journeys (tests/e2e/conftest.py). It reads the visible text
nodes of a page and flags:

- raw codes and keys: snake_case words (`home_outside`, `management_group_members`);
- Python values: lists and dicts (`['a', 'b']`, `{'x': 1}`), `None`, `True`, `False`;
- on a Norwegian or Swedish page, dates and numbers not in the reader's
  format: "Nov. 15, 2025", a decimal point ("24.4" for 24,4);
- internals: hashes (long hexadecimal strings) and bare ids in a history line
  (`- → 1`);
- English on a Norwegian or Swedish page: a text node that is an English
  message of the catalogues whose translation differs, or that is made of
  common English words.

What rightly looks like one of these (an e-mail address, a file name the user
uploaded, a product name) is in ALLOWED below, reviewed one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent

SNAKE = re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
PY_LIST = re.compile(r"\[\s*'[^']*'(\s*,\s*'[^']*')*\s*\]")
PY_DICT = re.compile(r"\{\s*'[^']*'\s*:")
PY_CONSTANT = re.compile(r"^(None|True|False)$|(?<=: )(None|True|False)\b")
# A hash or token: twelve or more hexadecimal digits, letters and digits mixed.
HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,}\b")
US_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
)
# A decimal point where Norwegian and Swedish write a comma ("24.4"); dates
# (15.11.2025) have two points and are not matched.
DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.])")
BARE_ID = re.compile(r"(?:^|[:→]\s*)-?\s*→\s*\d+$|:\s*\d+\s*→\s*\d+$")

# Words that are English and neither Norwegian nor Swedish. A text node with
# two of them (or one, when the node is only that word) reads as English.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "which",
        "should",
        "would",
        "this",
        "these",
        "those",
        "must",
        "been",
        "have",
        "has",
        "your",
        "yes",
        "please",
        "required",
        "invalid",
        "field",
        "fields",
        "none",
        "true",
        "false",
        "value",
        "values",
        "submit",
        "save",
        "cancel",
        "delete",
        "edit",
        "next",
        "previous",
        "download",
        "upload",
        "search",
        "results",
        "show",
        "hide",
        "year",
        "years",
        "month",
        "week",
        "date",
        "name",
        "created",
        "updated",
        "by",
        "of",
        "from",
        "all",
        "any",
        "no",
        "only",
        "when",
        "where",
        "what",
        "who",
        "why",
        "how",
        "there",
        "their",
        "they",
        "them",
        "our",
        "you",
        "we",
        "is",
        "are",
        "was",
        "were",
    ]
)
# English words that are also words of the page's language (nb, sv), never
# counted as English on their own.
SHARED_WORDS = {
    "nb": frozenset(
        ["by", "all", "når", "at", "for", "på", "og", "i", "til", "fra", "som", "er"]
    ),
    "sv": frozenset(
        ["by", "all", "at", "for", "på", "och", "i", "till", "från", "som", "är"]
    ),
}

# Reviewed exceptions: text that is right as it stands.
ALLOWED = frozenset(
    {
        "Trygg",
        "Safe Community",
        "Designsystemet",
        "Ungdata",
        "NOMESCO",
        "ICD-10",
        "CSV",
        "XLSX",
        "PDF",
        "API",
        "OpenAPI",
        "E-post",
        "OK",
    }
)


# Reviewed patterns removed from a text before it is checked: the standard's
# version ("WCAG 2.1") is a name, not a number; "kl. 10.30" is a Norwegian time.
ALLOWED_PATTERN = re.compile(r"WCAG\)? \d\.\d|\bkl\. \d{1,2}\.\d{2}\b")


class _TextNodes(HTMLParser):
    """Visible text nodes of an HTML page, skipping scripts, styles, hidden
    elements and passages marked as another language."""

    SKIP = {"script", "style", "template", "noscript", "code", "pre"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # True: this element's text is skipped
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (
            tag in self.SKIP
            or "hidden" in attributes
            or (lang is not None and tag != "html" and lang != self.language)
            or "data-user-data" in attributes
        )
        self.stack.append(skipped or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            return
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    """The visible text nodes of `html` (the part inside <body>)."""
    start = html.find("<body")
    parser = _TextNodes(language)
    parser.feed(html[start:] if start >= 0 else html)
    return parser.texts


@cache
def english_messages(language: str) -> frozenset[str]:
    """English messages of the catalogues whose `language` translation differs."""
    strings: set[str] = set()
    for path in BASE_DIR.glob(f"locale/{language}/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgstr.strip() != entry.msgid.strip():
                strings.add(entry.msgid.strip())
    return frozenset(strings)


def _english_words(text: str, language: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    if not words or len(words) != len(text.split()):
        return False
    english = [
        w
        for w in words
        if w.lower() in ENGLISH_WORDS and w.lower() not in SHARED_WORDS[language]
    ]
    return len(english) >= 2 or (len(words) == 1 and len(english) == 1)


def problems(
    texts: Iterable[str], language: str, *, allowed: Iterable[str] = ()
) -> list[str]:
    """Each text node that shows an internal or, on nb/sv, an English string,
    with the reason, as `reason: text` lines."""
    return sorted(
        {f"{reason}: {text}" for reason, text in findings(texts, language, allowed)}
    )


def findings(
    texts: Iterable[str], language: str, allowed: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(reason, text) for each text node that fails a check."""
    allowed = ALLOWED | set(allowed)
    found: list[tuple[str, str]] = []
    messages = english_messages(language) if language in {"nb", "sv"} else None
    for text in texts:
        if text in allowed:
            continue
        checked = ALLOWED_PATTERN.sub("", text)
        reasons = []
        if SNAKE.search(checked):
            reasons.append("code")
        if (
            PY_LIST.search(checked)
            or PY_DICT.search(checked)
            or PY_CONSTANT.search(checked)
        ):
            reasons.append("python")
        if HASH.search(checked):
            reasons.append("hash")
        if BARE_ID.search(checked):
            reasons.append("id")
        if messages is not None and US_DATE.search(checked):
            reasons.append("date")
        if messages is not None and DECIMAL_POINT.search(checked):
            reasons.append("number")
        if messages is not None and (
            checked in messages or _english_words(checked, language)
        ):
            reasons.append("english")
        found.extend((reason, text) for reason in reasons)
    return found


def page_problems(html: str, language: str, *, allowed: Iterable[str] = ()):
    return problems(visible_texts(html, language), language, allowed=allowed)
