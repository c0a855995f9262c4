"""Models of core, split by concept: geography, users and roles,
notifications, the audit trail and status history, documents and data
versions."""

from .audit import AuditEntry, StatusChange
from .data_versions import DataVersion
from .documents import Document, _document_path
from .geography import HOME_COUNTRY, Country, County, Municipality, municipality_key
from .notifications import Notification
from .users import ApiToken, NotificationDelivery, Role, User

__all__ = [
    "HOME_COUNTRY",
    "ApiToken",
    "AuditEntry",
    "Country",
    "County",
    "DataVersion",
    "Document",
    "Municipality",
    "Notification",
    "NotificationDelivery",
    "Role",
    "StatusChange",
    "User",
    # Named by the migration that created documents (0002).
    "_document_path",
    "municipality_key",
]
