"""Reads of the policies module, scoped to the user (the catalogue itself is public)."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_VIEW
from shouwang.policies.choices import RunStatus
from shouwang.policies.models import (
    Entitlement,
    EntitlementNotice,
    MatchingRun,
    PolicyItem,
    PolicyPackage,
    ReliefGrant,
)


def catalogue_packages(*, include_inactive: bool = False):
    """The packages with their items, in catalogue order (two queries)."""
    packages = PolicyPackage.objects.all()
    items = PolicyItem.objects.order_by("position", "code")
    if not include_inactive:
        packages = packages.filter(is_active=True)
        items = items.filter(is_active=True)
    return packages.prefetch_related(Prefetch("items", queryset=items))


def current_run_ids() -> list[int]:
    """The latest finished run of every area that ran one: what the pages read."""
    latest: dict[int, int] = {}
    for run_id, area_id in (
        MatchingRun.objects.filter(status=RunStatus.DONE)
        .order_by("finished_at", "id")
        .values_list("id", "area_id")
    ):
        latest[area_id] = run_id
    return list(latest.values())


def entitlements_visible_to(user, *, area: Area | None = None, permission=ENTERPRISE_VIEW):
    """Entitlements of the current runs the user may see, with ``notified`` per row."""
    notices = EntitlementNotice.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), item_id=OuterRef("item_id")
    )
    rows = (
        Entitlement.objects.filter(run_id__in=current_run_ids())
        .visible_to(user, permission)
        .annotate(notified=Exists(notices))
    )
    return rows.under(area) if area is not None else rows


def entitlement_streets(rows) -> list[dict]:
    """Per street: enterprises entitled, entitlements, the estimated amount (one query)."""
    totals = (
        rows.values("street_id")
        .annotate(
            enterprises=Count("enterprise_id", distinct=True),
            entitlements=Count("id"),
            amount=Sum("amount"),
            untold=Count("id", filter=Q(notified=False)),
        )
        .order_by()
    )
    streets = Area.objects.in_bulk([row["street_id"] for row in totals])
    result = [{**row, "street": streets[row["street_id"]]} for row in totals]
    return sorted(result, key=lambda row: row["street"].path)


def entitlement_items(rows) -> list[dict]:
    totals = (
        rows.values("item_id", "item__title", "item__code")
        .annotate(enterprises=Count("enterprise_id", distinct=True), amount=Sum("amount"))
        .order_by("-amount")
    )
    return list(totals)


def notification_list(rows):
    """One row per enterprise: how many items it may claim, how much, how many untold."""
    return (
        rows.values(
            "enterprise_id",
            "enterprise__name",
            "enterprise__credit_code",
            "enterprise__contact_name",
            "enterprise__contact_phone_masked",
            "street__name",
        )
        .annotate(
            items=Count("id"),
            amount=Sum("amount"),
            untold=Count("id", filter=Q(notified=False)),
        )
        .order_by("-untold", "-amount", "enterprise_id")
    )


def grants_visible_to(user, *, permission=ENTERPRISE_VIEW):
    return ReliefGrant.objects.visible_to(user, permission).select_related(
        "enterprise", "item", "street"
    )


def ledger_totals(grants) -> dict:
    """The ledger's headline (amount and enterprises) and its totals per street, item,
    landlord kind and relief kind: five grouped queries whatever the ledger's size."""
    headline = grants.aggregate(
        amount=Sum("amount"), enterprises=Count("enterprise_id", distinct=True), grants=Count("id")
    )
    headline["amount"] = headline["amount"] or Decimal(0)

    def by(*keys):
        return list(
            grants.values(*keys)
            .annotate(
                amount=Sum("amount"),
                enterprises=Count("enterprise_id", distinct=True),
                grants=Count("id"),
            )
            .order_by("-amount")
        )

    streets = by("street_id", "street__name", "street__path")
    streets.sort(key=lambda row: row["street__path"])
    return {
        "headline": headline,
        "streets": streets,
        "items": by("item_id", "item__title", "item__code"),
        "landlords": by("landlord_kind"),
        "kinds": by("relief_kind"),
    }
