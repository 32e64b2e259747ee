"""Reads of home isolation, scoped to the user: the grid worker's day, the community
board, the chart of measures over time."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from shouwang.core.models import Alert, Area
from shouwang.core.roles import CHANGE
from shouwang.isolation.choices import OrderStatus, Slot, SlotState
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.isolation.services import slot_deadline
from shouwang.people.choices import Measure
from shouwang.people.models import MeasureRecord, Person

#: How far back a missed slot still raises an alert (older ones are on the board).
MISSED_LOOKBACK_DAYS = 2


def orders_visible_to(user, permission: str = "view"):
    return IsolationOrder.objects.visible_to(user, permission).select_related(
        "person", "area", "grid_worker"
    )


def _slot_state(done: bool, day: date, slot: str, now: datetime) -> str:
    if done:
        return SlotState.DONE
    return SlotState.OVERDUE if now > slot_deadline(day, slot) else SlotState.DUE


@dataclass
class TodayRow:
    order: IsolationOrder
    slots: dict[str, str] = field(default_factory=dict)
    ends_today: bool = False

    @property
    def overdue(self) -> bool:
        return SlotState.OVERDUE in self.slots.values()


def today_list(*, user, now: datetime | None = None) -> list[TodayRow]:
    """Every active isolation the user follows up, with today's two slots: done, due or
    overdue. Overdue first, then due, then done. Two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    orders = list(
        orders_visible_to(user, CHANGE).active().filter(start__lte=today).order_by("area__path")
    )
    done = set(FollowUp.objects.filter(order__in=orders, day=today).values_list("order_id", "slot"))
    rows = []
    for order in orders:
        if order.planned_end < today:
            slots = {}
        else:
            slots = {
                slot: _slot_state((order.pk, slot) in done, today, slot, now)
                for slot in Slot.values
            }
        rows.append(TodayRow(order, slots, ends_today=order.planned_end <= today))
    order_of = {SlotState.OVERDUE: 0, SlotState.DUE: 1, SlotState.DONE: 2}
    rows.sort(key=lambda row: min((order_of[s] for s in row.slots.values()), default=1))
    return rows


def missed_slots(*, now: datetime) -> list[tuple[IsolationOrder, list[tuple[date, str]]]]:
    """Active orders with slots past their hour and no follow-up, over the last days."""
    today = timezone.localdate(now)
    since = today - timedelta(days=MISSED_LOOKBACK_DAYS)
    orders = list(
        IsolationOrder.objects.active().filter(start__lte=today).select_related("person__area")
    )
    done = set(
        FollowUp.objects.filter(order__status=OrderStatus.ACTIVE, day__gte=since).values_list(
            "order_id", "day", "slot"
        )
    )
    missed = []
    for order in orders:
        first = max(order.start, since)
        last = min(order.planned_end, today)
        slots = [
            (first + timedelta(days=offset), slot)
            for offset in range((last - first).days + 1)
            for slot in Slot.values
        ]
        late = [
            (day, slot)
            for day, slot in slots
            if (order.pk, day, slot) not in done and now > slot_deadline(day, slot)
        ]
        if late:
            missed.append((order, late))
    return missed


@dataclass
class Board:
    under_isolation: int
    ending_today: list[IsolationOrder]
    overdue: list[TodayRow]
    without_signature: int
    alerts: list[Alert]
    rows: list[TodayRow]
    #: Under home isolation in the register with no order yet (sent home from a hotel or
    #: the port, by an enterprise's list, by a rule): the community opens one.
    awaiting_order: list[Person] = field(default_factory=list)
    #: Follow-ups of today and yesterday that asked for supplies, medicine or counselling.
    needs: list[FollowUp] = field(default_factory=list)


#: What the board lists among the open alerts: a fever, a missed follow-up, and someone
#: handed over to home isolation by a quarantine site or the port.
BOARD_ALERT_KINDS = ("fever", "missed_follow_up", "quarantine_home_isolation")


_SEALED_PERSON = ("person__document_number", "person__phone")


def isolation_board(*, area, user, now: datetime | None = None, limit: int = 200) -> Board:
    """The community's board: who is isolated, who ends today, overdue follow-ups,
    unsigned letters, open alerts. A constant number of queries at any size."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # The board shows names, not numbers: the sealed fields stay unread and undecrypted
    # (some 700 values a request at the district's level).
    orders = orders_visible_to(user).active().under(area).defer(*_SEALED_PERSON)
    totals = orders.aggregate(
        under=Count("pk"), without_signature=Count("pk", filter=Q(signature__isnull=True))
    )
    shown = list(orders.filter(start__lte=today).order_by("start", "id")[:limit])
    done = set(
        FollowUp.objects.filter(order__in=[o.pk for o in shown], day=today).values_list(
            "order_id", "slot"
        )
    )
    rows = [
        TodayRow(
            order,
            {s: _slot_state((order.pk, s) in done, today, s, now) for s in Slot.values},
            ends_today=order.planned_end <= today,
        )
        for order in shown
    ]
    ending = [row.order for row in rows if row.ends_today]
    alerts = list(
        Alert.objects.for_inbox(user)
        .open()
        .filter(kind__in=BOARD_ALERT_KINDS)
        .under(area)
        .select_related("area")[:20]
    )
    awaiting_order = list(
        Person.objects.visible_to(user, CHANGE)
        .under(area)
        .filter(measure=Measure.HOME_ISOLATION)
        .exclude(pk__in=IsolationOrder.objects.active().values("person_id"))
        .select_related("area")
        .order_by("-updated_at", "pk")[:limit]
    )
    asked = Q(needs_food=True) | Q(needs_medicine=True) | Q(needs_psychological=True)
    needs = list(
        FollowUp.objects.filter(asked, order__in=orders, day__gte=today - timedelta(days=1))
        .select_related("order__person")
        .defer(*(f"order__{name}" for name in _SEALED_PERSON))
        .order_by("-day", "-id")[:limit]
    )
    return Board(
        under_isolation=totals["under"],
        ending_today=ending,
        overdue=[row for row in rows if row.overdue],
        without_signature=totals["without_signature"],
        alerts=alerts,
        rows=rows,
        awaiting_order=awaiting_order,
        needs=needs,
    )


def measures_over_time(*, area, days: int = 60, end: date | None = None) -> dict:
    """Persons under each measure on each day of the window, for a line chart and its
    table. One query over the records that overlap the window, counted in the database
    by the day each starts counting and the day it stops (a few hundred groups, where the
    district has tens of thousands of records)."""
    end = end or timezone.localdate()
    first = end - timedelta(days=days - 1)
    records = MeasureRecord.objects.filter(start__lte=end)
    # The caller has checked that the user sees ``area`` (and so all below it). The tree's
    # only root holds every person: a district's chart then needs no persons at all (their
    # tens of thousands joined to their areas' paths took half its time).
    if not _is_the_only_root(area):
        # Persons with a measure record carry a measure other than "none" (the partial
        # index finds them), which spares joining every resident of the area to its path.
        persons = Person.objects.under(area).exclude(measure=Measure.NONE).values("pk")
        records = records.filter(person_id__in=persons)
    groups = (
        records.exclude(end__lt=first, is_active=False)
        .exclude(measure__in=[Measure.NONE, Measure.RELEASED])
        .annotate(
            counted_from=Greatest("start", Value(first)),
            # An active measure's end is only planned: it lasts until it is changed.
            stopped_on=Case(When(is_active=False, end__lte=end, then="end"), default=None),
        )
        .order_by()
        .values_list("measure", "counted_from", "stopped_on")
        .annotate(records=Count("pk"))
    )
    starts, stops = defaultdict(Counter), defaultdict(Counter)
    for measure, counted_from, stopped_on, records in groups:
        starts[counted_from][measure] += records
        if stopped_on is not None:
            stops[stopped_on][measure] += records
    counts, current = [], Counter()
    shown = [m for m in Measure.values if m not in (Measure.NONE, Measure.RELEASED)]
    for offset in range(days):
        day = first + timedelta(days=offset)
        current.update(starts[day])
        current.subtract(stops[day])
        counts.append([day.isoformat(), *[current[m] for m in shown]])
    return {
        "measures": [(m, str(Measure(m).label)) for m in shown],
        "rows": counts,
    }


def _is_the_only_root(area) -> bool:
    return (
        area.parent_id is None and not Area.objects.filter(parent=None).exclude(pk=area.pk).exists()
    )
