"""Demo checkpoints after the seeds: a highway exit like Nantou (three 8-hour shifts), a
city-boundary point like Guanjingtou (six shifts of 21 staff), a port point like Gongbei's,
and community enclosure points; a week of rosters and a few days of passages.

Passages are written in bulk (sealed documents, hourly counts computed alongside) and
recorded with one audit row, as any bulk load is.
"""

import random
import uuid
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from shouwang.checkpoints.choices import CheckpointKind, Direction, FlagKind, PassageMode
from shouwang.checkpoints.models import Checkpoint, HourlyCount, Occupant, Passage
from shouwang.checkpoints.plates import PROVINCES
from shouwang.checkpoints.services import checkpoint_create, passage_hour, watched_vehicle_add
from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction, DocumentType
from shouwang.core.models import Area
from shouwang.demo.loader import random_mobile, random_name, write_instances
from shouwang.demo.names import LOCAL_REGIONS, OTHER_REGIONS
from shouwang.workforce.models import Shift, StaffMember
from shouwang.workforce.services import builtin_template, roster_plan

DAYS = 3
#: Passages a day at full scale, per kind of checkpoint.
DAILY_PASSAGES = {
    CheckpointKind.HIGHWAY_EXIT: 3000,
    CheckpointKind.CITY_BOUNDARY: 2000,
    CheckpointKind.PORT: 1500,
    CheckpointKind.COMMUNITY_ENCLOSURE: 300,
}
ENCLOSURE_POINTS = 6
SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
ORIGINS = ["广州", "深圳", "中山", "江门", "佛山", "长沙", "武汉", "澳门", "珠海"]
REASONS = ["返岗", "返家", "探亲", "运输物资", "就医", "出差"]
#: The district's watch list, and the share of vehicles that are on it.
WATCH_LIST = [
    ("粤C8K2M7", "密接者驾乘车辆，见即拦停核查"),
    ("湘A5Q9L3", "中风险地区来车，核验行程"),
    ("粤B3F7Z1", "隔离期间擅自外出人员车辆"),
]
WATCHED_SHARE = 0.002


def _street(context, name):
    return next(s for s in context.specs if s.name == name)


def _area(context, spec) -> Area:
    return Area.objects.get(pk=context.area_ids[spec.code])


def _plate(rng: random.Random) -> str:
    province = "粤" if rng.random() < 0.8 else rng.choice(PROVINCES)
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    if rng.random() < 0.15:
        return f"{province}{letter}{rng.choice('DF')}{rng.choice(SERIAL)}{rng.randrange(10000):04d}"
    return province + letter + "".join(rng.choice(SERIAL) for _ in range(5))


def _resident_id(rng: random.Random) -> str:
    region = rng.choice(LOCAL_REGIONS + OTHER_REGIONS)
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body)


def _checkpoints(context) -> list[Checkpoint]:
    opened = timezone.localdate() - timedelta(days=30)
    gongbei = _street(context, "拱北街道")
    plan = [
        (
            "南头式高速出口检查站",
            CheckpointKind.HIGHWAY_EXIT,
            _street(context, "前山街道"),
            "3x8",
            35,
        ),
        ("官井头式市界检查站", CheckpointKind.CITY_BOUNDARY, _street(context, "南屏镇"), "6x4", 21),
        ("拱北口岸分流点", CheckpointKind.PORT, gongbei, "2x12", 30),
    ]
    enclosure_street = _street(context, "香湾街道")
    communities = [s for s in context.specs if s.parent_code == enclosure_street.code]
    for index in range(ENCLOSURE_POINTS):
        community = communities[index % len(communities)]
        plan.append(
            (
                f"{community.name}{index + 1}号卡口",
                CheckpointKind.COMMUNITY_ENCLOSURE,
                community,
                "3x8",
                3,
            )
        )
    checkpoints = []
    for name, kind, spec, template, per_shift in plan:
        area = _area(context, spec)
        groups = []
        if kind == CheckpointKind.COMMUNITY_ENCLOSURE:
            groups = list(Area.objects.filter(parent=area, level=AreaLevel.GRID)[:2])
        checkpoints.append(
            checkpoint_create(
                name=name,
                kind=kind,
                area=area,
                opens_on=opened,
                template=builtin_template(template),
                staff_per_shift=per_shift,
                inbound_label="进珠海" if kind != CheckpointKind.COMMUNITY_ENCLOSURE else "进小区",
                outbound_label="出珠海" if kind != CheckpointKind.COMMUNITY_ENCLOSURE else "出小区",
                closed_groups=groups,
                by=None,
            )
        )
    return checkpoints


def _rosters(checkpoints: list[Checkpoint], rng: random.Random) -> None:
    """This week and the days of passages before it, each shift led and fully staffed but
    for a few gaps the planning page shows."""
    today = timezone.localdate()
    first_day = today - timedelta(days=DAYS)
    through = Shift.staff.through
    links = []
    for checkpoint in checkpoints:
        street_path = ".".join(checkpoint.area.path.split(".")[:2])
        pool = list(StaffMember.objects.filter(area__path=street_path).values_list("pk", flat=True))
        shifts = roster_plan(post=checkpoint.post, first_day=first_day, days=DAYS + 7, by=None)
        for shift in shifts:
            size = shift.needed if rng.random() > 0.1 else max(1, shift.needed - 2)
            chosen = rng.sample(pool, min(size, len(pool)))
            shift.leader_id = chosen[0] if rng.random() > 0.05 else None
            links += [through(shift_id=shift.pk, staffmember_id=pk) for pk in chosen]
        Shift.objects.bulk_update(shifts, ["leader"], batch_size=1000)
    through.objects.bulk_create(links, batch_size=5000)


def _passages(checkpoints, context) -> int:
    rng = context.rng
    now = timezone.now()
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=DAYS), time.min)
    )
    counts: Counter = Counter()
    passages, occupants = [], []
    for checkpoint in checkpoints:
        total = round(DAILY_PASSAGES[checkpoint.kind] * DAYS * context.scale)
        for _ in range(total):
            passed_at = start + timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
            vehicle = checkpoint.kind != CheckpointKind.COMMUNITY_ENCLOSURE or rng.random() < 0.3
            people = [
                (random_name(rng), _resident_id(rng), Decimal(f"{rng.uniform(36.0, 37.2):.1f}"))
                for _ in range(rng.choice((1, 1, 2, 2, 3)) if vehicle else 1)
            ]
            if rng.random() < 0.003:
                people[0] = (people[0][0], people[0][1], Decimal("37.8"))
            fevers = [
                {"kind": FlagKind.FEVER, "seat": seat, "detail": str(t)}
                for seat, (_, _, t) in enumerate(people)
                if t >= Decimal("37.3")
            ]
            plate = _plate(rng) if vehicle else ""
            watched = []
            if vehicle and rng.random() < WATCHED_SHARE:
                plate, reason = rng.choice(WATCH_LIST)
                watched = [{"kind": FlagKind.WATCHED_VEHICLE, "seat": None, "detail": reason}]
            flags = watched + fevers
            passage = Passage(
                client_uuid=_uuid(rng),
                checkpoint=checkpoint,
                area_id=checkpoint.area_id,
                direction=rng.choice(Direction.values),
                mode=PassageMode.VEHICLE if vehicle else PassageMode.FOOT,
                plate=plate,
                vehicle_kind="car" if vehicle else "",
                passed_at=passed_at,
                flags=flags,
                flagged=bool(flags),
            )
            passages.append((passage, people))
            hour = passage_hour(passed_at)
            counts[checkpoint.pk, hour, "vehicles"] += int(vehicle)
            counts[checkpoint.pk, hour, "persons"] += len(people)
            counts[checkpoint.pk, hour, "fevers"] += len(fevers)
            counts[checkpoint.pk, hour, "flagged"] += int(bool(flags))
    write_instances(Passage, [p for p, _ in passages])
    ids = dict(Passage.objects.values_list("client_uuid", "pk"))
    for passage, people in passages:
        passage.pk = ids[passage.client_uuid]
        for seat, (name, document, temperature) in enumerate(people):
            occupants.append(
                Occupant(
                    passage=passage,
                    seat=seat,
                    name=name,
                    document_type=DocumentType.RESIDENT_ID,
                    document_number=document,
                    document_hash=pii.document_hash(DocumentType.RESIDENT_ID, document),
                    document_masked=pii.mask_document(DocumentType.RESIDENT_ID, document),
                    phone=(phone := random_mobile(rng)),
                    phone_masked=pii.mask_phone(phone),
                    temperature=temperature,
                    origin=rng.choice(ORIGINS),
                    destination="珠海",
                    reason=rng.choice(REASONS),
                    flags=[f for f in passage.flags if f["seat"] == seat],
                )
            )
    write_instances(Occupant, occupants)
    hours = {key[:2] for key in counts}
    HourlyCount.objects.bulk_create(
        [
            HourlyCount(
                checkpoint_id=checkpoint_id,
                hour=hour,
                **{
                    f: counts[(checkpoint_id, hour, f)]
                    for f in ("vehicles", "persons", "fevers", "flagged")
                },
            )
            for checkpoint_id, hour in sorted(hours, key=lambda k: (k[0], k[1].astimezone(UTC)))
        ],
        batch_size=2000,
    )
    return len(passages)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _watch_list(context) -> None:
    district = _area(context, context.specs[0])
    for plate, reason in WATCH_LIST:
        watched_vehicle_add(plate=plate, reason=reason, area=district, by=None)


def load_demo_data(context) -> None:
    checkpoints = _checkpoints(context)
    _watch_list(context)
    _rosters(checkpoints, context.rng)
    written = _passages(checkpoints, context)
    record_bulk_change(
        user=None,
        action=ChangeAction.IMPORT,
        model="checkpoints.passage",
        count=written,
        area_path=context.specs[0].code,
        description=f"demo district: {len(checkpoints)} checkpoints, {written} passages",
    )
