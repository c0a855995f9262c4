"""Models of the walks app: safety walks and Risikorydding checklists.

They were made in the programmes app and keep its table names (`db_table`),
so moving them changed no table and lost no row.
"""

from .checklists import (
    Checklist,
    ChecklistAnswer,
    ChecklistLink,
    ChecklistQuestion,
    ChecklistResponse,
)
from .walks import (
    Finding,
    FindingPhoto,
    SafetyWalk,
    WalkLink,
    WalkParticipant,
    WalkReportJob,
)

__all__ = [
    "Checklist",
    "ChecklistAnswer",
    "ChecklistLink",
    "ChecklistQuestion",
    "ChecklistResponse",
    "Finding",
    "FindingPhoto",
    "SafetyWalk",
    "WalkLink",
    "WalkParticipant",
    "WalkReportJob",
]
