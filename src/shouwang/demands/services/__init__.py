"""Writes of the demands module. Pages, the API, the command and the visit hook call these."""

from shouwang.demands.services.handling import (
    demand_accept,
    demand_feedback,
    demand_plan,
    demand_resolve,
    demand_reveal_contact,
    demand_transfer,
    demands_remind,
    overdue_stages,
)
from shouwang.demands.services.intake import (
    check_attachments,
    demand_from_visit_problem,
    demand_submit,
)
from shouwang.demands.services.rules import (
    DEFAULT_ROUTES,
    demand_settings_save,
    rules_for,
    settings_areas,
)

__all__ = [
    "DEFAULT_ROUTES",
    "check_attachments",
    "demand_accept",
    "demand_feedback",
    "demand_from_visit_problem",
    "demand_plan",
    "demand_resolve",
    "demand_reveal_contact",
    "demand_settings_save",
    "demand_submit",
    "demand_transfer",
    "demands_remind",
    "overdue_stages",
    "rules_for",
    "settings_areas",
]
