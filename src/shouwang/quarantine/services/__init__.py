"""Writes of the quarantine module. Pages, the API, the importer and the demo call these."""

from shouwang.quarantine.services.loop import (
    batch_close,
    batch_create,
    loop_confirm,
    loop_person_found,
    loop_register,
    port_create,
    transfer_create,
    transfer_depart,
    transfer_finish,
    transfer_recount,
)
from shouwang.quarantine.services.screening import (
    manifest_upload_create,
    screening_allocate,
    screening_event_create,
    screening_flag,
    screening_temperature_record,
)
from shouwang.quarantine.services.sites import (
    room_create,
    room_set_state,
    rooms_generate,
    site_close,
    site_create,
    site_set_coordinators,
    staff_group_create,
)
from shouwang.quarantine.services.stays import (
    health_log_record,
    person_for_document,
    stay_check_in,
    stay_check_out,
    stay_set_attention,
)

__all__ = [
    "batch_close",
    "batch_create",
    "health_log_record",
    "loop_confirm",
    "loop_person_found",
    "loop_register",
    "manifest_upload_create",
    "person_for_document",
    "port_create",
    "room_create",
    "room_set_state",
    "rooms_generate",
    "screening_allocate",
    "screening_event_create",
    "screening_flag",
    "screening_temperature_record",
    "site_close",
    "site_create",
    "site_set_coordinators",
    "staff_group_create",
    "stay_check_in",
    "stay_check_out",
    "stay_set_attention",
    "transfer_create",
    "transfer_depart",
    "transfer_finish",
    "transfer_recount",
]
