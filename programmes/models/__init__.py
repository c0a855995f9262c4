"""Models of the programmes app, split by concept."""

from .indicators import Indicator, IndicatorValue
from .initiatives import (
    INITIATIVE_TAG_FIELDS,
    Initiative,
    InitiativeReport,
    InitiativeTag,
)
from .organisation import (
    ManagementGroupMember,
    Meeting,
    Partner,
    WorkingGroup,
    WorkingGroupMember,
)
from .programme import FocusArea, Programme

__all__ = [
    "INITIATIVE_TAG_FIELDS",
    "FocusArea",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "InitiativeReport",
    "InitiativeTag",
    "ManagementGroupMember",
    "Meeting",
    "Partner",
    "Programme",
    "WorkingGroup",
    "WorkingGroupMember",
]
