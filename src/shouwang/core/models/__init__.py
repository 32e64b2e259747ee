from shouwang.core.models.accounts import Assignment, User
from shouwang.core.models.alerts import Alert, AlertLevel, AlertStatus
from shouwang.core.models.areas import Area, Building
from shouwang.core.models.audit import AccessLog, AuditEvent
from shouwang.core.models.exports import ExportJob
from shouwang.core.models.imports import ImportJob
from shouwang.core.models.requests import ClientRequest
from shouwang.core.models.signatures import Signature

__all__ = [
    "AccessLog",
    "Alert",
    "AlertLevel",
    "AlertStatus",
    "Area",
    "Assignment",
    "AuditEvent",
    "Building",
    "ClientRequest",
    "ExportJob",
    "ImportJob",
    "Signature",
    "User",
]
