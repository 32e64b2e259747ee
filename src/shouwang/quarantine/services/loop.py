"""The closed loop at a port: handover batches, registration, destination, transfer runs
and the recount on arrival. A person's ``place`` changes only here, one step at a time,
and every difference between a list and a count raises a ``Discrepancy`` with its alert."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.checkpoints.plates import validate_plate
from shouwang.core import pii
from shouwang.core.choices import AreaLevel, DocumentType, Role
from shouwang.core.errors import field_error
from shouwang.core.models import AlertLevel, Area
from shouwang.core.roles import MANAGE_POSTS, PORT_DUTY, SITE_DUTY
from shouwang.core.scoping import ensure_visible, holds
from shouwang.core.services.alerts import alert_close, alert_raise
from shouwang.core.text import list_of
from shouwang.people.choices import MEASURE_STRICTNESS, EpisodeKind, HistoryKind, Measure
from shouwang.people.services import (
    SealedDocument,
    community_alert,
    episode_record,
    history_entry_record,
    measure_change,
    person_evaluate,
)
from shouwang.quarantine.choices import (
    BatchStatus,
    Destination,
    DiscrepancyKind,
    LoopPlace,
    RoomState,
    StaySource,
    StayStatus,
    TransferStatus,
)
from shouwang.quarantine.models import (
    Discrepancy,
    HandoverBatch,
    LoopPerson,
    Port,
    Room,
    Site,
    Stay,
    Transfer,
)
from shouwang.quarantine.services.common import register_writer, require_duty
from shouwang.quarantine.services.stays import check_in, person_for_document
from shouwang.workforce.choices import PostKind
from shouwang.workforce.models import ShiftTemplate
from shouwang.workforce.services import post_create

LOOP_ALERT = "loop_discrepancy"
HOME_DAYS = 14


def port_create(
    *, name: str, area: Area, opens_on: date, template: ShiftTemplate, by, staff_per_shift=30
) -> Port:
    if not name.strip():
        raise field_error("name", _("请填写口岸分流点名称"))
    with transaction.atomic():
        post = post_create(
            kind=PostKind.PORT,
            name=name.strip(),
            area=area,
            template=template,
            staff_per_shift=staff_per_shift,
            by=by,
        )
        port = Port(name=name.strip(), area=area, post=post, opens_on=opens_on)
        port._history_user = by
        port.save()
        ensure_visible(by, port, MANAGE_POSTS)
    return port


# --- discrepancies ---------------------------------------------------------------------


def _discrepancy(
    *, port: Port, kind: str, detail: str, batch=None, transfer=None, loop_person=None, key=""
) -> Discrepancy:
    """Raise at once: an urgent alert to the port's staff, open until someone closes it.
    The same difference found twice (a second scan) stays one discrepancy."""
    subject = f"quarantine.{kind}:{getattr(batch, 'pk', '')}:{getattr(transfer, 'pk', '')}"
    subject += f":{getattr(loop_person, 'pk', '')}:{key}"
    target = transfer or batch
    link = (
        reverse("quarantine:transfer_detail", args=[transfer.pk])
        if transfer is not None
        else reverse("quarantine:batch_detail", args=[batch.pk])
    )
    alert = alert_raise(
        kind=LOOP_ALERT,
        area=port.area,
        role=Role.PORT_STAFF,
        title=_("闭环差异 %(port)s %(target)s：%(kind)s")
        % {"port": port.name, "target": target, "kind": DiscrepancyKind(kind).label},
        body=detail,
        subject=subject[:100],
        link=link,
        level=AlertLevel.URGENT,
    )
    found = Discrepancy.objects.filter(alert=alert, kind=kind).first()
    if found is not None:
        return found
    return Discrepancy.objects.create(
        port=port,
        area=port.area,
        kind=kind,
        batch=batch,
        transfer=transfer,
        loop_person=loop_person,
        detail=detail[:300],
        alert=alert,
    )


# --- handover batches ------------------------------------------------------------------


def _listed_rows(rows: list[dict]) -> list[tuple[dict, SealedDocument]]:
    """The customs list, each line checked; errors name the line and the field."""
    cleaned, seen = [], {}
    for number, row in enumerate(rows, 1):
        name = str(row.get("name") or "").strip()
        if not name:
            raise field_error("persons", _("第 %(n)d 行：请填写姓名") % {"n": number})
        document_type = row.get("document_type") or DocumentType.PASSPORT
        try:
            document = SealedDocument.from_input(document_type, row.get("document_number") or "")
        except ValidationError as error:
            message = error.message_dict.get("document_number", error.messages)[0]
            raise field_error(
                "persons",
                _("第 %(n)d 行 证件号码：%(message)s") % {"n": number, "message": message},
            ) from None
        if document.lookup_hash in seen:
            raise field_error(
                "persons",
                _("第 %(n)d 行 证件号码：与第 %(first)d 行重复")
                % {"n": number, "first": seen[document.lookup_hash]},
            )
        seen[document.lookup_hash] = number
        cleaned.append(({"name": name[:50]}, document))
    return cleaned


def _loop_person(batch: HandoverBatch, name: str, document: SealedDocument, listed: bool):
    return LoopPerson(
        batch=batch,
        area=batch.area,
        name=name,
        document_type=document.document_type,
        document_number=document.normalised,
        document_hash=document.lookup_hash,
        document_masked=document.masked,
        listed=listed,
    )


def batch_create(
    *,
    port: Port,
    reference: str,
    expected_count: int,
    by,
    persons: list[dict] = (),
    handed_over_by: str = "",
    handed_over_at: datetime | None = None,
) -> HandoverBatch:
    """A batch handed over by customs: its count and its list. A list that does not
    match the count is a discrepancy from the first minute."""
    if not reference.strip():
        raise field_error("reference", _("请填写交接单号"))
    if expected_count < 1:
        raise field_error("expected_count", _("交接人数至少为1"))
    listed = _listed_rows(list(persons))
    with transaction.atomic():
        require_duty(by, PORT_DUTY, port, "port")
        if not port.is_open():
            raise field_error("port", _("该口岸分流点未启用或已撤点"))
        if HandoverBatch.objects.filter(port=port, reference=reference.strip()).exists():
            raise field_error("reference", _("该交接单号已登记"))
        batch = HandoverBatch(
            port=port,
            area=port.area,
            reference=reference.strip(),
            handed_over_by=handed_over_by.strip(),
            handed_over_at=handed_over_at or timezone.now(),
            expected_count=expected_count,
            created_by=by,
        )
        batch._history_user = by
        batch.save()
        LoopPerson.objects.bulk_create(
            [_loop_person(batch, row["name"], document, True) for row, document in listed]
        )
        if listed and len(listed) != expected_count:
            _discrepancy(
                port=port,
                kind=DiscrepancyKind.COUNT,
                batch=batch,
                detail=_("交接人数 %(expected)d，名单 %(listed)d 人")
                % {"expected": expected_count, "listed": len(listed)},
            )
    return batch


def _require_receiving(batch: HandoverBatch) -> None:
    if batch.status != BatchStatus.RECEIVING:
        raise field_error("batch", _("该批次已核对完毕，不能再登记"))


def loop_register(
    *,
    batch: HandoverBatch,
    document_number: str,
    by,
    document_type: str = DocumentType.PASSPORT,
    name: str = "",
    phone: str = "",
    nationality: str | None = None,
    origin: str = "",
    home_area: Area | None = None,
) -> tuple[LoopPerson, bool]:
    """Register a person on arrival at the port: scan the document, and he is matched to
    the customs list, entered in the people register once, and given a proposed
    destination. A second scan answers with the first registration. Someone not on the
    list is registered too, and the difference raises an alert."""
    document = SealedDocument.from_input(document_type, document_number)
    _require_receiving(batch)
    require_duty(by, PORT_DUTY, batch, "document_number")
    entry = LoopPerson.objects.filter(batch=batch, document_hash=document.lookup_hash).first()
    if entry is not None and entry.registered_at is not None:
        return entry, False
    if entry is None and not name.strip():
        raise field_error("name", _("该证件不在交接名单内，请填写姓名"))
    if home_area is not None and home_area.level != AreaLevel.BUILDING:
        raise field_error("home_area", _("居住地址应为楼栋"))
    with transaction.atomic():
        if entry is None:
            entry = _loop_person(batch, name.strip()[:50], document, listed=False)
            entry.save()
            _discrepancy(
                port=batch.port,
                kind=DiscrepancyKind.NOT_ON_LIST,
                batch=batch,
                loop_person=entry,
                detail=_("%(name)s（%(document)s）不在交接名单内")
                % {"name": entry.name, "document": entry.document_masked},
            )
        person, _created = person_for_document(
            name=name.strip() or entry.name,
            document_type=document.document_type,
            document_number=document.normalised,
            phone=phone,
            nationality=nationality,
            area=home_area or batch.area,
        )
        today = timezone.localdate()
        episode = episode_record(
            person=person,
            kind=EpisodeKind.ARRIVAL,
            started_on=today,
            origin=origin,
            note=_("口岸交接 %(reference)s") % {"reference": batch.reference},
            by=None,
        )
        if origin.strip():
            history_entry_record(
                person=person,
                kind=HistoryKind.TRAVEL,
                place=origin,
                from_date=today,
                episode=episode,
                by=None,
            )
        else:
            person_evaluate(person=person)
        entry.person, entry.registered_at = person, timezone.now()
        _propose(entry)
        entry._history_user = by
        entry.save()
    return entry, True


def site_free_beds(sites: list[Site]) -> dict[int, int]:
    """Capacity less those staying and those already bound for each site."""
    ids = [site.pk for site in sites]
    staying = dict(
        Stay.objects.filter(site__in=ids, status=StayStatus.ACTIVE)
        .values_list("site")
        .annotate(n=Count("id"))
        .order_by()
    )
    bound = dict(
        LoopPerson.objects.filter(site__in=ids, place__in=[LoopPlace.AT_PORT, LoopPlace.ON_VEHICLE])
        .values_list("site")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {s.pk: s.capacity - staying.get(s.pk, 0) - bound.get(s.pk, 0) for s in sites}


def _propose(entry: LoopPerson) -> None:
    """Home isolation when the rules ask for no more and he has a home in the district;
    otherwise the open site with free beds in his home street, else the one with most."""
    person = entry.person
    port_area = entry.batch.port.area
    district = port_area.path.split(".")[0]
    has_home = person.home_building_id is not None and person.area.path.startswith(district + ".")
    measure = person.proposed_measure or Measure.NONE
    if has_home and MEASURE_STRICTNESS[measure] <= MEASURE_STRICTNESS[Measure.HOME_ISOLATION]:
        entry.destination, entry.site = Destination.HOME, None
        entry.proposal_reason = _("研判建议：%(measure)s；本辖区有住址") % {
            "measure": Measure(measure).label if measure else Measure.NONE.label
        }
        return
    sites = list(
        Site.objects.open_on(timezone.localdate())
        .filter(Q(area__path=district) | Q(area__path__startswith=district + "."))
        .select_related("area")
    )
    free = site_free_beds(sites)
    street = ".".join(person.area.path.split(".")[:2]) if has_home else ""
    candidates = [s for s in sites if free[s.pk] > 0]
    entry.destination = Destination.SITE
    if not candidates:
        entry.site, entry.proposal_reason = None, _("暂无空余床位的隔离点")
        return

    def rank(site):
        in_street = bool(street) and (site.area.path + ".").startswith(street + ".")
        return (in_street, free[site.pk])

    entry.site = max(candidates, key=rank)
    entry.proposal_reason = _("空余 %(free)d 床%(street)s") % {
        "free": free[entry.site.pk],
        "street": _("，居住街道内") if rank(entry.site)[0] else "",
    }
    if person.key_reason:
        entry.proposal_reason = f"{entry.proposal_reason}；{person.key_reason}"[:300]


def loop_confirm(
    *, entries: list[LoopPerson], by, destination: str = "", site: Site | None = None
) -> int:
    """Confirm the proposed destinations, or set one for all of ``entries``."""
    if destination and destination not in Destination.values:
        raise field_error("destination", _("未知的去向"))
    if destination == Destination.SITE and site is None:
        raise field_error("site", _("请选择隔离点"))
    with transaction.atomic():
        for entry in entries:
            require_duty(by, PORT_DUTY, entry, "entries")
            if entry.place != LoopPlace.AT_PORT or entry.registered_at is None:
                raise field_error(
                    "entries", _("%(name)s 不在口岸待分流，不能确认去向") % {"name": entry.name}
                )
            if destination:
                entry.destination = destination
                entry.site = site if destination == Destination.SITE else None
                entry.proposal_reason = _("人工指定")
            if entry.destination == Destination.SITE and entry.site is None:
                raise field_error("site", _("%(name)s 尚无目的隔离点") % {"name": entry.name})
            entry.confirmed = True
            entry._history_user = by
            entry.save(update_fields=["destination", "site", "proposal_reason", "confirmed"])
    return len(entries)


# --- transfer runs ---------------------------------------------------------------------


def transfer_create(
    *, port: Port, plate: str, escort: str, entries: list[LoopPerson], by
) -> Transfer:
    """A vehicle and its list: everyone on it leaves "at the port" for "on this vehicle"."""
    try:
        plate = validate_plate(plate)
    except ValidationError as error:
        raise field_error("plate", error.messages[0]) from None
    if not escort.strip():
        raise field_error("escort", _("请填写跟车人员"))
    if not entries:
        raise field_error("entries", _("请选择上车人员"))
    destinations = {(entry.destination, entry.site_id) for entry in entries}
    if len(destinations) != 1:
        raise field_error("entries", _("同一车辆只能前往一个目的地"))
    destination, site_id = destinations.pop()
    with transaction.atomic():
        require_duty(by, PORT_DUTY, port, "plate")
        locked = list(
            LoopPerson.objects.select_for_update()
            .select_related("batch")
            .filter(pk__in=[e.pk for e in entries])
        )
        not_ready = [
            e.name
            for e in locked
            if e.place != LoopPlace.AT_PORT or not e.confirmed or e.batch.port_id != port.pk
        ]
        if not_ready:
            raise field_error(
                "entries",
                _("以下人员不在口岸或去向未确认：%(names)s") % {"names": list_of(not_ready)},
            )
        transfer = Transfer(
            port=port,
            area=port.area,
            destination=destination,
            site_id=site_id,
            plate=plate,
            escort=escort.strip()[:100],
        )
        transfer._history_user = by
        transfer.save()
        LoopPerson.objects.filter(pk__in=[e.pk for e in locked]).update(
            place=LoopPlace.ON_VEHICLE, transfer=transfer
        )
    return transfer


def transfer_depart(*, transfer: Transfer, by, departed_at: datetime | None = None) -> Transfer:
    with transaction.atomic():
        require_duty(by, PORT_DUTY, transfer, "transfer")
        locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status == TransferStatus.DEPARTED:
            return locked
        if locked.status != TransferStatus.LOADING:
            raise field_error("transfer", _("该车辆已清点完毕"))
        locked.status, locked.departed_at = TransferStatus.DEPARTED, departed_at or timezone.now()
        locked._history_user = by
        locked.save(update_fields=["status", "departed_at"])
    transfer.status, transfer.departed_at = locked.status, locked.departed_at
    return locked


def _may_recount(by, transfer: Transfer) -> bool:
    """The escort (port staff) or the receiving site's staff."""
    if by is None or holds(by, PORT_DUTY, transfer):
        return True
    return transfer.site is not None and holds(by, SITE_DUTY, transfer.site)


def transfer_recount(
    *, transfer: Transfer, document_number: str, by, document_type: str = DocumentType.PASSPORT
) -> LoopPerson:
    """Count one person off the vehicle at the destination: he is checked in (a bed at the
    site) or handed over to home isolation. Someone not on this vehicle is refused, and
    the difference raises an alert that stays open."""
    if not _may_recount(by, transfer):
        raise field_error("document_number", _("您不在该口岸或目的隔离点值守，不能清点"))
    try:
        normalised = pii.validate_document(document_type, document_number)
    except ValidationError as error:
        raise field_error("document_number", error.messages[0]) from None
    document_hash = pii.document_hash(document_type, normalised)
    transfer.refresh_from_db(fields=["status"])
    if transfer.status != TransferStatus.DEPARTED:
        raise field_error("transfer", _("车辆未发车或已清点完毕"))
    entry = (
        LoopPerson.objects.filter(transfer=transfer, document_hash=document_hash)
        .select_related("person")
        .first()
    )
    if entry is None:
        with transaction.atomic():
            _discrepancy(
                port=transfer.port,
                kind=DiscrepancyKind.NOT_ON_VEHICLE,
                transfer=transfer,
                key=document_hash[:12],
                detail=_("清点到非本车人员（证件 %(document)s）")
                % {"document": pii.mask_document(document_type, normalised)},
            )
        raise field_error("document_number", _("该人员不在本车名单上，已上报差异"))
    if entry.recounted_at is not None:
        return entry
    with transaction.atomic():
        locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != TransferStatus.DEPARTED:
            raise field_error("transfer", _("车辆未发车或已清点完毕"))
        now = timezone.now()
        if transfer.destination == Destination.SITE:
            room = _free_room(transfer.site)
            if room is None:
                raise field_error("document_number", _("目的隔离点已无空余房间"))
            entry.stay = check_in(
                room=room, persons=[entry.person], by=by, source=StaySource.PORT_LOOP
            )[0]
            entry.place = LoopPlace.CHECKED_IN
        else:
            _home_isolation(entry, transfer, by)
            entry.place = LoopPlace.HOME
        entry.recounted_at = now
        entry._history_user = by
        entry.save(update_fields=["stay", "place", "recounted_at"])
    return entry


def _free_room(site: Site) -> Room | None:
    return (
        Room.objects.filter(site=site, state__in=[RoomState.VACANT, RoomState.RESERVED])
        .order_by("floor", "number")
        .first()
    )


def _home_isolation(entry: LoopPerson, transfer: Transfer, by) -> None:
    person = entry.person
    today = timezone.localdate()
    measure_change(
        person=person,
        measure=Measure.HOME_ISOLATION,
        start=today,
        end=today + timedelta(days=HOME_DAYS - 1),
        reason=_("口岸闭环转运送达居家（%(plate)s）") % {"plate": transfer.plate},
        by=register_writer(by, person),
    )
    transaction.on_commit(
        lambda: community_alert(
            person=person,
            kind="quarantine_home_isolation",
            title=_("%(name)s 已由口岸转运送达，请落实居家隔离") % {"name": person.name},
        )
    )


def _mark_missing(entries, *, port: Port, kind: str, detail: str, by, **about) -> None:
    """Each of ``entries`` is now missing, with a discrepancy and its alert each."""
    for entry in entries:
        entry.place = LoopPlace.MISSING
        entry._history_user = by
        entry.save(update_fields=["place"])
        _discrepancy(
            port=port,
            kind=kind,
            loop_person=entry,
            detail=detail % {"name": entry.name, "document": entry.document_masked},
            **about,
        )


def loop_person_found(*, entry: LoopPerson, note: str, by) -> LoopPerson:
    """A missing person found and brought back to the port: he waits there for a
    destination again (confirmed anew), and his discrepancies close with ``note``."""
    if not note.strip():
        raise field_error("note", _("请填写在何处找到、如何送回"))
    with transaction.atomic():
        require_duty(by, PORT_DUTY, entry, "entry")
        locked = LoopPerson.objects.select_for_update().get(pk=entry.pk)
        if locked.place != LoopPlace.MISSING:
            raise field_error("entry", _("%(name)s 没有记为缺失") % {"name": locked.name})
        locked.place, locked.transfer, locked.confirmed = LoopPlace.AT_PORT, None, False
        locked.registered_at = locked.registered_at or timezone.now()
        locked._history_user = by
        locked.save(update_fields=["place", "transfer", "confirmed", "registered_at"])
        resolution = _("已找到：%(note)s") % {"note": note.strip()}
        for discrepancy in locked.discrepancies.unresolved().select_related("alert"):
            alert_close(alert=discrepancy.alert, by=by, resolution=resolution)
    return locked


def transfer_finish(*, transfer: Transfer, by) -> Transfer:
    """Close the recount: whoever was on the list and was not counted is missing, each
    with an alert."""
    if not _may_recount(by, transfer):
        raise field_error("transfer", _("您不在该口岸或目的隔离点值守，不能清点"))
    with transaction.atomic():
        locked = Transfer.objects.select_for_update().select_related("port").get(pk=transfer.pk)
        if locked.status != TransferStatus.DEPARTED:
            raise field_error("transfer", _("车辆未发车或已清点完毕"))
        _mark_missing(
            LoopPerson.objects.filter(transfer=locked, recounted_at__isnull=True),
            port=locked.port,
            kind=DiscrepancyKind.MISSING_ON_ARRIVAL,
            detail=_("%(name)s（%(document)s）上车但到达时未清点到"),
            by=by,
            transfer=locked,
        )
        locked.status, locked.arrived_at = TransferStatus.ARRIVED, timezone.now()
        locked._history_user = by
        locked.save(update_fields=["status", "arrived_at"])
    return locked


def batch_close(*, batch: HandoverBatch, by) -> HandoverBatch:
    """End the registration of a batch: listed persons never registered are missing, and
    a registered count other than the handed-over count is a discrepancy."""
    with transaction.atomic():
        require_duty(by, PORT_DUTY, batch, "batch")
        locked = HandoverBatch.objects.select_for_update().select_related("port").get(pk=batch.pk)
        _require_receiving(locked)
        _mark_missing(
            LoopPerson.objects.filter(batch=locked, registered_at__isnull=True),
            port=locked.port,
            kind=DiscrepancyKind.NOT_REGISTERED,
            detail=_("%(name)s（%(document)s）在交接名单内但未到口岸登记"),
            by=by,
            batch=locked,
        )
        registered = LoopPerson.objects.filter(batch=locked, registered_at__isnull=False).count()
        if registered != locked.expected_count:
            _discrepancy(
                port=locked.port,
                kind=DiscrepancyKind.COUNT,
                batch=locked,
                detail=_("交接人数 %(expected)d，实际登记 %(registered)d 人")
                % {"expected": locked.expected_count, "registered": registered},
            )
        locked.status, locked.closed_at = BatchStatus.CLOSED, timezone.now()
        locked._history_user = by
        locked.save(update_fields=["status", "closed_at"])
    return locked
