"""Writes to staff, shift templates, posts and rosters."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import CHECKPOINT_DUTY, MANAGE_POSTS, PORT_DUTY, SITE_DUTY
from shouwang.core.scoping import ensure_visible, holds
from shouwang.core.text import list_of
from shouwang.workforce.choices import Department, PostKind
from shouwang.workforce.models import Post, Shift, ShiftTemplate, StaffMember, shift_bounds

#: The permission that lets someone work a post of each kind (write handovers, see its
#: roster). Managers (MANAGE_POSTS) may always.
DUTY_PERMISSIONS = {
    PostKind.CHECKPOINT: CHECKPOINT_DUTY,
    PostKind.SITE: SITE_DUTY,
    PostKind.PORT: PORT_DUTY,
}

BUILTIN_TEMPLATES = {
    "3x8": [[0, 8], [8, 8], [16, 8]],
    "6x4": [[0, 4], [4, 4], [8, 4], [12, 4], [16, 4], [20, 4]],
    "2x12": [[8, 12], [20, 12]],
}


def staff_member_create(
    *,
    name: str,
    department: str,
    area: Area,
    by,
    unit: str = "",
    phone: str = "",
    seconded: bool = False,
    user=None,
) -> StaffMember:
    if not name.strip():
        raise field_error("name", _("姓名不能为空"))
    if department not in Department.values:
        raise field_error("department", _("未知的部门"))
    member = StaffMember(
        name=name.strip(),
        department=department,
        unit=unit.strip(),
        seconded=seconded,
        area=area,
        user=user,
    )
    if phone:
        try:
            normalised = pii.validate_phone(phone)
        except ValidationError as error:
            raise field_error("phone", error.messages[0]) from None
        member.phone = normalised
        member.phone_hash = pii.phone_hash(normalised)
        member.phone_masked = pii.mask_phone(normalised)
    with transaction.atomic():
        member._history_user = by
        member.save()
        ensure_visible(by, member, MANAGE_POSTS)
    return member


def validate_slots(slots) -> list[list[int]]:
    """Whole-hour slots within one day, starting in order, never overlapping."""
    try:
        cleaned = sorted([int(start), int(hours)] for start, hours in slots)
    except (TypeError, ValueError):
        raise field_error("slots", _("班次格式应为“开始小时+时长”")) from None
    if not cleaned:
        raise field_error("slots", _("至少需要一个班次"))
    end_of_previous = None
    for index, (start, hours) in enumerate(cleaned, 1):
        if not 0 <= start <= 23 or not 1 <= hours <= 24:
            raise field_error(
                "slots", _("第%(n)d个班次：开始时间应在0-23点，时长1-24小时") % {"n": index}
            )
        if end_of_previous is not None and start < end_of_previous:
            raise field_error("slots", _("第%(n)d个班次与上一个班次重叠") % {"n": index})
        end_of_previous = start + hours
    first_start = cleaned[0][0]
    if end_of_previous - first_start > 24:
        raise field_error("slots", _("班次合计超过24小时"))
    return cleaned


def shift_template_create(*, name: str, slots, area: Area, by) -> ShiftTemplate:
    if not name.strip():
        raise field_error("name", _("请填写模板名称"))
    template = ShiftTemplate(name=name.strip(), slots=validate_slots(slots), area=area)
    with transaction.atomic():
        template._history_user = by
        template.save()
        ensure_visible(by, template.area, MANAGE_POSTS)
    return template


def builtin_template(key: str) -> ShiftTemplate:
    """One of the built-in templates, created the first time anyone needs it."""
    template, _created = ShiftTemplate.objects.get_or_create(
        area=None, name=key, defaults={"slots": BUILTIN_TEMPLATES[key]}
    )
    return template


def post_create(
    *, kind: str, name: str, area: Area, template: ShiftTemplate, staff_per_shift: int, by
) -> Post:
    """Called by the module that owns the post, inside its own transaction."""
    if staff_per_shift < 1:
        raise field_error("staff_per_shift", _("每班人数至少为1"))
    post = Post(kind=kind, name=name, area=area, template=template, staff_per_shift=staff_per_shift)
    post._history_user = by
    post.save()
    ensure_visible(by, post, MANAGE_POSTS)
    return post


def roster_plan(*, post: Post, first_day: date, days: int = 7, by) -> list[Shift]:
    """The shifts of ``days`` days from the post's template; existing shifts are kept."""
    if not 1 <= days <= 31:
        raise field_error("days", _("一次最多排31天"))
    with transaction.atomic():
        ensure_visible(by, post, MANAGE_POSTS)
        existing = set(
            Shift.objects.filter(
                post=post, day__gte=first_day, day__lt=first_day + timedelta(days=days)
            ).values_list("day", "slot")
        )
        created = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for slot, (start, hours) in enumerate(post.template.slots):
                if (day, slot) in existing:
                    continue
                starts_at, ends_at = shift_bounds(day, start, hours)
                shift = Shift(
                    post=post,
                    day=day,
                    slot=slot,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    needed=post.staff_per_shift,
                )
                shift._history_user = by
                shift.save()
                created.append(shift)
    return created


def shift_staff(*, shift: Shift, leader: StaffMember | None, staff, by) -> Shift:
    """Set a shift's leader and staff. The leader counts among the staff."""
    members = {member.pk: member for member in staff}
    if leader is not None:
        members[leader.pk] = leader
    allowed = set(
        StaffMember.objects.visible_to(by, MANAGE_POSTS)
        .active()
        .filter(pk__in=members)
        .values_list("pk", flat=True)
    )
    unknown = [members[pk].name for pk in members if pk not in allowed]
    if unknown:
        raise field_error("staff", _("不可排班的人员：%(names)s") % {"names": list_of(unknown)})
    with transaction.atomic():
        ensure_visible(by, shift, MANAGE_POSTS)
        shift.leader = leader
        shift._history_user = by
        shift.save(update_fields=["leader"])
        shift.staff.set(members.values())
    return shift


def may_work(user, post: Post) -> bool:
    duty = DUTY_PERMISSIONS.get(post.kind)
    return holds(user, MANAGE_POSTS, post) or (duty is not None and holds(user, duty, post))


def shift_handover(*, shift: Shift, note: str, by) -> Shift:
    """The outgoing shift's note to the next: what happened, what is pending."""
    if not note.strip():
        raise field_error("handover_note", _("请填写交接班内容"))
    if not may_work(by, shift.post):
        raise field_error("handover_note", _("您不在该点位值守，不能填写交接班记录"))
    with transaction.atomic():
        shift.handover_note = note.strip()
        shift.handover_by = by
        shift.handover_at = timezone.now()
        shift._history_user = by
        shift.save(update_fields=["handover_note", "handover_by", "handover_at"])
    return shift
