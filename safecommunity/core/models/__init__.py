"""Models of core, split by concept: geography, users and roles,
notifications, the audit trail and status history, documents and data
versions."""

from .audit import AuditEntry, StatusChange
from .data_versions import DataVersion
from .documents import Document, _document_path
from .geography import HOME_COUNTRY, Country, County, Municipality, municipality_key
from .notifications import Notification
from .users import (
    ApiToken,
    Language,
    NotificationDelivery,
    Role,
    User,
    default_language,
)

__all__ = [
    "HOME_COUNTRY",
    "ApiToken",
    "AuditEntry",
    "Country",
    "County",
    "DataVersion",
    "Document",
    "Language",
    "Municipality",
    "Notification",
    "NotificationDelivery",
    "Role",
    "StatusChange",
    "User",
    # Named by the migration that created documents (0002).
    "_document_path",
    # Named by the migration that gave users a language (0011).
    "default_language",
    "municipality_key",
]
