"""Every write of the certification app, split by concept."""

from .access import council_access_release, council_access_sync
from .applications import (
    SectionTexts,
    application_prepare,
    application_save,
    application_section_save,
    follow_up_report,
)
from .cases import certification_case_open, certification_case_transition
from .certificates import (
    certificate_diploma_retry,
    certificate_expiry,
    certificate_issue,
)
from .council import (
    certifier_assign,
    certifier_refusal,
    certifier_respond,
    certifier_unassign,
    decision_record,
    meeting_refusal,
    meeting_save,
    statement_refusal,
    statement_save,
)
from .designation import (
    designation_can_start,
    designation_decide,
    designation_save,
    designation_start,
    designation_submit,
)
from .profiles import (
    safety_profile_draft_save,
    safety_profile_problems,
    safety_profile_snapshot,
    safety_profile_submit,
)
from .steps import (
    case_comment_add,
    evidence_add,
    evidence_remove,
    requirement_note_set,
    requirement_save,
    step_status_set,
)

__all__ = [
    "SectionTexts",
    "application_prepare",
    "application_save",
    "application_section_save",
    "case_comment_add",
    "certificate_diploma_retry",
    "certificate_expiry",
    "certificate_issue",
    "certification_case_open",
    "certification_case_transition",
    "certifier_assign",
    "certifier_refusal",
    "certifier_respond",
    "certifier_unassign",
    "council_access_release",
    "council_access_sync",
    "decision_record",
    "designation_can_start",
    "designation_decide",
    "designation_save",
    "designation_start",
    "designation_submit",
    "evidence_add",
    "evidence_remove",
    "follow_up_report",
    "meeting_refusal",
    "meeting_save",
    "requirement_note_set",
    "requirement_save",
    "safety_profile_draft_save",
    "safety_profile_problems",
    "safety_profile_snapshot",
    "safety_profile_submit",
    "statement_refusal",
    "statement_save",
    "step_status_set",
]
