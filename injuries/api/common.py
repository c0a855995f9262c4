"""The path parameters the injury API's groups share."""

from __future__ import annotations

from ninja import Path

COUNTRY_PATH = Path(..., description="Country: NO or SE.", example="NO")
CODE_PATH = Path(
    ...,
    description="Municipality code, four digits.",
    example="3905",
)
