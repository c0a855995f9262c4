"""Models of the programmes app, split by concept."""

from .indicators import Indicator, IndicatorValue
from .initiatives import Initiative, InitiativeReport, InitiativeTag
from .organisation import (
    ManagementGroupMember,
    Meeting,
    Partner,
    WorkingGroup,
    WorkingGroupMember,
)
from .programme import FocusArea, Programme

__all__ = [
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
