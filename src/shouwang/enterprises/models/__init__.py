from shouwang.enterprises.models.enterprises import (
    Enterprise,
    EnterpriseMembership,
    EnterpriseScopedQuerySet,
)
from shouwang.enterprises.models.filings import (
    Checklist,
    ChecklistItem,
    ResumptionFiling,
    ResumptionPolicy,
)
from shouwang.enterprises.models.returns import Employee, ReturnTrip
from shouwang.enterprises.models.visits import ServiceVisit, VisitProblem

__all__ = [
    "Checklist",
    "ChecklistItem",
    "Employee",
    "Enterprise",
    "EnterpriseMembership",
    "EnterpriseScopedQuerySet",
    "ResumptionFiling",
    "ResumptionPolicy",
    "ReturnTrip",
    "ServiceVisit",
    "VisitProblem",
]
