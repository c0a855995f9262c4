"""Forms of the certification screens, split by screen; services do the
writing."""

from .cases import (
    ApplicationSectionForm,
    CaseFilterForm,
    CommentForm,
    FollowUpForm,
    TransitionForm,
)
from .checklists import RequirementForm
from .council import AssignForm, DecisionForm, MeetingForm, RespondForm, StatementForm
from .designation import DesignationDecisionForm, DesignationForm
from .path import ANSWER_CHOICES, EvidenceForm, RequirementNoteForm, SafetyProfileForm

__all__ = [
    "ANSWER_CHOICES",
    "ApplicationSectionForm",
    "AssignForm",
    "CaseFilterForm",
    "CommentForm",
    "DecisionForm",
    "DesignationDecisionForm",
    "DesignationForm",
    "EvidenceForm",
    "FollowUpForm",
    "MeetingForm",
    "RequirementForm",
    "RequirementNoteForm",
    "RespondForm",
    "SafetyProfileForm",
    "StatementForm",
    "TransitionForm",
]
