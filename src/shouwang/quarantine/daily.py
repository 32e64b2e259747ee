"""Quarantine's part of the daily numbers: sites, beds and persons served; the closed loop
at the ports (received, sent on, in transit, delivered, open discrepancies)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from shouwang.core.dates import day_bounds
from shouwang.core.models import AlertStatus
from shouwang.quarantine.models import Discrepancy, LoopPerson, Site, Stay
from shouwang.reports.sections import (
    Figure,
    Ratio,
    Section,
    add,
    grouped,
    merged,
    per_area,
    under,
)

PERSONS = _("人")


def count_sites(day, area):
    start, end = day_bounds(day)
    sites = under(Site.objects, area)
    open_rows = (
        sites.filter(opens_on__lte=day)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=day))
        .values_list("area_id")
        .annotate(n=Count("id"), beds=Sum("capacity"))
        .order_by()
    )
    counts = {}
    for area_id, n, beds in open_rows:
        add(counts, area_id, "sites_open", n)
        add(counts, area_id, "site_beds", beds or 0)
    closed = per_area(sites.filter(closes_on__lt=day))
    stays = under(Stay.objects, area).filter(checked_in_at__lt=end)
    staying = per_area(stays.filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gte=end)))
    served = per_area(stays)
    arrived = per_area(stays.filter(checked_in_at__gte=start))
    return merged(
        counts,
        grouped({}, closed, "sites_closed"),
        grouped({}, staying, "site_persons_current"),
        grouped({}, served, "site_persons_served"),
        grouped({}, arrived, "site_checked_in_new"),
    )


def count_loop(day, area):
    start, end = day_bounds(day)
    persons = under(LoopPerson.objects, area)
    received = persons.filter(registered_at__gte=start, registered_at__lt=end)
    sent = persons.filter(transfer__departed_at__gte=start, transfer__departed_at__lt=end)
    delivered = persons.filter(recounted_at__gte=start, recounted_at__lt=end)
    in_transit = (
        persons.filter(transfer__departed_at__lt=end)
        .filter(Q(recounted_at__isnull=True) | Q(recounted_at__gte=end))
        .exclude(place="missing")
    )
    discrepancies = (
        under(Discrepancy.objects, area)
        .filter(raised_at__lt=end)
        .filter(~Q(alert__status=AlertStatus.CLOSED) | Q(alert__closed_at__gte=end))
    )
    return merged(
        grouped({}, per_area(received), "loop_received"),
        grouped({}, per_area(sent), "loop_sent_on"),
        grouped({}, per_area(in_transit), "loop_in_transit"),
        grouped({}, per_area(delivered), "loop_delivered"),
        grouped({}, per_area(discrepancies), "loop_discrepancies_open"),
    )


SECTIONS = [
    Section(
        key="quarantine",
        label=_("集中隔离"),
        figures=(
            Figure("sites_open", _("开放隔离点"), _("个")),
            Figure("site_beds", _("可安置床位"), _("张")),
            Figure("site_persons_current", _("在住人员"), PERSONS),
            Figure("site_checked_in_new", _("当日入住"), PERSONS),
            Figure("site_persons_served", _("累计服务"), _("人次")),
            Figure("sites_closed", _("已撤点"), _("个")),
        ),
        count=count_sites,
        ratios=(Ratio("site_occupancy", _("床位使用率"), "site_persons_current", "site_beds"),),
        headline=("site_persons_current",),
        trend=("site_persons_current", "site_checked_in_new"),
    ),
    Section(
        key="loop",
        label=_("口岸闭环"),
        figures=(
            Figure("loop_received", _("接收人员"), PERSONS),
            Figure("loop_sent_on", _("转运人员"), PERSONS),
            Figure("loop_in_transit", _("在途人员"), PERSONS),
            Figure("loop_delivered", _("送达人员"), PERSONS),
            Figure("loop_discrepancies_open", _("未解决差异"), _("项")),
        ),
        count=count_loop,
        headline=("loop_discrepancies_open",),
        trend=("loop_received", "loop_sent_on"),
    ),
]
