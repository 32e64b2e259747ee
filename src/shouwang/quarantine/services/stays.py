"""Check-in, daily health logs, attention, check-out. The person's control measure in the
people register follows each step (``people.services.measure_change``)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shouwang.core.choices import DocumentType, Role
from shouwang.core.errors import field_error
from shouwang.core.models import AlertLevel, Area
from shouwang.core.roles import SITE_DUTY
from shouwang.core.services.alerts import alert_raise
from shouwang.core.text import list_of
from shouwang.people.choices import HealthSource, HealthState, Measure, Symptom
from shouwang.people.health import checked_temperature, is_fever
from shouwang.people.models import MeasureRecord, Person
from shouwang.people.services import (
    SealedDocument,
    community_alert,
    health_state_record,
    measure_change,
    person_register,
)
from shouwang.quarantine.choices import (
    RoomState,
    SampleKind,
    SampleResult,
    StayOutcome,
    StaySource,
    StayStatus,
)
from shouwang.quarantine.models import HealthLog, Room, Site, Stay
from shouwang.quarantine.services.common import register_writer, require_duty
from shouwang.quarantine.services.sites import room_free_after_check_out

DEFAULT_DAYS = 14
MAX_DAYS = 28
SITE_ALERT = "quarantine_site"

OUTCOME_MEASURES = {
    StayOutcome.RELEASED: Measure.RELEASED,
    StayOutcome.HOSPITAL: Measure.HOSPITAL,
    StayOutcome.HOME_ISOLATION: Measure.HOME_ISOLATION,
}


def person_for_document(
    *,
    name: str,
    document_type: str,
    document_number: str,
    area: Area,
    phone: str = "",
    nationality: str | None = None,
) -> tuple[Person, bool]:
    """The register's person with this document, or a new one filed at ``area`` (where he
    now is). A known person is never moved or overwritten from a site or a port: his
    record belongs to his community."""
    document = SealedDocument.from_input(document_type or DocumentType.RESIDENT_ID, document_number)
    person = Person.objects.filter(document_hash=document.lookup_hash).first()
    if person is not None:
        return person, False
    return person_register(
        name=name,
        document_type=document.document_type,
        document_number=document.normalised,
        phone=phone,
        area=area,
        nationality=nationality,
        by=None,
    )


def _planned_end(person: Person, site: Site, start: date, days: int, by) -> date:
    """A person already under centralised quarantine (moved from another site) keeps his
    planned end; anyone else starts one of ``days`` days today."""
    current = MeasureRecord.objects.filter(person=person, is_active=True).first()
    if (
        current is not None
        and current.measure == Measure.CENTRALISED_QUARANTINE
        and current.end is not None
        and current.end >= start
    ):
        return current.end
    end = start + timedelta(days=days - 1)
    measure_change(
        person=person,
        measure=Measure.CENTRALISED_QUARANTINE,
        start=start,
        end=end,
        reason=_("入住%(site)s") % {"site": site.name},
        by=register_writer(by, person),
    )
    return end


def check_in(
    *,
    room: Room,
    persons: list[Person],
    by,
    days: int = DEFAULT_DAYS,
    source: str = StaySource.DIRECT,
    at: datetime | None = None,
) -> list[Stay]:
    """The check-in itself, for callers that checked the writer's duty (a recount at the
    site by the escort, an allocation by the district). The site's row is locked: two
    check-ins to one site run one after the other, so its capacity and a room's beds can
    never be exceeded, however many staff press the button at once."""
    if not persons:
        raise field_error("person", _("请选择入住人员"))
    if len({p.pk for p in persons}) != len(persons):
        raise field_error("person", _("同一人员不能重复入住"))
    if not 1 <= days <= MAX_DAYS:
        raise field_error(
            "days",
            pgettext("centralised quarantine", "隔离天数应在 1 至 %(max)d 天之间")
            % {"max": MAX_DAYS},
        )
    at = at or timezone.now()
    today = timezone.localdate(at)
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=room.site_id)
        if not site.is_open(today):
            raise field_error("room", _("该隔离点未启用或已撤点，不能入住"))
        room = Room.objects.get(pk=room.pk)
        if room.state == RoomState.OCCUPIED:
            raise field_error("room", _("房间 %(room)s 已有人入住") % {"room": room.number})
        if room.state in (RoomState.CLEANING, RoomState.MAINTENANCE):
            raise field_error(
                "room",
                _("房间 %(room)s %(state)s，不能入住")
                % {"room": room.number, "state": room.get_state_display()},
            )
        if len(persons) > room.beds:
            raise field_error(
                "room",
                _("房间 %(room)s 只有 %(beds)d 张床位") % {"room": room.number, "beds": room.beds},
            )
        staying = Stay.objects.filter(site=site, status=StayStatus.ACTIVE).count()
        if staying + len(persons) > site.capacity:
            raise field_error(
                "room",
                _("%(site)s 已满（%(staying)d/%(capacity)d）")
                % {"site": site.name, "staying": staying, "capacity": site.capacity},
            )
        elsewhere = (
            Stay.objects.filter(person__in=persons, status=StayStatus.ACTIVE)
            .select_related("site", "person")
            .first()
        )
        if elsewhere is not None:
            raise field_error(
                "person",
                _("%(name)s 正在 %(site)s 隔离")
                % {"name": elsewhere.person.name, "site": elsewhere.site.name},
            )
        stays = []
        for person in persons:
            stay = Stay(
                site=site,
                area=site.area,
                room=room,
                person=person,
                source=source,
                checked_in_at=at,
                planned_end=_planned_end(person, site, today, days, by),
                checked_in_by=by,
            )
            stay._history_user = by
            stay.save()
            stays.append(stay)
        room.state = RoomState.OCCUPIED
        room._history_user = by
        room.save(update_fields=["state"])
    return stays


def stay_check_in(
    *,
    room: Room,
    persons: list[Person],
    by,
    days: int = DEFAULT_DAYS,
    source: str = StaySource.DIRECT,
) -> list[Stay]:
    """Check one person, or a family into one room, at a site where ``by`` is on duty."""
    require_duty(by, SITE_DUTY, room, "room")
    return check_in(room=room, persons=persons, by=by, days=days, source=source)


def _active(stay: Stay) -> None:
    if stay.status != StayStatus.ACTIVE:
        raise ValidationError(_("该人员已离开隔离点"))


def stay_check_out(
    *, stay: Stay, outcome: str, by, note: str = "", to_room: Room | None = None
) -> Stay:
    """Release, hospital, home isolation or another site. The room goes to cleaning when
    it empties, and the person's measure follows the outcome."""
    _active(stay)
    if outcome not in StayOutcome.values:
        raise field_error("outcome", _("未知的去向"))
    today = timezone.localdate()
    if outcome == StayOutcome.TRANSFER and to_room is None:
        raise field_error("to_room", _("请选择转入的隔离点房间"))
    if outcome == StayOutcome.TRANSFER and to_room.site_id == stay.site_id:
        raise field_error("to_room", _("请选择其他隔离点的房间"))
    if outcome == StayOutcome.RELEASED and today < stay.planned_end and not note.strip():
        raise field_error(
            "note", _("未满隔离期（至 %(day)s），请说明原因") % {"day": stay.planned_end}
        )
    with transaction.atomic():
        require_duty(by, SITE_DUTY, stay, "outcome")
        locked = (
            Stay.objects.select_for_update()
            .select_related("room", "site", "person")
            .get(pk=stay.pk)
        )
        _active(locked)
        locked.status, locked.outcome = StayStatus.ENDED, outcome
        locked.checked_out_at, locked.checkout_note = timezone.now(), note.strip()[:300]
        locked._history_user = by
        locked.save(update_fields=["status", "outcome", "checked_out_at", "checkout_note"])
        room_free_after_check_out(locked.room, by)
        person = locked.person
        if outcome == StayOutcome.TRANSFER:
            require_duty(by, SITE_DUTY, to_room, "to_room")
            locked.next_stay = check_in(
                room=to_room, persons=[person], by=by, source=StaySource.TRANSFER
            )[0]
            locked.save(update_fields=["next_stay"])
        else:
            measure_change(
                person=person,
                measure=OUTCOME_MEASURES[outcome],
                start=today,
                reason=_("%(site)s：%(outcome)s")
                % {"site": locked.site.name, "outcome": StayOutcome(outcome).label},
                by=register_writer(by, person),
            )
        if outcome == StayOutcome.HOME_ISOLATION:
            transaction.on_commit(
                lambda: community_alert(
                    person=person,
                    kind="quarantine_home_isolation",
                    title=_("%(name)s 由%(site)s转居家隔离，请落实居家隔离")
                    % {"name": person.name, "site": locked.site.name},
                )
            )
    stay.status, stay.outcome = locked.status, outcome
    return locked


def stay_set_attention(*, stay: Stay, attention: bool, reason: str, by) -> Stay:
    if attention and not reason.strip():
        raise field_error("attention_reason", _("请填写关注原因"))
    with transaction.atomic():
        require_duty(by, SITE_DUTY, stay, "attention")
        stay.attention = attention
        stay.attention_reason = reason.strip()[:200] if attention else ""
        stay._history_user = by
        stay.save(update_fields=["attention", "attention_reason"])
    return stay


def _symptoms(values) -> list[str]:
    values = [v for v in values if v]
    unknown = [v for v in values if v not in Symptom.values]
    if unknown:
        raise field_error("symptoms", _("未知的症状：%(values)s") % {"values": list_of(unknown)})
    return list(dict.fromkeys(values))


def health_log_record(
    *,
    stay: Stay,
    day: date,
    by,
    morning_temperature=None,
    evening_temperature=None,
    symptoms=(),
    sample_kind: str = "",
    sample_result: str = "",
    note: str = "",
) -> HealthLog:
    """The day's log of a person at a site (one per day; a second entry completes it).
    A fever or a positive result marks him for attention, records his health state and
    alerts the site's staff and his community."""
    _active(stay)
    morning = checked_temperature(morning_temperature, "morning_temperature")
    evening = checked_temperature(evening_temperature, "evening_temperature")
    symptoms = _symptoms(symptoms)
    if sample_kind and sample_kind not in SampleKind.values:
        raise field_error("sample_kind", _("未知的采样类型"))
    if sample_result and sample_result not in SampleResult.values:
        raise field_error("sample_result", _("未知的检测结果"))
    if sample_result and not sample_kind:
        raise field_error("sample_kind", _("请填写采样类型"))
    if day > timezone.localdate():
        raise field_error("day", _("日期不能晚于今天"))
    if day < timezone.localdate(stay.checked_in_at):
        raise field_error("day", _("日期早于入住日期"))
    if morning is None and evening is None and not symptoms and not sample_kind and not note:
        raise field_error("morning_temperature", _("请至少填写一次体温或其他记录"))
    with transaction.atomic():
        require_duty(by, SITE_DUTY, stay, "morning_temperature")
        log = HealthLog.objects.select_for_update().filter(stay=stay, day=day).first()
        log = log or HealthLog(stay=stay, area=stay.area, day=day)
        log.morning_temperature = morning if morning is not None else log.morning_temperature
        log.evening_temperature = evening if evening is not None else log.evening_temperature
        log.symptoms = list(dict.fromkeys([*log.symptoms, *symptoms]))
        log.sample_kind = sample_kind or log.sample_kind
        log.sample_result = sample_result or log.sample_result
        log.note = note.strip()[:300] or log.note
        log.recorded_by = by
        log._history_user = by
        log.save()
        _follow_health(stay, log, [t for t in (morning, evening) if t is not None], by)
    return log


def _follow_health(stay: Stay, log: HealthLog, readings, by) -> None:
    person = stay.person
    hottest = max(readings, default=None)
    positive = log.sample_result == SampleResult.POSITIVE
    if not (is_fever(hottest) or positive):
        return
    health_state_record(
        person=person,
        state=HealthState.POSITIVE if positive else HealthState.FEVER,
        on=log.day,
        source=HealthSource.QUARANTINE_SITE,
        temperature=hottest,
        by=register_writer(by, person),
    )
    reason = (
        _("检测阳性（%(day)s）") % {"day": log.day}
        if positive
        else _("发热 %(t)s °C（%(day)s）") % {"t": hottest, "day": log.day}
    )
    stay.attention, stay.attention_reason = True, reason
    stay._history_user = by
    stay.save(update_fields=["attention", "attention_reason"])
    site = stay.site
    transaction.on_commit(
        lambda: alert_raise(
            kind=SITE_ALERT,
            area=site.area,
            role=Role.SITE_STAFF,
            title=_("%(site)s %(room)s %(name)s：%(reason)s")
            % {"site": site.name, "room": stay.room.number, "name": person.name, "reason": reason},
            subject=f"quarantine.stay:{stay.pk}:{log.day}",
            link=reverse("quarantine:stay_detail", args=[stay.pk]),
            level=AlertLevel.URGENT,
        )
    )
