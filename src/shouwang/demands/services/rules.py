"""Where a demand goes and by when: the nearest settings at or above its area."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import DEMAND_HANDLE
from shouwang.core.scoping import ensure_visible
from shouwang.demands.choices import DemandCategory, Department
from shouwang.demands.models import (
    DEFAULT_CLOSE_HOURS,
    DEFAULT_PLAN_HOURS,
    DEFAULT_RESPOND_HOURS,
    DemandSettings,
)

#: Where each category goes unless an area's settings say otherwise.
DEFAULT_ROUTES = {
    DemandCategory.WORKERS: Department.HUMAN_RESOURCES,
    DemandCategory.SUPPLIES: Department.INDUSTRY,
    DemandCategory.LOGISTICS: Department.TRANSPORT,
    DemandCategory.FUNDING: Department.FINANCE,
    DemandCategory.RENT: Department.STREET,
    DemandCategory.POLICY: Department.INDUSTRY,
    DemandCategory.OTHER: Department.STREET,
}


@dataclass(frozen=True)
class Rules:
    respond_hours: int = DEFAULT_RESPOND_HOURS
    plan_hours: int = DEFAULT_PLAN_HOURS
    close_hours: int = DEFAULT_CLOSE_HOURS
    routes: tuple = ()

    def department(self, category: str) -> str:
        return dict(self.routes).get(category) or DEFAULT_ROUTES[category]

    def due(self, start: datetime) -> tuple[datetime, datetime, datetime]:
        return (
            start + timedelta(hours=self.respond_hours),
            start + timedelta(hours=self.plan_hours),
            start + timedelta(hours=self.close_hours),
        )


def rules_for(area: Area) -> Rules:
    """The nearest settings at or above ``area``; the defaults (1 h, 2 days, 4 days)."""
    paths = [*area.ancestor_paths(), area.path]
    found = DemandSettings.objects.filter(area__path__in=paths).select_related("area").order_by()
    nearest = max(found, key=lambda s: len(s.area.path), default=None)
    if nearest is None:
        return Rules()
    return Rules(
        nearest.respond_hours,
        nearest.plan_hours,
        nearest.close_hours,
        tuple(nearest.routes.items()),
    )


def handler_area(department: str, street: Area) -> Area:
    """The street handles its own; a district department sits at the district."""
    if department == Department.STREET:
        return street
    return Area.objects.get(path=street.path.split(".")[0])


def settings_areas(user):
    """Where the user may set the rules: a district or street where he handles demands."""
    return Area.objects.visible_to(user, DEMAND_HANDLE).filter(
        level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]
    )


def demand_settings_save(
    *, area: Area, respond_hours: int, plan_hours: int, close_hours: int, routes: dict, by
) -> DemandSettings:
    if area.level not in (AreaLevel.DISTRICT, AreaLevel.STREET):
        raise field_error("area", _("只能为区或街道设置诉求办理规则"))
    if respond_hours < 1:
        raise field_error("respond_hours", _("时限至少 1 小时"))
    if not respond_hours <= plan_hours <= close_hours:
        raise field_error("plan_hours", _("时限应依次不短于上一环节：受理 ≤ 方案 ≤ 办结"))
    for category, department in routes.items():
        if category not in DemandCategory.values:
            raise field_error("routes", _("未知的诉求类别：%(value)s") % {"value": category})
        if department not in Department.values:
            raise field_error("routes", _("未知的承办单位：%(value)s") % {"value": department})
    with transaction.atomic():
        ensure_visible(by, area, DEMAND_HANDLE)
        settings, _created = DemandSettings.objects.get_or_create(area=area)
        settings.respond_hours, settings.plan_hours = respond_hours, plan_hours
        settings.close_hours = close_hours
        settings.routes = {c: d for c, d in routes.items() if d != DEFAULT_ROUTES[c]}
        settings._history_user = by
        settings.save()
    return settings
