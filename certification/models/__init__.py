"""Models of the certification app, split by concept."""

from .cases import (
    REQUIRED_CERTIFIERS,
    CaseComment,
    CaseStatus,
    CertificationCase,
    CertifierAssignment,
    CertifierAssignmentQuerySet,
    CertifierProfile,
)
from .certificates import (
    Application,
    ApplicationSection,
    Certificate,
    DiplomaJob,
    ExpiryReminder,
)
from .designation import (
    INDICATOR_FIELDS,
    INDICATORS,
    Designation,
    designation_snapshot,
)
from .profiles import SafetyChecklistItem, SafetyProfile, SafetyProfileDraft
from .review import (
    CertificationMeeting,
    Decision,
    ImprovementPoint,
    Recommendation,
    Statement,
    StepAssessment,
)
from .steps import Evidence, Requirement, RequirementNote, Step, StepProgress

__all__ = [
    "INDICATORS",
    "INDICATOR_FIELDS",
    "REQUIRED_CERTIFIERS",
    "Application",
    "ApplicationSection",
    "CaseComment",
    "CaseStatus",
    "Certificate",
    "CertificationCase",
    "CertificationMeeting",
    "CertifierAssignment",
    "CertifierAssignmentQuerySet",
    "CertifierProfile",
    "Decision",
    "Designation",
    "DiplomaJob",
    "Evidence",
    "ExpiryReminder",
    "ImprovementPoint",
    "Recommendation",
    "Requirement",
    "RequirementNote",
    "SafetyChecklistItem",
    "SafetyProfile",
    "SafetyProfileDraft",
    "Statement",
    "Step",
    "StepAssessment",
    "StepProgress",
    "designation_snapshot",
]
