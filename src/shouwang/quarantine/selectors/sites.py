"""Reads of sites and stays, scoped to the user: the site list and the site board."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from shouwang.core.dates import day_bounds
from shouwang.core.roles import SITE_DUTY
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.text import bracketed, list_of
from shouwang.people.health import is_fever
from shouwang.people.timeline import TimelineEntry
from shouwang.quarantine.choices import RoomState, SampleResult, StayStatus
from shouwang.quarantine.models import HealthLog, Room, Site, Stay


def sites_for_duty(user):
    return Site.objects.visible_to(user, SITE_DUTY).select_related("area")


def site_for_duty(user, pk: int) -> Site:
    return get_visible_or_404(
        Site.objects.select_related("area", "post__template"), user, SITE_DUTY, pk=pk
    )


def stay_for_duty(user, pk: int) -> Stay:
    return get_visible_or_404(
        Stay.objects.select_related("site", "room", "person", "area"), user, SITE_DUTY, pk=pk
    )


def sites_overview(user) -> list[Site]:
    """Every site the user works or oversees, with its current and served counts."""
    return list(
        sites_for_duty(user)
        .annotate(
            current=Count("stays", filter=Q(stays__status=StayStatus.ACTIVE), distinct=True),
            served_count=Count("stays", distinct=True),
        )
        .order_by("closes_on", "area__path", "name")
    )


def infections_at(site_ids) -> dict[int, int]:
    """Persons found positive while staying, per site: the "zero infections" counter."""
    return dict(
        HealthLog.objects.filter(stay__site__in=site_ids, sample_result=SampleResult.POSITIVE)
        .values_list("stay__site")
        .annotate(n=Count("stay", distinct=True))
        .order_by()
    )


@dataclass
class BoardRoom:
    room: Room
    occupants: list = field(default_factory=list)
    attention: bool = False


@dataclass
class SiteBoard:
    site: Site
    day: date
    served: int
    current: int
    free_beds: int
    days_open: int
    infections: int
    arrivals: list
    departures: list
    due_today: list
    attention: list
    floors: list  # (floor, [BoardRoom])
    state_counts: list  # (state, label, rooms)


def site_board(*, site: Site, day: date, user) -> SiteBoard:
    """The wall chart of seed 001: today's arrivals and departures, the room grid by
    floor, the people needing attention, the counters. Eight queries at any size."""
    start, end = day_bounds(day)
    stays = Stay.objects.filter(site=site)
    counts = stays.aggregate(
        served=Count("id"), current=Count("id", filter=Q(status=StayStatus.ACTIVE))
    )
    active = list(
        stays.filter(status=StayStatus.ACTIVE).select_related("person").order_by("room_id", "id")
    )
    rooms = list(Room.objects.filter(site=site).order_by("floor", "number"))
    logs = {
        log.stay_id: log
        for log in HealthLog.objects.filter(stay__in=[s.pk for s in active], day=day)
    }
    by_room = defaultdict(list)
    attention = []
    for stay in active:
        stay.today_log = logs.get(stay.pk)
        hot = stay.today_log is not None and is_fever(stay.today_log.highest_temperature)
        stay.needs_attention = stay.attention or hot
        by_room[stay.room_id].append(stay)
        if stay.needs_attention:
            attention.append(stay)
    floors, state_counts = defaultdict(list), defaultdict(int)
    for room in rooms:
        occupants = by_room.get(room.pk, [])
        floors[room.floor].append(
            BoardRoom(room, occupants, any(s.needs_attention for s in occupants))
        )
        state_counts[room.state] += 1
    room_of = {room.pk: room for room in rooms}
    for stay in active:
        stay.room = room_of[stay.room_id]
    arrivals = [s for s in active if start <= s.checked_in_at < end]
    departures = list(
        stays.filter(checked_out_at__gte=start, checked_out_at__lt=end)
        .select_related("person", "room")
        .order_by("-checked_out_at")
    )
    return SiteBoard(
        site=site,
        day=day,
        served=counts["served"],
        current=counts["current"],
        free_beds=max(site.capacity - counts["current"], 0),
        days_open=site.days_open(day),
        infections=infections_at([site.pk]).get(site.pk, 0),
        arrivals=arrivals,
        departures=departures,
        due_today=[s for s in active if s.planned_end <= day],
        attention=attention,
        floors=sorted(floors.items()),
        state_counts=[
            (state, label, state_counts.get(state, 0)) for state, label in RoomState.choices
        ],
    )


def rooms_open_for_check_in(site: Site):
    return Room.objects.filter(site=site, state__in=[RoomState.VACANT, RoomState.RESERVED])


def transfer_rooms(user, exclude: Site):
    """Free rooms of the other open sites where the user works, for a transfer."""
    return (
        Room.objects.filter(
            site__in=sites_for_duty(user).open_on(timezone.localdate()).exclude(pk=exclude.pk),
            state=RoomState.VACANT,
        )
        .select_related("site")
        .order_by("site__name", "floor", "number")
    )


def stay_timeline_entries(person) -> list[TimelineEntry]:
    """For the person's timeline in the people register."""
    from django.urls import reverse

    entries = []
    for stay in Stay.objects.filter(person=person).select_related("site", "room"):
        entries.append(
            TimelineEntry(
                timezone.localdate(stay.checked_in_at),
                str(Stay._meta.verbose_name),
                f"{stay.site.name} {stay.room.number}"
                + bracketed(
                    list_of(
                        [stay.get_status_display()]
                        + ([stay.get_outcome_display()] if stay.outcome else [])
                    )
                ),
                reverse("quarantine:stay_detail", args=[stay.pk]),
            )
        )
    return entries
