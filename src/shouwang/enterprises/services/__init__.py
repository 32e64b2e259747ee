"""Writes of the enterprises module. Pages, the API and the importers call these."""

from shouwang.enterprises.services.enterprises import (
    REVEALABLE_PHONES,
    EnterpriseProfile,
    enterprise_create,
    enterprise_update,
    membership_add,
    membership_remove,
    normalise_credit_code,
    phone_reveal,
    street_of,
)
from shouwang.enterprises.services.filings import (
    FilingDetails,
    checklist_save,
    filing_accept,
    filing_mark_resumed,
    filing_return,
    filing_save_draft,
    filing_start,
    filing_submit,
    filing_suspend,
    filing_to_edit,
    policy_for,
    policy_save,
)
from shouwang.enterprises.services.returns import (
    EmployeeImporter,
    employee_route,
    return_trip_create,
)
from shouwang.enterprises.services.visits import (
    visit_problem_raise,
    visit_problem_solve,
    visit_record,
)

__all__ = [
    "REVEALABLE_PHONES",
    "EmployeeImporter",
    "EnterpriseProfile",
    "FilingDetails",
    "checklist_save",
    "employee_route",
    "enterprise_create",
    "enterprise_update",
    "filing_accept",
    "filing_mark_resumed",
    "filing_return",
    "filing_save_draft",
    "filing_start",
    "filing_submit",
    "filing_suspend",
    "filing_to_edit",
    "membership_add",
    "membership_remove",
    "normalise_credit_code",
    "phone_reveal",
    "policy_for",
    "policy_save",
    "return_trip_create",
    "street_of",
    "visit_problem_raise",
    "visit_problem_solve",
    "visit_record",
]
