from shouwang.core.models.accounts import Assignment, User
from shouwang.core.models.areas import Area, Building
from shouwang.core.models.audit import AccessLog, AuditEvent
from shouwang.core.models.imports import ImportJob
from shouwang.core.models.requests import ClientRequest

__all__ = [
    "AccessLog",
    "Area",
    "Assignment",
    "AuditEvent",
    "Building",
    "ClientRequest",
    "ImportJob",
    "User",
]
