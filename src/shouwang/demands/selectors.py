"""Reads of the demands module, scoped to the user: lists, the board, the numbers."""

from datetime import datetime

import django_filters
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_VIEW
from shouwang.demands.choices import (
    OPEN_STATUSES,
    DemandCategory,
    DemandStatus,
    Department,
)
from shouwang.demands.models import Demand

DONE_STATUSES = (DemandStatus.RESOLVED, DemandStatus.CONFIRMED)


def overdue_q(now: datetime) -> Q:
    """Open demands past the time limit of a stage they have not done."""
    return (
        Q(status=DemandStatus.NEW, respond_due_at__lt=now)
        | Q(
            status__in=[DemandStatus.NEW, DemandStatus.ACCEPTED, DemandStatus.REOPENED],
            plan_due_at__lt=now,
        )
        | Q(status__in=OPEN_STATUSES, close_due_at__lt=now)
    )


def demands_visible_to(user, *, area: Area | None = None, permission=ENTERPRISE_VIEW):
    demands = Demand.objects.visible_to(user, permission).select_related("street")
    return demands.under(area) if area is not None else demands


class DemandFilter(django_filters.FilterSet):
    """One filter set for the demand list, its export and the API."""

    status = django_filters.ChoiceFilter(label=_("状态"), choices=DemandStatus.choices)
    category = django_filters.ChoiceFilter(label=_("类别"), choices=DemandCategory.choices)
    department = django_filters.ChoiceFilter(label=_("承办单位"), choices=Department.choices)
    street = django_filters.CharFilter(field_name="street__code", label=_("街道编码"))
    overdue = django_filters.BooleanFilter(label=_("已超时"), method="filter_overdue")
    open = django_filters.BooleanFilter(label=_("未办结"), method="filter_open")

    class Meta:
        model = Demand
        fields = ["status", "category", "department", "street", "overdue", "open"]

    def filter_overdue(self, queryset, name, value):
        condition = overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_open(self, queryset, name, value):
        condition = Q(status__in=OPEN_STATUSES)
        return queryset.filter(condition) if value else queryset.exclude(condition)


def _counts(now):
    return {
        "total": Count("id"),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=overdue_q(now)),
        "done": Count("id", filter=Q(status__in=DONE_STATUSES)),
        "on_time": Count(
            "id",
            filter=Q(status__in=DONE_STATUSES, resolved_at__lte=F("close_due_at")),
        ),
        "rating": Avg("rating"),
    }


def demand_board(*, user, area: Area | None = None, now: datetime | None = None) -> dict:
    """The board: per department and per category, open, overdue, done, on time and the
    average rating; the most overdue demands. Four grouped queries and one list."""
    now = now or timezone.now()
    demands = demands_visible_to(user, area=area)
    departments = {
        row["department"]: row
        for row in demands.values("department").annotate(**_counts(now)).order_by()
    }
    categories = {
        row["category"]: row
        for row in demands.values("category").annotate(**_counts(now)).order_by()
    }
    streets = list(
        demands.values("street_id", "street__name", "street__path")
        .annotate(**_counts(now))
        .order_by("street__path")
    )
    headline = demands.aggregate(**_counts(now))
    overdue = list(demands.filter(overdue_q(now)).order_by("close_due_at", "id")[:20])
    return {
        "headline": headline,
        "departments": [
            {"key": key, "label": label, **departments[key]}
            for key, label in Department.choices
            if key in departments
        ],
        "categories": [
            {"key": key, "label": label, **categories[key]}
            for key, label in DemandCategory.choices
            if key in categories
        ],
        "streets": streets,
        "overdue": overdue,
        "now": now,
    }
