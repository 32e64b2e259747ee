"""Enterprise demands' part of the daily numbers: received, resolved, and open and
overdue at the close of the day (a demand is open from its submission until it is
resolved; overdue when a stage it had not done by then was past its limit)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from shouwang.core.dates import day_bounds
from shouwang.demands.models import Demand
from shouwang.reports.sections import Figure, Section, add, under

DEMANDS = _("件")


def _not_done_by(field: str, end) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": end})


def count_demands(day, area):
    start, end = day_bounds(day)
    open_at_end = Q(created_at__lt=end) & _not_done_by("resolved_at", end)
    overdue = open_at_end & (
        (_not_done_by("accepted_at", end) & Q(respond_due_at__lt=end))
        | (_not_done_by("planned_at", end) & Q(plan_due_at__lt=end))
        | Q(close_due_at__lt=end)
    )
    rows = (
        under(Demand.objects, area)
        .filter(created_at__lt=end)
        .values_list("area_id")
        .annotate(
            received_that_day=Count("id", filter=Q(created_at__gte=start)),
            resolved_that_day=Count("id", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
            still_open=Count("id", filter=open_at_end),
            late=Count("id", filter=overdue),
        )
        .order_by()
    )
    counts = {}
    for area_id, received, resolved, still_open, late in rows:
        add(counts, area_id, "demands_received", received)
        add(counts, area_id, "demands_resolved", resolved)
        add(counts, area_id, "demands_open", still_open)
        add(counts, area_id, "demands_overdue", late)
    return counts


SECTIONS = [
    Section(
        key="demands",
        label=_("企业诉求"),
        figures=(
            Figure("demands_received", _("当日受理诉求"), DEMANDS),
            Figure("demands_resolved", _("当日办结"), DEMANDS),
            Figure("demands_open", _("未办结"), DEMANDS),
            Figure("demands_overdue", _("超时未办"), DEMANDS),
        ),
        count=count_demands,
        headline=("demands_overdue",),
        trend=("demands_received", "demands_resolved"),
    ),
]
