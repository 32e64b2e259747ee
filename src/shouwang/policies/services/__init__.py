"""Writes of the policies module. Pages, the API, the commands and the importer call these."""

from shouwang.policies.services.catalogue import (
    ImportSummary,
    area_or_district,
    catalogue_import,
    item_check,
    item_save,
    package_save,
    streets_under,
)
from shouwang.policies.services.ledger import ReliefGrantImporter, figures_save, grant_record
from shouwang.policies.services.matching import (
    entitlements_notify,
    matching_run_execute,
    matching_run_start,
)

__all__ = [
    "ImportSummary",
    "ReliefGrantImporter",
    "area_or_district",
    "catalogue_import",
    "entitlements_notify",
    "figures_save",
    "grant_record",
    "item_check",
    "item_save",
    "matching_run_execute",
    "matching_run_start",
    "package_save",
    "streets_under",
]
