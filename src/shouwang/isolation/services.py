"""Home isolation: the order, the signed commitment, the daily follow-ups, the end."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, CONTROL, MANAGE_AREAS
from shouwang.core.scoping import ensure_visible, holds
from shouwang.core.services.signatures import signature_record
from shouwang.core.text import list_of
from shouwang.isolation.choices import SLOT_DUE_HOUR, OrderOutcome, OrderStatus, Slot
from shouwang.isolation.models import DEFAULT_DAYS, CommitmentTemplate, FollowUp, IsolationOrder
from shouwang.people.choices import HealthSource, HealthState, Measure
from shouwang.people.health import checked_temperature, is_fever
from shouwang.people.models import MeasureRecord, Person
from shouwang.people.services import community_alert, health_state_record, measure_change

COMMITMENT_DOCUMENT = "home_isolation_commitment"
MAX_DAYS = 28

DEFAULT_COMMITMENT = CommitmentTemplate(
    version="default",
    title="居家隔离承诺书",
    text=(
        "本人{name}，住址{address}，自{start}起至{end}居家隔离{days}天。\n"
        "本人承诺：\n"
        "一、隔离期间不外出、不聚集、不接待来访；\n"
        "二、每日两次配合社区和医务人员测量体温并如实报告；\n"
        "三、出现发热、咳嗽、乏力等症状立即报告社区，不自行就医；\n"
        "四、生活垃圾按要求处理，配合社区做好服务保障。\n"
        "如违反上述承诺，愿承担相应法律责任。"
    ),
)

_OUTCOME_MEASURES = {
    OrderOutcome.RELEASED: Measure.RELEASED,
    OrderOutcome.EARLY_END: Measure.RELEASED,
    OrderOutcome.CENTRALISED_QUARANTINE: Measure.CENTRALISED_QUARANTINE,
    OrderOutcome.HOSPITAL: Measure.HOSPITAL,
}


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise field_error("days", _("隔离天数应在 1 至 %(max)d 天之间") % {"max": MAX_DAYS})


def _check_grid_worker(grid_worker, area: Area) -> None:
    if grid_worker is None or not holds(grid_worker, CHANGE, area):
        raise field_error("grid_worker", _("责任网格员须负责该人员所在的网格"))


def isolation_order_create(
    *,
    person: Person,
    start: date,
    reason: str,
    grid_worker,
    doctor: str,
    by,
    days: int = DEFAULT_DAYS,
) -> IsolationOrder:
    """Put a person under home isolation at his home; his measure becomes home isolation."""
    _check_days(days)
    if start > timezone.localdate():
        raise field_error("start", _("开始日期不能晚于今天"))
    if not reason.strip():
        raise field_error("reason", _("请填写隔离原因"))
    if not doctor.strip():
        raise field_error("doctor", _("请填写责任医生"))
    area = person.area
    _check_grid_worker(grid_worker, area)
    with transaction.atomic():
        ensure_visible(by, person, CONTROL)
        if IsolationOrder.objects.active().filter(person=person).exists():
            raise field_error("person", _("该人员已在居家隔离中"))
        order = IsolationOrder(
            person=person,
            area=area,
            start=start,
            days=days,
            reason=reason.strip(),
            grid_worker=grid_worker,
            doctor=doctor.strip(),
            created_by=by,
        )
        order._history_user = by
        order.save()
        measure_change(
            person=person,
            measure=Measure.HOME_ISOLATION,
            start=start,
            end=order.planned_end,
            reason=reason.strip(),
            by=by,
        )
    return order


def _active(order: IsolationOrder) -> None:
    if order.status != OrderStatus.ACTIVE:
        raise ValidationError(_("该居家隔离已结束"))


# --- the commitment letter -------------------------------------------------------------


def commitment_template(area: Area) -> CommitmentTemplate:
    """The newest template of the district the area lies in, or the default text."""
    district_path = area.path.split(".")[0]
    found = CommitmentTemplate.objects.filter(
        district__path=district_path, district__level=AreaLevel.DISTRICT
    ).first()
    return found or DEFAULT_COMMITMENT


#: What a letter's text may name, filled in from the order when it is shown to sign.
COMMITMENT_FIELDS = ("name", "start", "end", "days", "address")


def commitment_template_save(*, district: Area, title: str, text: str, by) -> CommitmentTemplate:
    """A new version of the district's letter; letters already signed keep theirs."""
    if district.level != AreaLevel.DISTRICT:
        raise field_error("district", _("承诺书模板按区设置"))
    if not title.strip():
        raise field_error("title", _("请填写标题"))
    sample = dict.fromkeys(COMMITMENT_FIELDS, "")
    try:
        text.format(**sample)
    except (KeyError, IndexError, ValueError):
        raise field_error(
            "text", _("正文只能使用 {name}、{start}、{end}、{days}、{address}，且括号要成对")
        ) from None
    if not text.strip():
        raise field_error("text", _("请填写正文"))
    with transaction.atomic():
        ensure_visible(by, district, MANAGE_AREAS)
        version = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        count = CommitmentTemplate.objects.filter(district=district).count()
        template = CommitmentTemplate(
            district=district, version=f"{version}-{count + 1}", title=title.strip(), text=text
        )
        template._history_user = by
        template.save()
    return template


def commitment_text(order: IsolationOrder) -> tuple[CommitmentTemplate, str]:
    template = commitment_template(order.area)
    text = template.text.format(
        name=order.person.name,
        address=order.area.name + (order.person.room or ""),
        start=order.start.isoformat(),
        end=order.planned_end.isoformat(),
        days=order.days,
    )
    return template, f"{template.title}\n\n{text}"


def commitment_sign(*, order: IsolationOrder, signer_name: str, image: str, request=None):
    """The resident signs the letter on his phone (from a link the grid worker gave him):
    the signature keeps the exact text, its version and SHA-256, the time and device."""
    _active(order)
    if order.signature_id:
        raise field_error("signature", _("承诺书已签署"))
    if signer_name.strip() != order.person.name:
        raise field_error("signer_name", _("签署人姓名与隔离人员不一致"))
    template, text = commitment_text(order)
    with transaction.atomic():
        locked = IsolationOrder.objects.select_for_update().get(pk=order.pk)
        if locked.signature_id:
            raise field_error("signature", _("承诺书已签署"))
        signature = signature_record(
            document=COMMITMENT_DOCUMENT,
            text_version=template.version,
            text=text,
            signer_name=signer_name,
            image=image,
            request=request,
        )
        locked.signature = signature
        locked._history_user = None
        locked.save(update_fields=["signature"])
    order.signature = signature
    return signature


# --- follow-ups ------------------------------------------------------------------------


def follow_up_record(
    *,
    order: IsolationOrder,
    day: date,
    slot: str,
    temperature,
    by,
    symptoms: str = "",
    needs_food: bool = False,
    needs_medicine: bool = False,
    needs_psychological: bool = False,
    note: str = "",
) -> FollowUp:
    """A visit or call; a fever records the person's health state, which alerts the
    community."""
    _active(order)
    if slot not in Slot.values:
        raise field_error("slot", _("未知的时段"))
    temperature = checked_temperature(temperature)
    if temperature is None:
        raise field_error("temperature", _("请填写体温"))
    if day > timezone.localdate():
        raise field_error("day", _("日期不能晚于今天"))
    if not order.start <= day <= order.planned_end:
        raise field_error("day", _("日期不在隔离期内"))
    with transaction.atomic():
        ensure_visible(by, order, CHANGE)
        if FollowUp.objects.filter(order=order, day=day, slot=slot).exists():
            raise field_error("slot", _("该时段已有随访记录"))
        follow_up = FollowUp(
            order=order,
            day=day,
            slot=slot,
            temperature=temperature,
            symptoms=symptoms.strip(),
            needs_food=needs_food,
            needs_medicine=needs_medicine,
            needs_psychological=needs_psychological,
            note=note.strip(),
            recorded_by=by,
        )
        follow_up._history_user = by
        follow_up.save()
        if is_fever(temperature):
            health_state_record(
                person=order.person,
                state=HealthState.FEVER,
                on=day,
                source=HealthSource.FOLLOW_UP,
                temperature=temperature,
                by=by,
            )
    return follow_up


def slot_deadline(day: date, slot: str) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, datetime.min.time()) + timedelta(hours=SLOT_DUE_HOUR[slot])
    )


def missed_follow_ups_alert(*, now: datetime | None = None) -> int:
    """Alert each community of every active order with a slot past its hour and no
    follow-up (one open alert per order). Runs every few hours."""
    from shouwang.isolation.selectors import missed_slots

    raised = 0
    for order, slots in missed_slots(now=now or timezone.now()):
        listed = list_of(f"{day} {Slot(slot).label}" for day, slot in slots[:4])
        if community_alert(
            person=order.person,
            kind="missed_follow_up",
            title=_("%(name)s 居家隔离随访逾期") % {"name": order.person.name},
            body=_("逾期时段：%(slots)s") % {"slots": listed},
        ):
            raised += 1
    return raised


# --- changes to the order --------------------------------------------------------------


def isolation_extend(*, order: IsolationOrder, days: int, reason: str, by) -> IsolationOrder:
    _active(order)
    if not reason.strip():
        raise field_error("reason", _("请填写延长原因"))
    if days < 1:
        raise field_error("days", _("延长天数至少 1 天"))
    _check_days(order.days + days)
    with transaction.atomic():
        ensure_visible(by, order, CONTROL)
        order.days += days
        order.reason = f"{order.reason}；{_('延长')} {days} {_('天')}：{reason.strip()}"[:300]
        order._history_user = by
        order.save(update_fields=["days", "reason"])
        # The person's timeline and the measures chart read the planned end from here.
        record = MeasureRecord.objects.filter(
            person=order.person_id, is_active=True, measure=Measure.HOME_ISOLATION
        ).first()
        if record is not None:
            record.end = order.planned_end
            record._history_user = by
            record.save(update_fields=["end"])
    return order


def isolation_end(
    *, order: IsolationOrder, outcome: str, on: date, note: str, by
) -> IsolationOrder:
    """Release (at term or early) or transfer to centralised quarantine or hospital; the
    person's measure follows."""
    _active(order)
    if outcome not in OrderOutcome.values:
        raise field_error("outcome", _("未知的结束方式"))
    if on < order.start:
        raise field_error("on", _("结束日期不能早于开始日期"))
    if on > timezone.localdate():
        raise field_error("on", _("结束日期不能晚于今天"))
    if outcome == OrderOutcome.RELEASED and on < order.planned_end:
        raise field_error("outcome", _("未满隔离期，请选择提前解除并说明原因"))
    if outcome != OrderOutcome.RELEASED and not note.strip():
        raise field_error("note", _("请填写说明"))
    with transaction.atomic():
        ensure_visible(by, order, CONTROL)
        order.status, order.outcome, order.ended_on = OrderStatus.ENDED, outcome, on
        order.end_note = note.strip()
        order._history_user = by
        order.save(update_fields=["status", "outcome", "ended_on", "end_note"])
        measure_change(
            person=order.person,
            measure=_OUTCOME_MEASURES[outcome],
            start=on,
            reason=str(OrderOutcome(outcome).label) + (f"：{note.strip()}" if note.strip() else ""),
            by=by,
        )
    return order
