"""Enterprises' part of the daily numbers: the register, filings and resumption per
category (规上工业, 规上, key projects), as they stood at the end of the day."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from shouwang.core.dates import day_bounds
from shouwang.enterprises.choices import FilingStatus, ScaleCategory
from shouwang.enterprises.models import Enterprise, ResumptionFiling
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

ENTERPRISES = _("家")
#: The statistics office's "above scale" (规模以上) counts both of these.
ABOVE_SCALE = (ScaleCategory.ABOVE_SCALE_INDUSTRIAL, ScaleCategory.ABOVE_SCALE)


def count_enterprises(day, area):
    enterprises = under(Enterprise.objects, area)
    resumed = Enterprise.resumed_by(day)
    rows = (
        enterprises.values_list("area_id", "scale", "is_key_project")
        .annotate(total=Count("id"), resumed=Count("id", filter=resumed))
        .order_by()
    )
    counts = {}
    for area_id, scale, is_key_project, total, resumed_count in rows:
        keys = ["enterprises"]
        if scale in ABOVE_SCALE:
            keys.append("above_scale")
        if scale == ScaleCategory.ABOVE_SCALE_INDUSTRIAL:
            keys.append("above_scale_industrial")
        if is_key_project:
            keys.append("key_projects")
        for key in keys:
            add(counts, area_id, f"{key}_total", total)
            add(counts, area_id, f"{key}_resumed", resumed_count)
    _start, end_of_day = day_bounds(day)
    filed = (
        under(ResumptionFiling.objects, area)
        .filter(filed_at__lt=end_of_day)
        .exclude(status=FilingStatus.DRAFT)
        .values_list("area_id")
        .annotate(n=Count("enterprise", distinct=True))
        .order_by()
    )
    resumed_today = per_area(enterprises.filter(resumed_on=day))
    return merged(
        counts,
        grouped({}, filed, "enterprises_filed"),
        grouped({}, resumed_today, "enterprises_resumed_new"),
    )


SECTIONS = [
    Section(
        key="enterprises",
        label=_("复工复产"),
        figures=(
            Figure("enterprises_total", _("企业总数"), ENTERPRISES),
            Figure("enterprises_filed", _("已报备"), ENTERPRISES),
            Figure("enterprises_resumed", _("已复工"), ENTERPRISES),
            Figure("enterprises_resumed_new", _("当日复工"), ENTERPRISES),
            Figure("above_scale_total", _("规上企业"), ENTERPRISES),
            Figure("above_scale_resumed", _("规上企业已复工"), ENTERPRISES),
            Figure("above_scale_industrial_total", _("规上工业企业"), ENTERPRISES),
            Figure("above_scale_industrial_resumed", _("规上工业已复工"), ENTERPRISES),
            Figure("key_projects_total", _("重点项目"), _("个")),
            Figure("key_projects_resumed", _("重点项目已复工"), _("个")),
        ),
        count=count_enterprises,
        ratios=(
            Ratio("resumption_rate", _("复工率"), "enterprises_resumed", "enterprises_total"),
            Ratio(
                "above_scale_rate", _("规上企业复工率"), "above_scale_resumed", "above_scale_total"
            ),
            Ratio(
                "above_scale_industrial_rate",
                _("规上工业复工率"),
                "above_scale_industrial_resumed",
                "above_scale_industrial_total",
            ),
            Ratio(
                "key_project_rate",
                _("重点项目复工率"),
                "key_projects_resumed",
                "key_projects_total",
            ),
        ),
        headline=("enterprises_resumed",),
        trend=("enterprises_resumed",),
    ),
]
