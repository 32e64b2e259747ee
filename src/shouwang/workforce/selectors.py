"""Reads of staff and rosters, scoped to the user."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from shouwang.core.roles import MANAGE_POSTS
from shouwang.core.scoping import scope_paths
from shouwang.workforce.models import Post, Shift, ShiftTemplate, StaffMember, shift_bounds


def staff_visible_to(user, *, department: str = ""):
    members = StaffMember.objects.visible_to(user, MANAGE_POSTS).select_related("area")
    if department:
        members = members.filter(department=department)
    return members


def templates_available_to(user):
    return ShiftTemplate.objects.available_to(scope_paths(user, MANAGE_POSTS))


def posts_managed_by(user):
    return Post.objects.visible_to(user, MANAGE_POSTS).select_related("area", "template")


def shift_at(post: Post, moment: datetime) -> Shift | None:
    return (
        Shift.objects.filter(post=post)
        .covering(moment)
        .select_related("leader")
        .order_by("starts_at")
        .first()
    )


def previous_shift(shift: Shift) -> Shift | None:
    return (
        Shift.objects.filter(post_id=shift.post_id, ends_at__lte=shift.starts_at)
        .select_related("handover_by")
        .order_by("-ends_at")
        .first()
    )


@dataclass
class RosterSlot:
    """One slot of a day: its shift, or None where none is planned."""

    shift: Shift | None
    #: Over by the time the week was read: past filling, so never a gap.
    ended: bool

    @property
    def gap(self) -> bool:
        """Still to fill: not planned, no leader, or fewer staff than needed."""
        if self.ended:
            return False
        shift = self.shift
        return shift is None or shift.leader_id is None or shift.staffed < shift.needed


@dataclass
class RosterDay:
    day: date
    slots: list[RosterSlot] = field(default_factory=list)
    staffed: int = 0
    needed: int = 0

    @property
    def gaps(self) -> int:
        return sum(1 for slot in self.slots if slot.gap)


def roster_week(*, post: Post, first_day: date, days: int = 7) -> list[RosterDay]:
    """Each day of the week with each slot's shift, its staff count and whether it is a
    gap still to fill (a slot already over is not: a week planned on a Thursday has no
    gaps on Monday). The caller has already checked the post is visible. Two queries
    whatever the week holds."""
    now = timezone.now()
    last_day = first_day + timedelta(days=days)
    shifts = (
        Shift.objects.filter(post=post, day__gte=first_day, day__lt=last_day)
        .select_related("leader")
        .annotate(staffed=Count("staff"))
        .prefetch_related(Prefetch("staff", queryset=StaffMember.objects.order_by("name")))
    )
    by_slot = {(shift.day, shift.slot): shift for shift in shifts}
    week = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = RosterDay(day=day)
        for slot, (start_hour, hours) in enumerate(post.template.slots):
            shift = by_slot.get((day, slot))
            if shift is not None:
                ends_at = shift.ends_at
                row.staffed += shift.staffed
                row.needed += shift.needed
            else:
                ends_at = shift_bounds(day, start_hour, hours)[1]
                row.needed += post.staff_per_shift
            row.slots.append(RosterSlot(shift=shift, ended=ends_at <= now))
        week.append(row)
    return week
