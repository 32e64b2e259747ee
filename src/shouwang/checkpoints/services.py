"""Writes: checkpoints, devices, the watch list, and passages with their flags."""

import hashlib
import json
import secrets
import uuid
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.checkpoints.choices import (
    CheckpointKind,
    Direction,
    FlagKind,
    PassageMode,
    VehicleKind,
)
from shouwang.checkpoints.flags import (
    FEVER_THRESHOLD,
    FlagEvaluator,
    flag_message,
    seat_flags_sql,
)
from shouwang.checkpoints.models import (
    Checkpoint,
    Device,
    HourlyCount,
    Occupant,
    Passage,
    WatchedVehicle,
)
from shouwang.checkpoints.plates import validate_plate
from shouwang.checkpoints.reference import (
    VERSION_SQL,
    VERSIONED_MODELS,
    ReferenceChanged,
    confirm_version,
)
from shouwang.core import pii
from shouwang.core.audit import change_event
from shouwang.core.choices import ChangeAction, DocumentType, Role
from shouwang.core.db import prepared_cursor
from shouwang.core.errors import field_error
from shouwang.core.models import AlertLevel, Area
from shouwang.core.roles import CHECKPOINT_DUTY, MANAGE_POSTS
from shouwang.core.scoping import ensure_visible, holds
from shouwang.core.services.alerts import alert_raise
from shouwang.core.text import list_of
from shouwang.people.selectors import community_of
from shouwang.workforce.choices import PostKind
from shouwang.workforce.models import ShiftTemplate
from shouwang.workforce.services import post_create

MIN_TEMPERATURE, MAX_TEMPERATURE = Decimal("34.0"), Decimal("43.0")
MAX_OCCUPANTS = 60
#: How far a device's clock may run ahead, and how late an offline record may arrive.
CLOCK_SKEW = timedelta(minutes=10)
OFFLINE_LIMIT = timedelta(days=7)
DEVICE_TOKEN_PREFIX = "swd_"
ALERT_KIND = "checkpoint_flag"
# Django builds a choices class's ``values`` anew on each read; a passage reads four.
_DIRECTIONS = frozenset(Direction.values)
_MODES = frozenset(PassageMode.values)
_VEHICLE_KINDS = frozenset(VehicleKind.values)
_DOCUMENT_TYPES = frozenset(DocumentType.values)


# --- checkpoints -----------------------------------------------------------------------


def _check_checkpoint_fields(*, name, kind, area, opens_on, closes_on, closed_groups) -> None:
    if not name.strip():
        raise field_error("name", _("请填写卡点名称"))
    if kind not in CheckpointKind.values:
        raise field_error("kind", _("未知的卡点类型"))
    if closes_on is not None and closes_on < opens_on:
        raise field_error("closes_on", _("撤销日期不能早于启用日期"))
    if closed_groups and kind != CheckpointKind.COMMUNITY_ENCLOSURE:
        raise field_error("closed_groups", _("只有社区封闭卡口才封闭居民小区"))
    outside = [g.name for g in closed_groups if not g.path.startswith(area.path + ".")]
    if outside:
        raise field_error(
            "closed_groups",
            _("不在卡点所属区域内：%(names)s") % {"names": list_of(outside)},
        )


def checkpoint_create(
    *,
    name: str,
    kind: str,
    area: Area,
    opens_on: date,
    template: ShiftTemplate,
    by,
    staff_per_shift: int = 3,
    location: str = "",
    latitude=None,
    longitude=None,
    inbound_label: str = "",
    outbound_label: str = "",
    closes_on: date | None = None,
    closed_groups=(),
) -> Checkpoint:
    closed_groups = list(closed_groups)
    _check_checkpoint_fields(
        name=name,
        kind=kind,
        area=area,
        opens_on=opens_on,
        closes_on=closes_on,
        closed_groups=closed_groups,
    )
    with transaction.atomic():
        post = post_create(
            kind=PostKind.CHECKPOINT,
            name=name.strip(),
            area=area,
            template=template,
            staff_per_shift=staff_per_shift,
            by=by,
        )
        checkpoint = Checkpoint(
            name=name.strip(),
            kind=kind,
            area=area,
            post=post,
            location=location.strip(),
            latitude=latitude,
            longitude=longitude,
            inbound_label=inbound_label.strip() or _("进"),
            outbound_label=outbound_label.strip() or _("出"),
            opens_on=opens_on,
            closes_on=closes_on,
        )
        checkpoint._history_user = by
        checkpoint.save()
        checkpoint.closed_groups.set(closed_groups)
        ensure_visible(by, checkpoint, MANAGE_POSTS)
    return checkpoint


def checkpoint_close(*, checkpoint: Checkpoint, closes_on: date, by) -> Checkpoint:
    """Stand the checkpoint down (撤点) after ``closes_on``, its last open day; its records stay."""
    if closes_on < checkpoint.opens_on:
        raise field_error("closes_on", _("撤销日期不能早于启用日期"))
    with transaction.atomic():
        ensure_visible(by, checkpoint, MANAGE_POSTS)
        checkpoint.closes_on = closes_on
        checkpoint._history_user = by
        checkpoint.save(update_fields=["closes_on"])
    return checkpoint


# --- devices and the watch list --------------------------------------------------------


def device_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def device_create(*, checkpoint: Checkpoint, name: str, by) -> tuple[Device, str]:
    """A device and its token. The token is returned this once and never stored."""
    if not name.strip():
        raise field_error("name", _("请填写设备名称"))
    token = DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)
    device = Device(
        checkpoint=checkpoint,
        name=name.strip(),
        token_prefix=token[: len(DEVICE_TOKEN_PREFIX) + 6],
        token_hash=device_token_hash(token),
        created_by=by,
    )
    with transaction.atomic():
        device._history_user = by
        device.save()
        ensure_visible(by, device, MANAGE_POSTS)
    return device, token


def device_revoke(*, device: Device, by) -> Device:
    with transaction.atomic():
        ensure_visible(by, device, MANAGE_POSTS)
        device.revoked_at = timezone.now()
        device._history_user = by
        device.save(update_fields=["revoked_at"])
    return device


def watched_vehicle_add(*, plate: str, reason: str, area: Area, by) -> WatchedVehicle:
    try:
        normalised = validate_plate(plate)
    except ValidationError as error:
        raise field_error("plate", error.messages[0]) from None
    if not reason.strip():
        raise field_error("reason", _("请填写布控原因"))
    watched = WatchedVehicle(plate=normalised, reason=reason.strip(), area=area)
    with transaction.atomic():
        watched._history_user = by
        watched.save()
        ensure_visible(by, watched, MANAGE_POSTS)
    return watched


# --- passages --------------------------------------------------------------------------


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _clean_temperature(value, field: str) -> Decimal:
    try:
        temperature = Decimal(str(value).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("体温应为数字，如36.5")) from None
    if not MIN_TEMPERATURE <= temperature <= MAX_TEMPERATURE:
        raise field_error(field, _("体温应在34.0至43.0℃之间"))
    return temperature


def _clean_occupant(seat: int, raw: dict) -> dict:
    prefix = f"occupants.{seat}."
    if not isinstance(raw, dict):
        raise field_error(prefix[:-1], _("人员信息格式不正确"))
    name = _text(raw.get("name"), 50)
    if not name:
        raise field_error(prefix + "name", _("请填写姓名"))
    document_type = raw.get("document_type") or DocumentType.RESIDENT_ID
    if document_type not in _DOCUMENT_TYPES:
        raise field_error(prefix + "document_type", _("未知的证件类型"))
    try:
        document = pii.validate_document(document_type, str(raw.get("document_number") or ""))
    except ValidationError as error:
        raise field_error(prefix + "document_number", error.messages[0]) from None
    phone = str(raw.get("phone") or "").strip()
    if phone:
        try:
            phone = pii.validate_phone(phone)
        except ValidationError as error:
            raise field_error(prefix + "phone", error.messages[0]) from None
    if raw.get("temperature") in (None, ""):
        raise field_error(prefix + "temperature", _("请填写体温"))
    return {
        "seat": seat,
        "name": name,
        "document_type": document_type,
        "document_number": document,
        "document_hash": pii.document_hash(document_type, document),
        "document_masked": pii.mask_document(document_type, document),
        "phone": phone,
        "phone_masked": pii.mask_phone(phone) if phone else "",
        "temperature": _clean_temperature(raw.get("temperature"), prefix + "temperature"),
        "origin": _text(raw.get("origin"), 100),
        "travel": _text(raw.get("travel"), 200),
        "destination": _text(raw.get("destination"), 100),
        "reason": _text(raw.get("reason"), 100),
        "origin_code": "",
    }


def _clean_passed_at(passed_at: datetime | None) -> datetime:
    now = timezone.now()
    if passed_at is None:
        return now
    if timezone.is_naive(passed_at):
        passed_at = timezone.make_aware(passed_at)
    if passed_at > now + CLOCK_SKEW:
        raise field_error("passed_at", _("通行时间晚于当前时间，请检查设备时钟"))
    if passed_at < now - OFFLINE_LIMIT:
        raise field_error("passed_at", _("通行时间早于7天前，不能补录"))
    return passed_at


def clean_passage(*, direction, mode, plate, vehicle_kind, occupants) -> dict:
    """The validated passage, or a ValidationError naming the first bad field."""
    if direction not in _DIRECTIONS:
        raise field_error("direction", _("请选择进或出"))
    if mode not in _MODES:
        raise field_error("mode", _("请选择车辆或步行"))
    if mode == PassageMode.VEHICLE:
        try:
            plate = validate_plate(plate or "")
        except ValidationError as error:
            raise field_error("plate", error.messages[0]) from None
        vehicle_kind = vehicle_kind or VehicleKind.CAR
        if vehicle_kind not in _VEHICLE_KINDS:
            raise field_error("vehicle_kind", _("未知的车辆类型"))
    else:
        plate, vehicle_kind = "", ""
    if not isinstance(occupants, list) or not occupants:
        raise field_error("occupants", _("至少登记一名人员"))
    if mode == PassageMode.FOOT and len(occupants) != 1:
        raise field_error("occupants", _("步行通行每条记录登记一人"))
    if len(occupants) > MAX_OCCUPANTS:
        raise field_error("occupants", _("每辆车最多登记%(n)d人") % {"n": MAX_OCCUPANTS})
    cleaned = [_clean_occupant(seat, raw) for seat, raw in enumerate(occupants)]
    return {
        "direction": direction,
        "mode": mode,
        "plate": plate,
        "vehicle_kind": vehicle_kind,
        "occupants": cleaned,
    }


def passage_register(
    *,
    checkpoint: Checkpoint,
    client_uuid,
    direction: str,
    mode: str,
    occupants: list[dict],
    by=None,
    device: Device | None = None,
    plate: str = "",
    vehicle_kind: str = "",
    passed_at: datetime | None = None,
) -> tuple[Passage, bool]:
    """Register a passage once per client UUID: (the passage, whether it is new).

    A resend of a stored UUID answers with the stored passage and writes nothing. Flags are
    evaluated before the write (on PostgreSQL the people register's part in it); the hourly
    counts change in the same transaction; alerts go out after commit. ``by`` is the user
    at the page, or None for a device.
    """
    try:
        client_uuid = uuid.UUID(str(client_uuid))
    except ValueError:
        raise field_error("client_uuid", _("客户端编号应为UUID")) from None
    if by is not None and not holds(by, CHECKPOINT_DUTY, checkpoint):
        raise field_error("checkpoint", _("您不在该卡点值守"))
    try:
        passed_at = _clean_passed_at(passed_at)
        if not checkpoint.is_open(timezone.localdate(passed_at)):
            raise field_error("checkpoint", _("该卡点当日未启用或已撤销"))
        cleaned = clean_passage(
            direction=direction,
            mode=mode,
            plate=plate,
            vehicle_kind=vehicle_kind,
            occupants=occupants,
        )
    except ValidationError:
        # A resend of a record stored earlier (after the checkpoint closed, a week later)
        # is answered with the stored one, not refused.
        stored = _stored(checkpoint, client_uuid)
        if stored is None:
            raise
        return stored, False
    try:
        return _register_cleaned(checkpoint, client_uuid, cleaned, passed_at, by=by, device=device)
    except ReferenceChanged:
        if device is not None:
            raise  # its token was looked up in that data too: device_api starts again
        # Nothing was written: once more, from the data just loaded.
        return _register_cleaned(checkpoint, client_uuid, cleaned, passed_at, by=by, device=None)


def _register_cleaned(
    checkpoint: Checkpoint, client_uuid, cleaned: dict, passed_at: datetime, *, by, device
) -> tuple[Passage, bool]:
    # On PostgreSQL the people register is read by the write itself (one round trip).
    persons_in_write = connection.vendor == "postgresql"
    evaluator = FlagEvaluator(timezone.localdate(passed_at))
    vehicle_flags, per_seat = evaluator.evaluate(
        plate=cleaned["plate"], occupants=cleaned["occupants"], persons_in_write=persons_in_write
    )
    all_flags = vehicle_flags + [flag for seat in sorted(per_seat) for flag in per_seat[seat]]
    passage = Passage(
        client_uuid=client_uuid,
        checkpoint=checkpoint,
        # The area object itself, not its id: the audit row reads its path without a query.
        area=checkpoint.area,
        direction=cleaned["direction"],
        mode=cleaned["mode"],
        plate=cleaned["plate"],
        vehicle_kind=cleaned["vehicle_kind"],
        passed_at=passed_at,
        flags=all_flags,
        flagged=bool(all_flags),
        recorded_by=by,
        device=device,
    )
    occupant_rows = [_occupant_row(passage, o, per_seat[o["seat"]]) for o in cleaned["occupants"]]
    try:
        # No lookup first: the unique client UUID refuses a resend (the usual case is a
        # new record, and a resend costs one failed insert and one read).
        if persons_in_write:
            _write_with_persons(
                passage, occupant_rows, vehicle_flags, by=by, expected=evaluator.expected_version
            )
        else:
            _write(passage, occupant_rows, by=by)
    except IntegrityError:
        stored = _stored(checkpoint, client_uuid)
        if stored is None:
            raise
        return stored, False
    if passage.flags:
        persons = {o.seat: (o.person_id, o.person_area_path) for o in occupant_rows if o.person_id}
        transaction.on_commit(lambda: _raise_alerts(passage, persons))
    return passage, True


def _stored(checkpoint: Checkpoint, client_uuid: uuid.UUID) -> Passage | None:
    stored = Passage.objects.filter(client_uuid=client_uuid).first()
    if stored is not None and stored.checkpoint_id != checkpoint.pk:
        # A UUID is the client's; one from another checkpoint is a client bug, not a resend.
        raise field_error("client_uuid", _("该客户端编号已被其他卡点使用"))
    return stored


def _occupant_row(passage: Passage, occupant: dict, flags: list) -> Occupant:
    row = Occupant(
        passage=passage,
        seat=occupant["seat"],
        name=occupant["name"],
        document_type=occupant["document_type"],
        document_number=occupant["document_number"],
        document_hash=occupant["document_hash"],
        document_masked=occupant["document_masked"],
        phone=occupant["phone"],
        phone_masked=occupant["phone_masked"],
        temperature=occupant["temperature"],
        origin=occupant["origin"],
        origin_code=occupant["origin_code"],
        travel=occupant["travel"],
        destination=occupant["destination"],
        reason=occupant["reason"],
        person_id=occupant["person_id"],
        flags=flags,
    )
    # Where the person is registered, for the alert to his community (not a column).
    row.person_area_path = occupant["person_area_path"]
    return row


_HOURLY = HourlyCount._meta.db_table
_COUNT_COLUMNS = "checkpoint_id, hour, vehicles, persons, fevers, flagged"
_COUNT_ADDED = f"""
ON CONFLICT (checkpoint_id, hour) DO UPDATE SET
    vehicles = {_HOURLY}.vehicles + excluded.vehicles,
    persons = {_HOURLY}.persons + excluded.persons,
    fevers = {_HOURLY}.fevers + excluded.fevers,
    flagged = {_HOURLY}.flagged + excluded.flagged
"""
_COUNT_SQL = f"INSERT INTO {_HOURLY} ({_COUNT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)" + (
    _COUNT_ADDED
)

# PostgreSQL writes a passage in one statement: the rows reach the new passage's id
# through this CTE's name, and its flags through passage_flags.
_NEW_PASSAGE = "new_passage"
_COUNT_IN_WRITE_SQL = (
    f"INSERT INTO {_HOURLY} ({_COUNT_COLUMNS}) SELECT %s, %s, %s, %s, %s, pf.flagged::int"
    f" FROM {_NEW_PASSAGE}, passage_flags AS pf" + _COUNT_ADDED
)


class _InPlace(str):
    """A value given as SQL, written into the statement where its parameter would be."""


_NEW_PASSAGE_ID = _InPlace(f"(SELECT id FROM {_NEW_PASSAGE})")
_NEW_PASSAGE_ID_TEXT = _InPlace(f"(SELECT id::text FROM {_NEW_PASSAGE})")
_PASSAGE_FLAGS = _InPlace("(SELECT flags FROM passage_flags)")
_PASSAGE_FLAGGED = _InPlace("(SELECT flagged FROM passage_flags)")


def passage_hour(passed_at: datetime) -> datetime:
    # UTC hours: every time zone of China is a whole number of hours from UTC.
    return passed_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _count_params(passage: Passage, occupants: list[Occupant]) -> list:
    """The passage's addition to its checkpoint's hourly counts, for ``_COUNT_SQL``
    (``_COUNT_IN_WRITE_SQL`` takes all but the last, the flagged count)."""
    return [
        passage.checkpoint_id,
        passage_hour(passage.passed_at),
        1 if passage.mode == PassageMode.VEHICLE else 0,
        len(occupants),
        sum(1 for o in occupants if o.temperature >= FEVER_THRESHOLD),
        1 if passage.flagged else 0,
    ]


def _write(passage: Passage, occupants: list[Occupant], *, by) -> None:
    """The passage, its occupants, its audit row and its hourly count, in a transaction."""
    event = change_event(user=by, action=ChangeAction.CREATE, instance=passage)
    with transaction.atomic():
        passage.save(force_insert=True)
        for occupant in occupants:
            occupant.passage = passage
        Occupant.objects.bulk_create(occupants)
        event.object_id = str(passage.pk)
        event.save(force_insert=True)
        with connection.cursor() as cursor:
            cursor.execute(_COUNT_SQL, _count_params(passage, occupants))
    passage.occupant_rows = occupants


def _write_with_persons(
    passage: Passage, occupants: list[Occupant], vehicle_flags: list, *, by, expected
) -> None:
    """:func:`_write` on PostgreSQL, in one statement (atomic by itself) that also reads the
    people register for the occupants' flags and ids (flags.seat_flags_sql) and, with
    ``expected``, writes only if the reference data is at that version: a device's
    request pays one round trip instead of a read, BEGIN, four statements and COMMIT.
    The passage's and occupants' flags are those given (fever, risk areas, the watch list)
    and the register's. ReferenceChanged, with nothing written, if the data moved on."""
    event = change_event(user=by, action=ChangeAction.CREATE, instance=passage)
    seat_params = [p for o in occupants for p in (json.dumps(o.flags), o.document_hash)]
    hashes = [o.document_hash for o in occupants]
    passage.flags, passage.flagged = _PASSAGE_FLAGS, _PASSAGE_FLAGGED
    # Seats are numbered 0, 1... as seat_flags_sql numbers its rows, and the text is then
    # the same for every passage of as many occupants.
    for seat, occupant in enumerate(occupants):
        occupant.passage_id = _NEW_PASSAGE_ID
        occupant.flags = _InPlace(f"(SELECT flags FROM seats WHERE seat = {seat})")
        occupant.person_id = _InPlace(f"(SELECT person_id FROM seats WHERE seat = {seat})")
    event.object_id = _NEW_PASSAGE_ID_TEXT
    guarded = expected is not None
    parts = [
        (_written_version_sql(guarded), list(expected) if guarded else []),
        (seat_flags_sql(len(occupants)), hashes + seat_params),
        (
            "passage_flags AS (SELECT flags, jsonb_array_length(flags) > 0 AS flagged FROM"
            " (SELECT %s::jsonb || COALESCE((SELECT jsonb_agg(f.flag ORDER BY s.seat, f.n)"
            " FROM seats AS s, jsonb_array_elements(s.flags) WITH ORDINALITY AS f (flag, n)),"
            " '[]'::jsonb) AS flags) AS all_flags)",
            [json.dumps(vehicle_flags)],
        ),
        _named(_NEW_PASSAGE, _insert_sql(passage, source="guard", returning=True)),
        *(
            _named(f"new_occupant_{n}", _insert_sql(o, source=_NEW_PASSAGE, returning=True))
            for n, o in enumerate(occupants)
        ),
        _named("new_audit", _insert_sql(event, source=_NEW_PASSAGE)),
        _named("new_count", (_COUNT_IN_WRITE_SQL, _count_params(passage, occupants)[:-1])),
    ]
    occupant_ids = ", ".join(f"(SELECT id FROM new_occupant_{n})" for n in range(len(occupants)))
    statement = (
        "WITH "
        + ", ".join(sql for sql, _ in parts)
        + f" SELECT {'version.*, ' if guarded else ''}(SELECT id FROM {_NEW_PASSAGE}),"
        + f" ARRAY[{occupant_ids}], (SELECT flags FROM passage_flags),"
        + " (SELECT jsonb_agg(jsonb_build_array(person_id, path, flags) ORDER BY seat)"
        + " FROM seats)"
        + (" FROM version" if guarded else "")
    )
    params = [param for _, part_params in parts for param in part_params]
    # Inside a caller's transaction a failed insert must not break it: a savepoint then.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, prepared_cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if guarded:
        version, row = row[: len(expected)], row[len(expected) :]
        # ReferenceChanged if the write found another version (the passage's id is NULL).
        confirm_version(version, written=row[0] is not None)
    passage.pk, occupant_ids, flags, seats = row
    passage.flags = json.loads(flags)
    passage.flagged = bool(passage.flags)
    passage._state.adding = False
    for occupant, occupant_id, (person_id, path, seat_flags) in zip(
        occupants, occupant_ids, json.loads(seats), strict=True
    ):
        occupant.pk, occupant.passage = occupant_id, passage
        occupant.person_id, occupant.person_area_path, occupant.flags = person_id, path, seat_flags
        occupant._state.adding = False
    event.object_id = str(passage.pk)
    passage.occupant_rows = occupants


def _named(name: str, part: tuple[str, list]) -> tuple[str, list]:
    return f"{name} AS ({part[0]})", part[1]


def _written_version_sql(guarded: bool) -> str:
    """The CTEs ``version`` (the reference data's) and ``guard`` (a row if the write may
    go ahead: the version is the one expected, given as parameters)."""
    if not guarded:
        return "guard AS (SELECT 1)"
    columns = [f"version_{n}" for n in range(len(VERSIONED_MODELS))]
    return (
        f"version AS ({VERSION_SQL}), guard AS (SELECT 1 FROM version"
        f" WHERE ({', '.join(columns)}) IS NOT DISTINCT FROM ({', '.join(['%s'] * len(columns))}))"
    )


def _insert_sql(row, *, source: str, returning: bool = False) -> tuple[str, list]:
    """``INSERT ... SELECT ... FROM source`` of ``row``, to run inside the passage's one
    statement: a row of ``source`` (a CTE) lets the insert go ahead.

    Each value is prepared by its field as Django's own insert prepares it (``pre_save``
    then ``get_db_prep_save``: auto_now_add times, sealed personal data, JSON), except the
    plain fields' (text, numbers, flags, foreign keys), whose values go as they are; a
    :class:`_InPlace` value (the id of the new passage, the flags) is written in place.
    Django's insert compiler does the same for any field and cost a tenth of the request
    for these inserts; the statement's text depends only on the model and the in-place
    values."""
    head, plan = _insert_plan(type(row))
    # The connection itself, not django.db.connection, a proxy looked up on each use.
    database = connections[DEFAULT_DB_ALIAS]
    params, placeholders = [], []
    for field, plain in plan:
        value = getattr(row, field.attname) if plain else field.pre_save(row, True)
        if isinstance(value, _InPlace):
            placeholders.append(value)
        else:
            placeholders.append("%s")
            params.append(value if plain else field.get_db_prep_save(value, database))
    sql = f"{head} SELECT {', '.join(placeholders)} FROM {source}"
    if returning:
        sql += f" RETURNING {database.ops.quote_name(row._meta.pk.column)}"
    return sql, params


#: Field classes (exactly these, not subclasses) whose attribute is what the database
#: stores: their ``pre_save`` reads it and their ``get_db_prep_save`` returns it unchanged.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.PositiveSmallIntegerField,
    models.PositiveIntegerField,
    models.ForeignKey,
)


@cache
def _insert_plan(model) -> tuple[str, list[tuple]]:
    """The start of ``model``'s insert, and its fields with whether each is plain."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    )
    return head, [(field, type(field) in _PLAIN_FIELDS) for field in fields]


def _raise_alerts(passage: Passage, persons: dict[int, tuple[int, str]]) -> None:
    """To the checkpoint staff over the checkpoint's area (the shift leader is one of them,
    and the alert reaches the shift even when its leader has no account), and to the
    community of each flagged occupant found in the people register."""
    checkpoint = passage.checkpoint
    names = {o.seat: o.name for o in passage.occupant_rows}
    messages = [flag_message(flag, names) for flag in passage.flags]
    urgent = any(f["kind"] in (FlagKind.FEVER, FlagKind.MEASURE) for f in passage.flags)
    level = AlertLevel.URGENT if urgent else AlertLevel.WARNING
    subject = f"checkpoints.passage:{passage.pk}"
    alert_raise(
        kind=ALERT_KIND,
        area=checkpoint.area,
        role=Role.CHECKPOINT_STAFF,
        title=_("%(checkpoint)s：%(what)s 有预警")
        % {"checkpoint": checkpoint.name, "what": passage.plate or names.get(0, "")},
        body="\n".join(messages),
        subject=subject,
        link=reverse("checkpoints:passage_detail", args=[passage.pk]),
        level=level,
    )
    flagged_seats = {f["seat"] for f in passage.flags if f["seat"] in persons}
    areas = Area.objects.in_bulk([persons[seat][1] for seat in flagged_seats], field_name="path")
    for seat in sorted(flagged_seats):
        person_id, path = persons[seat]
        community = community_of(areas[path]) if path in areas else None
        if community is None:
            continue
        alert_raise(
            kind=ALERT_KIND,
            area=community,
            role=Role.COMMUNITY_OFFICER,
            title=_("辖区人员%(name)s在%(checkpoint)s被预警")
            % {"name": names[seat], "checkpoint": checkpoint.name},
            body="\n".join(flag_message(f, names) for f in passage.flags if f["seat"] == seat),
            subject=f"people.person:{person_id}:{subject}",
            link=reverse("people:person_detail", args=[person_id]),
            level=level,
        )
