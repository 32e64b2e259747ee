from shouwang.quarantine.models.loop import (
    Discrepancy,
    HandoverBatch,
    LoopPerson,
    Port,
    Transfer,
)
from shouwang.quarantine.models.screening import ManifestUpload, ScreeningEntry, ScreeningEvent
from shouwang.quarantine.models.sites import Room, Site, StaffGroup
from shouwang.quarantine.models.stays import HealthLog, Stay

__all__ = [
    "Discrepancy",
    "HandoverBatch",
    "HealthLog",
    "LoopPerson",
    "ManifestUpload",
    "Port",
    "Room",
    "ScreeningEntry",
    "ScreeningEvent",
    "Site",
    "StaffGroup",
    "Stay",
    "Transfer",
]
