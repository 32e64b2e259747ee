"""Sites, their rooms, staff groups and coordinators."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_POSTS, SITE_DUTY
from shouwang.core.scoping import ensure_visible
from shouwang.core.text import list_of
from shouwang.quarantine.choices import (
    MANUAL_ROOM_STATES,
    RoomState,
    RoomType,
    ServedGroup,
    SiteKind,
    StayStatus,
)
from shouwang.quarantine.models import Room, Site, StaffGroup, Stay
from shouwang.quarantine.services.common import require_duty
from shouwang.workforce.choices import PostKind
from shouwang.workforce.models import ShiftTemplate, StaffMember
from shouwang.workforce.services import post_create

MAX_ROOMS_AT_ONCE = 2000


def site_create(
    *,
    name: str,
    kind: str,
    area: Area,
    capacity: int,
    opens_on: date,
    template: ShiftTemplate,
    by,
    address: str = "",
    served: str = ServedGroup.INBOUND,
    staff_per_shift: int = 3,
) -> Site:
    if not name.strip():
        raise field_error("name", _("请填写隔离点名称"))
    if kind not in SiteKind.values:
        raise field_error("kind", _("未知的隔离点类型"))
    if served not in ServedGroup.values:
        raise field_error("served", _("未知的安置对象"))
    if capacity < 1:
        raise field_error("capacity", _("可安置人数至少为1"))
    with transaction.atomic():
        post = post_create(
            kind=PostKind.SITE,
            name=name.strip(),
            area=area,
            template=template,
            staff_per_shift=staff_per_shift,
            by=by,
        )
        site = Site(
            name=name.strip(),
            kind=kind,
            area=area,
            address=address.strip(),
            served=served,
            capacity=capacity,
            opens_on=opens_on,
            post=post,
        )
        site._history_user = by
        site.save()
        ensure_visible(by, site, MANAGE_POSTS)
    return site


def site_close(*, site: Site, closes_on: date, by) -> Site:
    """Stand the site down (撤点) once everybody has left; its records stay readable."""
    if closes_on < site.opens_on:
        raise field_error("closes_on", _("撤点日期不能早于启用日期"))
    with transaction.atomic():
        ensure_visible(by, site, MANAGE_POSTS)
        staying = Stay.objects.filter(site=site, status=StayStatus.ACTIVE).count()
        if staying:
            raise field_error(
                "closes_on", _("仍有 %(count)d 人在住，不能撤点") % {"count": staying}
            )
        site.closes_on = closes_on
        site._history_user = by
        site.save(update_fields=["closes_on"])
    return site


def site_set_coordinators(*, site: Site, members, by) -> Site:
    members = list(members)
    _check_members(members, by)
    with transaction.atomic():
        ensure_visible(by, site, MANAGE_POSTS)
        site.coordinators.set(members)
    return site


def _check_members(members, by) -> None:
    if by is None:
        return
    allowed = set(
        StaffMember.objects.visible_to(by, MANAGE_POSTS)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    unknown = [m.name for m in members if m.pk not in allowed]
    if unknown:
        raise field_error("members", _("不可安排的人员：%(names)s") % {"names": list_of(unknown)})


def staff_group_create(
    *, site: Site, name: str, by, duty: str = "", leader=None, members=()
) -> StaffGroup:
    if not name.strip():
        raise field_error("name", _("请填写工作组名称"))
    members = list(members)
    _check_members(members + ([leader] if leader else []), by)
    with transaction.atomic():
        ensure_visible(by, site, MANAGE_POSTS)
        if StaffGroup.objects.filter(site=site, name=name.strip()).exists():
            raise field_error("name", _("该隔离点已有同名工作组"))
        group = StaffGroup(
            site=site, area=site.area, name=name.strip(), duty=duty.strip(), leader=leader
        )
        group._history_user = by
        group.save()
        group.members.set(members)
    return group


def _check_room(number: str, floor: int, beds: int, room_type: str) -> None:
    if not number.strip():
        raise field_error("number", _("请填写房号"))
    if not -5 <= floor <= 200:
        raise field_error("floor", _("楼层应在 -5 至 200 之间"))
    if not 1 <= beds <= 8:
        raise field_error("beds", _("床位应为 1 至 8 张"))
    if room_type not in RoomType.values:
        raise field_error("room_type", _("未知的房型"))


def room_create(
    *, site: Site, number: str, floor: int, by, beds: int = 1, room_type: str = RoomType.SINGLE
) -> Room:
    _check_room(number, floor, beds, room_type)
    with transaction.atomic():
        ensure_visible(by, site, MANAGE_POSTS)
        if Room.objects.filter(site=site, number=number.strip()).exists():
            raise field_error("number", _("房号 %(number)s 已存在") % {"number": number.strip()})
        room = Room(
            site=site,
            area=site.area,
            number=number.strip(),
            floor=floor,
            beds=beds,
            room_type=room_type,
        )
        room._history_user = by
        room.save()
    return room


def rooms_generate(
    *,
    site: Site,
    first_floor: int,
    last_floor: int,
    per_floor: int,
    by,
    beds: int = 1,
    room_type: str = RoomType.SINGLE,
) -> int:
    """Rooms ``<floor><nn>`` (801, 802 ...) on each floor; numbers that exist are kept."""
    if last_floor < first_floor:
        raise field_error("last_floor", _("结束楼层不能低于起始楼层"))
    if not 1 <= per_floor <= 99:
        raise field_error("per_floor", _("每层房间数应为 1 至 99"))
    if (last_floor - first_floor + 1) * per_floor > MAX_ROOMS_AT_ONCE:
        raise field_error("per_floor", _("一次最多生成 %(n)d 间") % {"n": MAX_ROOMS_AT_ONCE})
    _check_room("x", first_floor, beds, room_type)
    _check_room("x", last_floor, beds, room_type)
    with transaction.atomic():
        ensure_visible(by, site, MANAGE_POSTS)
        existing = set(Room.objects.filter(site=site).values_list("number", flat=True))
        rooms = [
            Room(
                site=site,
                area=site.area,
                number=f"{floor}{n:02d}",
                floor=floor,
                beds=beds,
                room_type=room_type,
            )
            for floor in range(first_floor, last_floor + 1)
            for n in range(1, per_floor + 1)
            if f"{floor}{n:02d}" not in existing
        ]
        Room.objects.bulk_create(rooms)
    return len(rooms)


def room_set_state(*, room: Room, state: str, by) -> Room:
    """Cleaning done, a room out for repair or reserved; "occupied" follows the stays."""
    if state not in MANUAL_ROOM_STATES:
        raise field_error("state", _("该房态由入住和离开自动设置"))
    with transaction.atomic():
        locked = Room.objects.select_for_update().select_related("site").get(pk=room.pk)
        require_duty(by, SITE_DUTY, locked.site, "state")
        if Stay.objects.filter(room=locked, status=StayStatus.ACTIVE).exists():
            raise field_error("state", _("房间有人在住，不能更改房态"))
        locked.state = state
        locked._history_user = by
        locked.save(update_fields=["state"])
    room.state = state
    return room


def room_free_after_check_out(room: Room, by) -> None:
    """A room nobody stays in any more goes to cleaning."""
    if not Stay.objects.filter(room=room, status=StayStatus.ACTIVE).exists():
        room.state = RoomState.CLEANING
        room._history_user = by
        room.save(update_fields=["state"])
