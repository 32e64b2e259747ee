"""Writes to the people register. Every module imports them from here."""

from shouwang.people.services.declarations import (
    RateLimited,
    declaration_accept,
    declaration_rate_check,
    declaration_reject,
    self_declaration_submit,
)
from shouwang.people.services.persons import (
    REVEALABLE_FIELDS,
    SealedDocument,
    person_delete,
    person_register,
    person_reveal,
    person_update,
)
from shouwang.people.services.risk import (
    person_evaluate,
    persons_evaluate,
    risk_area_delete,
    risk_area_save,
    risk_rule_save,
)
from shouwang.people.services.timelines import (
    community_alert,
    episode_record,
    health_state_record,
    history_entry_record,
    history_place_correct,
    measure_change,
)

__all__ = [
    "REVEALABLE_FIELDS",
    "RateLimited",
    "SealedDocument",
    "community_alert",
    "declaration_accept",
    "declaration_rate_check",
    "declaration_reject",
    "episode_record",
    "health_state_record",
    "history_entry_record",
    "history_place_correct",
    "measure_change",
    "person_delete",
    "person_evaluate",
    "person_register",
    "person_reveal",
    "person_update",
    "persons_evaluate",
    "risk_area_delete",
    "risk_area_save",
    "risk_rule_save",
    "self_declaration_submit",
]
