"""Reads of the enterprises module, always scoped to the user."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_VIEW
from shouwang.enterprises.choices import FilingStatus, ResumptionState, ScaleCategory
from shouwang.enterprises.models import Enterprise, ResumptionFiling

#: The list filter the dashboard links to: filed or accepted, not resumed yet (the
#: dashboard's "waiting" count), which no single state covers.
WAITING = "waiting"
WAITING_STATES = (ResumptionState.FILED, ResumptionState.ACCEPTED)


def enterprises_visible_to(
    user,
    *,
    area=None,
    search: str = "",
    state: str = "",
    scale: str = "",
    permission=ENTERPRISE_VIEW,
):
    enterprises = Enterprise.objects.visible_to(user, permission).select_related("area")
    if area is not None:
        enterprises = enterprises.under(area)
    search = search.strip()
    if search:
        enterprises = enterprises.filter(Q(name__contains=search) | Q(credit_code=search.upper()))
    if state == WAITING:
        enterprises = enterprises.filter(resumption_state__in=WAITING_STATES)
    elif state:
        enterprises = enterprises.filter(resumption_state=state)
    if scale:
        enterprises = enterprises.filter(scale=scale)
    return enterprises


def filings_visible_to(user, *, area=None, status: str = "", permission=ENTERPRISE_VIEW):
    filings = ResumptionFiling.objects.visible_to(user, permission).select_related("enterprise")
    if area is not None:
        filings = filings.under(area)
    if status:
        filings = filings.filter(status=status)
    return filings


def enterprise_count_by_path(area, user) -> dict[str, int]:
    return dict(
        Enterprise.objects.visible_to(user, ENTERPRISE_VIEW)
        .under(area)
        .values_list("area__path")
        .annotate(n=Count("id"))
        .order_by()
    )


def enterprise_count_under(area, user) -> int:
    return Enterprise.objects.visible_to(user, ENTERPRISE_VIEW).under(area).count()


# --- the resumption dashboard ------------------------------------------------------------

#: The dashboard's categories, each a filter over the register.
CATEGORIES = {
    "above_scale_industrial": Q(scale=ScaleCategory.ABOVE_SCALE_INDUSTRIAL),
    "above_scale": ~Q(scale=ScaleCategory.BELOW_SCALE),
    "below_scale": Q(scale=ScaleCategory.BELOW_SCALE),
    "key_project": Q(is_key_project=True),
    "all": Q(),
}
RESUMED = Q(resumption_state=ResumptionState.RESUMED)


def _rate(resumed: int, total: int) -> float | None:
    return round(100 * resumed / total, 1) if total else None


def resumption_dashboard(*, user, area=None, list_limit: int = 20) -> dict:
    """Everything the dashboard shows, for the enterprises the user may see under
    ``area``: the rate per category and per street now, the rate per category over time
    (from the days enterprises resumed), key projects, filings not yet resumed and
    reviews overdue. A handful of grouped queries, whatever the register's size."""
    enterprises = Enterprise.objects.visible_to(user, ENTERPRISE_VIEW)
    if area is not None:
        enterprises = enterprises.under(area)
    groups = (
        enterprises.values("street_id", "scale", "is_key_project")
        .annotate(total=Count("id"), resumed=Count("id", filter=RESUMED))
        .order_by()
    )
    totals = defaultdict(lambda: {"total": 0, "resumed": 0})
    by_street = defaultdict(lambda: defaultdict(lambda: {"total": 0, "resumed": 0}))
    for group in groups:
        for category in _categories_of(group):
            for bucket in (totals[category], by_street[group["street_id"]][category]):
                bucket["total"] += group["total"]
                bucket["resumed"] += group["resumed"]
    categories = [
        {"key": key, **totals[key], "rate": _rate(totals[key]["resumed"], totals[key]["total"])}
        for key in CATEGORIES
    ]
    streets = Area.objects.in_bulk(list(by_street))
    street_rows = [
        {
            "street": streets[street_id],
            "categories": {
                key: {**value, "rate": _rate(value["resumed"], value["total"])}
                for key, value in counts.items()
            },
        }
        for street_id, counts in sorted(by_street.items(), key=lambda item: streets[item[0]].path)
    ]
    key_projects = enterprises.filter(is_key_project=True).aggregate(
        total=Count("id"),
        resumed=Count("id", filter=RESUMED),
        investment=Sum("total_investment"),
        planned=Sum("planned_investment_this_year"),
        resumed_investment=Sum("total_investment", filter=RESUMED),
    )
    filings = ResumptionFiling.objects.visible_to(user, ENTERPRISE_VIEW)
    if area is not None:
        filings = filings.under(area)
    waiting = filings.filter(status__in=[FilingStatus.FILED, FilingStatus.ACCEPTED])
    overdue = filings.filter(status=FilingStatus.FILED, review_due_on__lt=timezone.localdate())
    return {
        "categories": categories,
        "streets": street_rows,
        "series": _series(enterprises, totals),
        "key_projects": key_projects,
        "waiting_count": waiting.count(),
        "waiting": list(waiting.select_related("enterprise").order_by("planned_date")[:list_limit]),
        "overdue_count": overdue.count(),
        "overdue": list(
            overdue.select_related("enterprise").order_by("review_due_on")[:list_limit]
        ),
    }


def _categories_of(group: dict) -> list[str]:
    keys = ["all"]
    if group["scale"] == ScaleCategory.BELOW_SCALE:
        keys.append("below_scale")
    else:
        keys.append("above_scale")
        if group["scale"] == ScaleCategory.ABOVE_SCALE_INDUSTRIAL:
            keys.append("above_scale_industrial")
    if group["is_key_project"]:
        keys.append("key_project")
    return keys


def _series(enterprises, totals) -> dict:
    """Cumulative resumption rate per category for each day from the first resumption to
    the last: counted from the day each enterprise resumed, until it was stopped again."""
    per_day = (
        enterprises.filter(resumed_on__isnull=False)
        .values("resumed_on", "suspended_on", "scale", "is_key_project")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = defaultdict(lambda: defaultdict(int))
    for row in per_day:
        stopped = row["suspended_on"] and row["suspended_on"] >= row["resumed_on"]
        for category in _categories_of(row):
            counts[row["resumed_on"]][category] += row["n"]
            if stopped:
                counts[row["suspended_on"]][category] -= row["n"]
    if not counts:
        return {"days": [], "rates": {key: [] for key in CATEGORIES}}
    first, last = min(counts), max(counts)
    days, rates = [], {key: [] for key in CATEGORIES}
    running = defaultdict(int)
    day = first
    while day <= last:
        for key in CATEGORIES:
            running[key] += counts[day][key]
            rates[key].append(_rate(running[key], totals[key]["total"]))
        days.append(day.isoformat())
        day += timedelta(days=1)
    return {"days": days, "rates": rates}
