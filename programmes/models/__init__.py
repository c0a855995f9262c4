"""Models of the programmes app, split by concept."""

from .agreements import DataSharingAgreement, PartnerAgreement
from .checklists import (
    Checklist,
    ChecklistAnswer,
    ChecklistLink,
    ChecklistQuestion,
    ChecklistResponse,
)
from .examples import GoodExample
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
    "DataSharingAgreement",
    "Finding",
    "FindingPhoto",
    "FocusArea",
    "GoodExample",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "InitiativeReport",
    "InitiativeTag",
    "ManagementGroupMember",
    "Meeting",
    "Partner",
    "PartnerAgreement",
    "Programme",
    "SafetyWalk",
    "WalkLink",
    "WalkParticipant",
    "WalkReportJob",
    "WorkingGroup",
    "WorkingGroupMember",
]
