"""Checkpoints' part of the daily numbers: points open, staff on shift, what was checked."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from shouwang.checkpoints.models import Checkpoint, HourlyCount
from shouwang.core.dates import day_bounds
from shouwang.reports.sections import Figure, Section, add, grouped, merged, per_area, under
from shouwang.workforce.choices import PostKind
from shouwang.workforce.models import Shift


def count_checkpoints(day, area):
    checkpoints = under(Checkpoint.objects, area)
    open_points = per_area(
        checkpoints.filter(opens_on__lte=day).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=day)
        )
    )
    staff = (
        under(Shift.objects, area)
        .filter(day=day, post__kind=PostKind.CHECKPOINT)
        .values_list("post__area_id")
        .annotate(n=Count("staff"))
        .order_by()
    )
    start, end = day_bounds(day)
    hours = (
        HourlyCount.objects.filter(checkpoint__in=checkpoints.values("pk"))
        .filter(hour__gte=start, hour__lt=end)
        .values_list("checkpoint__area_id")
        .annotate(
            vehicles=Sum("vehicles"),
            persons=Sum("persons"),
            fevers=Sum("fevers"),
            flagged=Sum("flagged"),
        )
        .order_by()
    )
    counts = merged(
        grouped({}, open_points, "checkpoints_open"),
        grouped({}, staff, "checkpoint_staff_on_shift"),
    )
    for area_id, vehicles, persons, fevers, flagged in hours:
        add(counts, area_id, "vehicles_checked", vehicles)
        add(counts, area_id, "persons_checked", persons)
        add(counts, area_id, "checkpoint_fevers", fevers)
        add(counts, area_id, "passages_flagged", flagged)
    return counts


SECTIONS = [
    Section(
        key="checkpoints",
        label=_("卡点检查"),
        figures=(
            Figure("checkpoints_open", _("启用卡点"), _("个")),
            Figure("checkpoint_staff_on_shift", _("在岗人员"), _("人")),
            Figure("vehicles_checked", _("检查车辆"), _("辆")),
            Figure("persons_checked", _("检查人员"), _("人")),
            Figure("checkpoint_fevers", _("体温异常"), _("人")),
            Figure("passages_flagged", _("预警通行"), _("次")),
        ),
        count=count_checkpoints,
        headline=("vehicles_checked", "persons_checked", "checkpoint_fevers"),
        trend=("vehicles_checked", "persons_checked"),
    ),
]
