"""Texts stored once per language (Norwegian, English, Swedish) in model fields."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def portal_language(code: str | None = None) -> str:
    """One of the portal's languages: `code` (by default the active language)
    when the portal has it, else the default language."""
    candidate = (code or translation.get_language() or "")[:2]
    codes = [language for language, _name in settings.LANGUAGES]
    return candidate if candidate in codes else settings.LANGUAGE_CODE


def label_by_language(
    nb: str, en: str, sv: str = "", *, swedish_else: str = "nb"
) -> str:
    """The text in the active language.

    Swedish pages show the Swedish text, or while it is empty the English one
    (`swedish_else="en"`) or the Norwegian one (`"nb"`); English pages the
    English text; every other page, and any empty text, the Norwegian one.
    """
    language = (translation.get_language() or "nb")[:2]
    if language == "sv" and sv:
        return sv
    if language == "en" or (language == "sv" and swedish_else == "en"):
        return en or nb
    return nb
