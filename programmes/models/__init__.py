"""Models of the programmes app, split by concept."""

from .checklists import (
    Checklist,
    ChecklistAnswer,
    ChecklistLink,
    ChecklistQuestion,
    ChecklistResponse,
)
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
from .walks import (
    Finding,
    FindingPhoto,
    SafetyWalk,
    WalkLink,
    WalkParticipant,
    WalkReportJob,
)

__all__ = [
    "INITIATIVE_TAG_FIELDS",
    "Checklist",
    "ChecklistAnswer",
    "ChecklistLink",
    "ChecklistQuestion",
    "ChecklistResponse",
    "Finding",
    "FindingPhoto",
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
    "SafetyWalk",
    "WalkLink",
    "WalkParticipant",
    "WalkReportJob",
    "WorkingGroup",
    "WorkingGroupMember",
]
