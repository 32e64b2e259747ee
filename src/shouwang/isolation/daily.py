"""Home isolation's part of the daily numbers: who ends today, follow-ups missed."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouwang.isolation.choices import Slot
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.isolation.services import slot_deadline
from shouwang.reports.sections import Figure, Section, add, under

#: Orders started longer ago than this have ended whatever their length.
LONGEST_ORDER_DAYS = 366


def count_isolation(day, area):
    """Per order in isolation on ``day``: whether its last day is that day, and the day's
    follow-up slots past their hour with nothing recorded."""
    now = timezone.now()
    due_slots = [slot for slot in Slot.values if now > slot_deadline(day, slot)]
    orders = (
        under(IsolationOrder.objects, area)
        .filter(start__lte=day, start__gt=day - timedelta(days=LONGEST_ORDER_DAYS))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )
    in_isolation = {}
    counts = {}
    for pk, area_id, start, days in orders.values_list("pk", "area_id", "start", "days"):
        last_day = start + timedelta(days=days - 1)
        if last_day < day:
            continue
        in_isolation[pk] = area_id
        if last_day == day:
            add(counts, area_id, "isolation_ending")
    done = set(
        FollowUp.objects.filter(order__in=orders.values("pk"), day=day).values_list(
            "order_id", "slot"
        )
    )
    for pk, area_id in in_isolation.items():
        missed = sum(1 for slot in due_slots if (pk, slot) not in done)
        if missed:
            add(counts, area_id, "follow_ups_overdue", missed)
    return counts


SECTIONS = [
    Section(
        key="isolation",
        label=_("居家隔离"),
        figures=(
            Figure("isolation_ending", _("今日期满"), _("人")),
            Figure("follow_ups_overdue", _("逾期未随访"), _("人次")),
        ),
        count=count_isolation,
        headline=("follow_ups_overdue",),
    ),
]
