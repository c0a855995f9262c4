"""The path converter for municipality keys: `0716` (Norway) or `SE-0127`."""

from __future__ import annotations

from .geography import KEY_PATTERN


class MunicipalityKeyConverter:
    """Matches `0716`, `SE-0127` or `NO-0127`; the view gets the key as text
    and resolves it with `selectors.municipality_get` (country and code)."""

    regex = KEY_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        key = getattr(value, "key", value)
        return str(key)
