"""A person's timelines: control measures, health states, episodes and history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.choices import Role
from shouwang.core.errors import field_error
from shouwang.core.models import AlertLevel
from shouwang.core.roles import CHANGE, CONTROL
from shouwang.core.scoping import ensure_visible
from shouwang.core.services.alerts import alert_raise
from shouwang.people.choices import EpisodeKind, HealthSource, HealthState, HistoryKind, Measure
from shouwang.people.health import checked_temperature, is_fever
from shouwang.people.models import (
    Episode,
    HealthStateRecord,
    HistoryEntry,
    MeasureRecord,
    Person,
)
from shouwang.people.regions import resolve_region
from shouwang.people.selectors import community_of


def _locked(person: Person, by, permission: str = CHANGE) -> Person:
    """The person row locked for this transaction, after checking the writer holds
    ``permission`` over it: timelines of one person are written one at a time."""
    ensure_visible(by, person, permission)
    return Person.objects.select_for_update().get(pk=person.pk)


def _check_span(start: date, end: date | None, *, start_field: str, end_field: str) -> None:
    if start > timezone.localdate():
        raise field_error(start_field, _("日期不能晚于今天"))
    if end is not None and end < start:
        raise field_error(end_field, _("结束日期不能早于开始日期"))


def _check_choice(value: str, choices, field: str) -> None:
    if value not in choices.values:
        raise field_error(field, _("未知的选项：%(value)s") % {"value": value})


def measure_change(
    *, person: Person, measure: str, start: date, reason: str, by, end: date | None = None
) -> MeasureRecord:
    """Put the person under ``measure`` from ``start``: the active measure ends that day
    and stays in the timeline; the new one becomes the only active one."""
    _check_choice(measure, Measure, "measure")
    if measure == Measure.NONE:
        # 无 is a person never put under a measure. One ends as 已解除: a person back at
        # 无 would drop out of the boards below the district, which find the persons
        # with records by their measure (the partial index on it).
        raise field_error("measure", _("结束管控措施请选择“已解除”"))
    if not reason.strip():
        raise field_error("reason", _("请填写原因"))
    if end is not None and end < start:
        raise field_error("end", _("结束日期不能早于开始日期"))
    with transaction.atomic():
        locked = _locked(person, by, CONTROL)
        current = MeasureRecord.objects.filter(person=locked, is_active=True).first()
        if current is not None:
            if start < current.start:
                raise field_error(
                    "start",
                    _("开始日期不能早于当前措施的开始日期（%(day)s）") % {"day": current.start},
                )
            current.is_active = False
            current.end = start if current.end is None or current.end > start else current.end
            current._history_user = by
            current.save(update_fields=["is_active", "end"])
        record = MeasureRecord(
            person=locked,
            measure=measure,
            start=start,
            end=end,
            reason=reason.strip(),
            recorded_by=by,
        )
        record._history_user = by
        record.save()
        Person.objects.filter(pk=locked.pk).update(measure=measure, updated_at=timezone.now())
    person.measure = measure
    return record


def history_place_correct(*, entry: HistoryEntry, place: str, by) -> HistoryEntry:
    """The place of a history entry written again (a typo, a place given in part): its
    region found again and the rules evaluated again. The place it had stays in the
    entry's history."""
    from shouwang.people.services.risk import person_evaluate

    if not place.strip():
        raise field_error("place", _("请填写地点"))
    region = resolve_region(place)
    with transaction.atomic():
        locked = _locked(entry.person, by)
        if not entry.history.exists():
            # Written in bulk (a manifest, the demo), it has no history row yet: one for the
            # place it had first, or the correction would be the first thing it remembers.
            HistoryEntry.history.bulk_history_create([entry], default_date=entry.created_at)
        entry.place = place.strip()
        entry.region_code, entry.region_name = region if region else ("", "")
        entry._history_user = by
        entry.save(update_fields=["place", "region_code", "region_name"])
        person_evaluate(person=locked, by=by)
    return entry


def health_state_record(
    *,
    person: Person,
    state: str,
    on: date,
    source: str,
    by,
    temperature=None,
) -> HealthStateRecord:
    """Add a health state to the person's timeline. A temperature at or above 37.3 °C
    records a fever (when no graver state is given) and alerts the community."""
    from shouwang.people.services.risk import person_evaluate

    _check_choice(state, HealthState, "state")
    _check_choice(source, HealthSource, "source")
    temperature = checked_temperature(temperature)
    if on > timezone.localdate():
        raise field_error("on", _("日期不能晚于今天"))
    if is_fever(temperature) and state == HealthState.NORMAL:
        state = HealthState.FEVER
    with transaction.atomic():
        locked = _locked(person, by)
        record = HealthStateRecord(
            person=locked,
            state=state,
            on=on,
            temperature=temperature,
            source=source,
            recorded_by=by,
        )
        record._history_user = by
        record.save()
        newer = HealthStateRecord.objects.filter(person=locked, on__gt=on).exists()
        if not newer:
            Person.objects.filter(pk=locked.pk).update(health_state=state)
            person.health_state = state
        if is_fever(temperature):
            transaction.on_commit(lambda: fever_alert(locked, temperature, source))
        person_evaluate(person=locked, by=by)
    return record


def community_alert(*, person: Person, kind: str, title: str, body: str = "", level=None):
    """An alert about ``person`` to the officers of his community."""
    community = community_of(person.area)
    if community is None:
        return None
    return alert_raise(
        kind=kind,
        area=community,
        role=Role.COMMUNITY_OFFICER,
        title=title,
        body=body,
        subject=f"people.person:{person.pk}",
        link=reverse("people:person_detail", args=[person.pk]),
        level=level or AlertLevel.WARNING,
    )


def fever_alert(person: Person, temperature, source: str) -> None:
    community_alert(
        person=person,
        kind="fever",
        title=_("%(name)s 体温 %(temperature)s °C")
        % {"name": person.name, "temperature": temperature},
        body=_("来源：%(source)s") % {"source": HealthSource(source).label},
        level=AlertLevel.URGENT,
    )


def episode_record(
    *,
    person: Person,
    kind: str,
    started_on: date,
    by,
    ended_on: date | None = None,
    origin: str = "",
    note: str = "",
) -> Episode:
    """An arrival, screening or exposure. An arrival's date feeds the list's filter."""
    _check_choice(kind, EpisodeKind, "kind")
    _check_span(started_on, ended_on, start_field="started_on", end_field="ended_on")
    region = resolve_region(origin)
    with transaction.atomic():
        locked = _locked(person, by)
        episode = Episode(
            person=locked,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            origin=origin.strip(),
            origin_code=region[0] if region else "",
            note=note.strip(),
            recorded_by=by,
        )
        episode._history_user = by
        episode.save()
        if kind == EpisodeKind.ARRIVAL and (
            locked.last_arrival_on is None or started_on > locked.last_arrival_on
        ):
            Person.objects.filter(pk=locked.pk).update(last_arrival_on=started_on)
            person.last_arrival_on = started_on
    return episode


def history_entry_record(
    *,
    person: Person,
    kind: str,
    place: str,
    from_date: date,
    by,
    to_date: date | None = None,
    episode: Episode | None = None,
    note: str = "",
    evaluate: bool = True,
) -> HistoryEntry:
    """Travel, residence or contact history; the place is resolved to a region code
    where the text names one, and the rules are evaluated again."""
    from shouwang.people.services.risk import person_evaluate

    _check_choice(kind, HistoryKind, "kind")
    if not place.strip():
        raise field_error("place", _("请填写地点"))
    _check_span(from_date, to_date, start_field="from_date", end_field="to_date")
    if episode is not None and episode.person_id != person.pk:
        raise ValidationError(_("事件不属于该人员"))
    region = resolve_region(place)
    with transaction.atomic():
        locked = _locked(person, by)
        entry = HistoryEntry(
            person=locked,
            episode=episode,
            kind=kind,
            place=place.strip(),
            region_code=region[0] if region else "",
            region_name=region[1] if region else "",
            from_date=from_date,
            to_date=to_date,
            note=note.strip(),
            recorded_by=by,
        )
        entry._history_user = by
        entry.save()
        if evaluate:
            person_evaluate(person=locked, by=by)
    return entry
