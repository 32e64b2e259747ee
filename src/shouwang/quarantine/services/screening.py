"""Mass screening: the event, its manifest upload, temperatures, flags by the risk rules,
and the allocation of the flagged to sites in one action."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_POSTS, PORT_DUTY, SITE_DUTY
from shouwang.core.scoping import ensure_visible, holds
from shouwang.core.services.imports import import_job_create
from shouwang.people.choices import HealthSource, HealthState
from shouwang.people.health import checked_temperature
from shouwang.people.models import Person
from shouwang.people.services import health_state_record, persons_evaluate
from shouwang.quarantine.choices import EventKind, RoomState, StaySource
from shouwang.quarantine.manifest import ManifestImporter
from shouwang.quarantine.models import ManifestUpload, Room, ScreeningEntry, ScreeningEvent, Site
from shouwang.quarantine.services.common import require_duty
from shouwang.quarantine.services.loop import site_free_beds
from shouwang.quarantine.services.stays import check_in


def screening_event_create(
    *, name: str, kind: str, area: Area, held_on: date, by, note: str = ""
) -> ScreeningEvent:
    if not name.strip():
        raise field_error("name", _("请填写名称"))
    if kind not in EventKind.values:
        raise field_error("kind", _("未知的筛查类型"))
    event = ScreeningEvent(
        name=name.strip(), kind=kind, area=area, held_on=held_on, note=note.strip(), created_by=by
    )
    with transaction.atomic():
        event._history_user = by
        event.save()
        ensure_visible(by, event, MANAGE_POSTS)
    return event


def manifest_upload_create(*, event: ScreeningEvent, upload, by, language: str):
    """The manifest through the shared import framework: validation in the background,
    preview, the row errors as a file, and the choice of good rows or nothing."""
    with transaction.atomic():
        ensure_visible(by, event, MANAGE_POSTS)
        job = import_job_create(
            kind=ManifestImporter.kind, upload=upload, area=event.area, by=by, language=language
        )
        ManifestUpload.objects.create(event=event, job=job)
    return job


def _may_screen(by, event: ScreeningEvent) -> bool:
    return by is None or holds(by, PORT_DUTY, event) or holds(by, MANAGE_POSTS, event)


def screening_temperature_record(*, entry: ScreeningEntry, temperature, by) -> ScreeningEntry:
    """One person's temperature from the keyboard or scanner flow. It goes on his health
    timeline (a fever alerts his community); the rules see it when the event is flagged."""
    if not _may_screen(by, entry.event):
        raise field_error("temperature", _("您不在该筛查现场值守"))
    value = checked_temperature(temperature)
    if value is None:
        raise field_error("temperature", _("请填写体温"))
    with transaction.atomic():
        health_state_record(
            person=entry.person,
            state=HealthState.NORMAL,
            on=min(entry.event.held_on, timezone.localdate()),
            source=HealthSource.STAFF,
            temperature=value,
            by=None,
        )
        entry.temperature = value
        entry.save(update_fields=["temperature"])
    return entry


def screening_flag(*, event: ScreeningEvent, by) -> int:
    """Evaluate the risk rules (residence, travel, contact, fever) for everyone on the
    manifest, in batches; each entry keeps whether he was flagged and why."""
    if not _may_screen(by, event):
        raise field_error("event", _("您不在该筛查现场值守"))
    with transaction.atomic():
        person_ids = list(
            ScreeningEntry.objects.filter(event=event).values_list("person_id", flat=True)
        )
        persons_evaluate(person_ids)
        verdicts = {
            pk: (key, reason)
            for pk, key, reason in Person.objects.filter(pk__in=person_ids).values_list(
                "pk", "is_key_person", "key_reason"
            )
        }
        changed = []
        for entry in ScreeningEntry.objects.filter(event=event).only(
            "pk", "person_id", "flagged", "reasons"
        ):
            flagged, reasons = verdicts[entry.person_id]
            if (entry.flagged, entry.reasons) != (flagged, reasons):
                entry.flagged, entry.reasons = flagged, reasons
                changed.append(entry)
        ScreeningEntry.objects.bulk_update(changed, ["flagged", "reasons"], batch_size=1000)
        event.flagged_at = timezone.now()
        event._history_user = by
        event.save(update_fields=["flagged_at"])
    return sum(1 for key, _reason in verdicts.values() if key)


def _groups(entries: list[ScreeningEntry]) -> list[list[ScreeningEntry]]:
    """A cabin or a family together; someone without a group is a group of one."""
    grouped = defaultdict(list)
    for entry in entries:
        grouped[entry.group.strip() or f"#{entry.pk}"].append(entry)
    return sorted(grouped.values(), key=lambda group: (-len(group), group[0].row))


def _rooms_for(size: int, rooms: list[Room]) -> list[Room] | None:
    """The smallest free room that holds the whole group, else the fewest rooms that do."""
    fitting = [room for room in rooms if room.beds >= size]
    if fitting:
        return [min(fitting, key=lambda room: (room.beds, room.floor, room.number))]
    chosen, left = [], size
    for room in sorted(rooms, key=lambda room: -room.beds):
        chosen.append(room)
        left -= room.beds
        if left <= 0:
            return chosen
    return None


def screening_allocate(*, event: ScreeningEvent, sites: list[Site], by) -> dict:
    """Place every flagged, not yet placed person in one action: groups (cabins, families)
    kept together in one site, in the site with the most free beds that takes the whole
    group. Answers how many were placed per site and how many could not be."""
    if not sites:
        raise field_error("sites", _("请选择隔离点"))
    if by is not None and not holds(by, MANAGE_POSTS, event):
        raise field_error("sites", _("您不能为该筛查事件安置人员"))
    for site in sites:
        require_duty(by, SITE_DUTY, site, "sites")
    placed, unplaced = defaultdict(int), 0
    with transaction.atomic():
        entries = list(
            ScreeningEntry.objects.filter(event=event, flagged=True, stay__isnull=True)
            .select_related("person")
            .order_by("row")
        )
        free = site_free_beds(sites)
        rooms = {
            site.pk: list(
                Room.objects.filter(
                    site=site, state__in=[RoomState.VACANT, RoomState.RESERVED]
                ).order_by("floor", "number")
            )
            for site in sites
        }
        for group in _groups(entries):
            choice = None
            for site in sorted(sites, key=lambda s: -free[s.pk]):
                chosen = _rooms_for(len(group), rooms[site.pk])
                if free[site.pk] >= len(group) and chosen is not None:
                    choice = site, chosen
                    break
            if choice is None:
                unplaced += len(group)
                continue
            site, chosen = choice
            waiting = list(group)
            for room in chosen:
                batch, waiting = waiting[: room.beds], waiting[room.beds :]
                stays = check_in(
                    room=room,
                    persons=[entry.person for entry in batch],
                    by=by,
                    source=StaySource.SCREENING,
                )
                for entry, stay in zip(batch, stays, strict=True):
                    entry.stay = stay
                rooms[site.pk].remove(room)
            ScreeningEntry.objects.bulk_update(group, ["stay"])
            free[site.pk] -= len(group)
            placed[site.name] += len(group)
    return {"placed": dict(placed), "unplaced": unplaced}
