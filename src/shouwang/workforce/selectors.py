"""Reads of staff and rosters, scoped to the user."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch

from shouwang.core.roles import MANAGE_POSTS
from shouwang.core.scoping import scope_paths
from shouwang.workforce.models import Post, Shift, ShiftTemplate, StaffMember


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
class RosterDay:
    day: date
    shifts: list = field(default_factory=list)
    staffed: int = 0
    needed: int = 0

    @property
    def gaps(self) -> int:
        return sum(1 for shift in self.shifts if shift is None or shift.gap)


def roster_week(*, post: Post, first_day: date, days: int = 7) -> list[RosterDay]:
    """Each day of the week with each slot's shift (None where not planned), its staff
    count and whether it has a gap (no leader, or fewer staff than needed). The caller has
    already checked the post is visible. Two queries whatever the week holds."""
    last_day = first_day + timedelta(days=days)
    shifts = (
        Shift.objects.filter(post=post, day__gte=first_day, day__lt=last_day)
        .select_related("leader")
        .annotate(staffed=Count("staff"))
        .prefetch_related(Prefetch("staff", queryset=StaffMember.objects.order_by("name")))
    )
    by_slot = {(shift.day, shift.slot): shift for shift in shifts}
    slots = len(post.template.slots)
    week = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = RosterDay(day=day)
        for slot in range(slots):
            shift = by_slot.get((day, slot))
            if shift is not None:
                shift.gap = shift.leader_id is None or shift.staffed < shift.needed
                row.staffed += shift.staffed
                row.needed += shift.needed
            else:
                row.needed += post.staff_per_shift
            row.shifts.append(shift)
        week.append(row)
    return week
