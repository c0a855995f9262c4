"""Models of the programmes app, split by concept."""

from .agreements import DataSharingAgreement, PartnerAgreement
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

__all__ = [
    "INITIATIVE_TAG_FIELDS",
    "DataSharingAgreement",
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
    "WorkingGroup",
    "WorkingGroupMember",
]
