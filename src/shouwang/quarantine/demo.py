"""Demo quarantine at Xiangzhou's shape (seed 002): 29 sites that served 8,379 inbound
persons (at the demo's scale), the first of them, 银华酒店, closed (撤点) after 64 days,
7 groups and 60 staff; a health station run like Zhuohui (seed 001: 15 coordinators,
11 groups, 71 staff in 24-hour shifts); Gongbei port's diversion point, which received
4,842 and sent on 4,192 (today's batch live, with a vehicle on the road and an open
discrepancy); and a cruise-ship screening like the Costa Venezia's (seed 000: 6,222
screened, 148 flagged and placed in 3 hotels).

The past is written in bulk (persons, stays, measures, loop records) with one audit row
per table; today's work goes through the services, as staff would do it.
"""

import json
from datetime import datetime, time, timedelta

from django.utils import timezone

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction, DocumentType
from shouwang.core.models import Area
from shouwang.demo.loader import random_name, write_rows
from shouwang.people.choices import Measure
from shouwang.people.models import MeasureRecord, Person
from shouwang.quarantine.choices import (
    Destination,
    LoopPlace,
    RoomState,
    RoomType,
    ServedGroup,
    SiteKind,
    StayOutcome,
    StaySource,
    StayStatus,
    TransferStatus,
)
from shouwang.quarantine.manifest import ManifestImporter
from shouwang.quarantine.models import (
    HandoverBatch,
    HealthLog,
    LoopPerson,
    Room,
    StaffGroup,
    Stay,
    Transfer,
)
from shouwang.quarantine.services import (
    batch_create,
    loop_confirm,
    loop_register,
    port_create,
    screening_allocate,
    screening_event_create,
    screening_flag,
    site_close,
    site_create,
    transfer_create,
    transfer_depart,
    transfer_recount,
)
from shouwang.workforce.choices import Department
from shouwang.workforce.models import StaffMember
from shouwang.workforce.services import builtin_template, roster_plan

SITES, SERVED, YINHUA_SERVED = 29, 8_379, 280
RECEIVED, SENT_ON = 4_842, 4_192
MANIFEST, FLAGGED = 6_222, 148
DAYS = 14
STREET_SITES = {  # sites per street, 29 in all
    "拱北街道": 5,
    "湾仔街道": 4,
    "吉大街道": 4,
    "香湾街道": 3,
    "翠香街道": 3,
    "狮山街道": 3,
    "梅华街道": 3,
    "前山街道": 2,
    "南屏镇": 2,
}
HOTEL_WORDS = ["银华", "海湾", "粤海", "珠江", "华侨", "嘉远", "富华", "来魅力", "东港", "金海岸"]
YINHUA_GROUPS = [
    "综合协调组",
    "医疗防控组",
    "消杀保洁组",
    "后勤保障组",
    "安保组",
    "信息登记组",
    "心理疏导组",
]
ZHUOHUI_GROUPS = [*YINHUA_GROUPS, "物资组", "转运组", "宣传组", "督导组"]


def _scaled(full: int, scale: float, least: int) -> int:
    return max(round(full * scale), least)


class _Travellers:
    """The district's own residents coming back (each used once): persons of the register
    under no measure yet, so the demo adds no person and no second active measure."""

    def __init__(self, rng, needed: int):
        measured = MeasureRecord.objects.values("person_id")
        pool = list(
            Person.objects.filter(measure=Measure.NONE)
            .exclude(pk__in=measured)
            .values_list("pk", flat=True)
            .order_by("pk")[: needed * 3]
        )
        rng.shuffle(pool)
        self.pool = pool

    def ids(self, count: int) -> list[int]:
        if count > len(self.pool):
            raise ValueError("the demo district has too few residents for its quarantine")
        taken, self.pool = self.pool[:count], self.pool[count:]
        return taken

    def persons(self, count: int) -> list[Person]:
        found = Person.objects.in_bulk(self.ids(count))
        return list(found.values())


def _area(context, name) -> Area:
    spec = next(s for s in context.specs if s.name == name)
    return Area.objects.get(pk=context.area_ids[spec.code])


def _sites(context, today):
    template = builtin_template("3x8")
    sites, words = [], iter(HOTEL_WORDS * 3)
    for street, count in STREET_SITES.items():
        area = _area(context, street)
        for n in range(count):
            if not sites:
                name, kind, opened = "银华酒店", SiteKind.HOTEL, today - timedelta(days=65)
            elif len(sites) == 1:
                name, kind, opened = (
                    "拱北健康驿站",
                    SiteKind.HEALTH_STATION,
                    today - timedelta(days=45),
                )
            else:
                name = f"{next(words)}{'酒店' if n % 3 else '宾馆'}（{street[:2]}{n + 1}号点）"
                kind, opened = SiteKind.HOTEL, today - timedelta(days=context.rng.randint(20, 60))
            capacity = context.rng.choice((60, 80, 100, 120, 150))
            site = site_create(
                name=name,
                kind=kind,
                area=area,
                capacity=capacity,
                opens_on=opened,
                template=template,
                address=f"珠海市香洲区{street}{n + 1}号",
                by=None,
                served=ServedGroup.CROSS_BORDER_DRIVER
                if kind == SiteKind.HEALTH_STATION
                else ServedGroup.INBOUND,
                staff_per_shift=6,
            )
            sites.append(site)
    rooms = []
    for site in sites:
        for index in range(site.capacity):
            floor, number = 2 + index // 20, index % 20 + 1
            family = number in (19, 20)
            rooms.append(
                Room(
                    site=site,
                    area=site.area,
                    number=f"{floor}{number:02d}",
                    floor=floor,
                    beds=3 if family else 1,
                    room_type=RoomType.FAMILY if family else RoomType.SINGLE,
                )
            )
    Room.objects.bulk_create(rooms, batch_size=2000)
    return sites


def _staff(context, site, groups, staff_count, coordinators):
    members = StaffMember.objects.bulk_create(
        [
            StaffMember(
                name=random_name(context.rng),
                department=context.rng.choice(
                    [
                        Department.HEALTH,
                        Department.STREET_OFFICE,
                        Department.POLICE,
                        Department.VOLUNTEERS,
                    ]
                ),
                area=site.area,
                unit=site.name,
            )
            for _ in range(staff_count + coordinators)
        ]
    )
    site.coordinators.set(members[:coordinators])
    crew = members[coordinators:]
    for index, name in enumerate(groups):
        chunk = crew[index :: len(groups)]
        group = StaffGroup.objects.create(site=site, area=site.area, name=name, leader=chunk[0])
        group.members.set(chunk)
    shifts = roster_plan(post=site.post, first_day=timezone.localdate(), days=7, by=None)
    for shift in shifts:
        chosen = context.rng.sample(crew, min(shift.needed, len(crew)))
        shift.leader = chosen[0]
        shift.save(update_fields=["leader"])
        shift.staff.set(chosen)


def _stays(context, sites, today, now, travellers) -> tuple[list, list]:
    """The served persons of seed 002 spread over the open days of the sites; those whose
    14 days are not over stay on (one to a free room), the others were released."""
    rng = context.rng
    total = _scaled(SERVED, context.scale, 60)
    yinhua = sites[0]
    weights = [site.capacity for site in sites]
    chosen = [yinhua] * min(_scaled(YINHUA_SERVED, context.scale, 12), total)
    chosen += rng.choices(sites[1:], weights=weights[1:], k=total - len(chosen))
    person_ids = travellers.ids(len(chosen))
    free_rooms = {
        s.pk: list(Room.objects.filter(site=s, beds=1).values_list("pk", flat=True)) for s in sites
    }
    any_room = {pk: rooms[0] for pk, rooms in free_rooms.items()}
    rows, measures, active_rooms = [], [], []
    for site, person_id in zip(chosen, person_ids, strict=True):
        last = site.closes_on or today
        day = site.opens_on + timedelta(days=rng.randrange(max((last - site.opens_on).days, 1)))
        end = day + timedelta(days=13)
        active = site.closes_on is None and end >= today and free_rooms[site.pk]
        room_id = free_rooms[site.pk].pop() if active else any_room[site.pk]
        at = timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 22))))
        out = None if active else timezone.make_aware(datetime.combine(min(end, last), time(10)))
        rows.append(
            (
                site.pk,
                site.area_id,
                room_id,
                person_id,
                StaySource.DIRECT,
                at,
                end,
                StayStatus.ACTIVE if active else StayStatus.ENDED,
                False,
                "",
                "" if active else StayOutcome.RELEASED,
                out,
                "",
            )
        )
        measures.append(
            (
                person_id,
                now,
                Measure.CENTRALISED_QUARANTINE,
                day,
                end if active else min(end, last),
                "入住" + site.name,
                bool(active),
            )
        )
        if not active:
            measures.append(
                (
                    person_id,
                    now,
                    Measure.RELEASED,
                    min(end, last),
                    None,
                    site.name + "：解除隔离",
                    True,
                )
            )
        if active:
            active_rooms.append(room_id)
    write_rows(Stay._meta.db_table, STAY_COLUMNS, rows)
    write_rows(
        MeasureRecord._meta.db_table,
        ("person_id", "created_at", "measure", "start", "end", "reason", "is_active"),
        measures,
    )
    Room.objects.filter(pk__in=active_rooms).update(state=RoomState.OCCUPIED)
    Room.objects.filter(site=yinhua).update(state=RoomState.VACANT)
    active_ids = [
        pid for pid, _at, m, _s, _e, _r, a in measures if a and m == Measure.CENTRALISED_QUARANTINE
    ]
    Person.objects.filter(pk__in=active_ids).update(measure=Measure.CENTRALISED_QUARANTINE)
    Person.objects.filter(pk__in=person_ids).exclude(pk__in=active_ids).update(
        measure=Measure.RELEASED
    )
    return person_ids, rows


STAY_COLUMNS = (
    "site_id",
    "area_id",
    "room_id",
    "person_id",
    "source",
    "checked_in_at",
    "planned_end",
    "status",
    "attention",
    "attention_reason",
    "outcome",
    "checked_out_at",
    "checkout_note",
)


def _health_logs(context, today, now) -> None:
    """Today's and yesterday's logs of everyone staying; a few fevers on the boards."""
    rng = context.rng
    rows, hot = [], []
    for stay_id, area_id in Stay.objects.filter(status=StayStatus.ACTIVE).values_list(
        "pk", "area_id"
    ):
        for day in (today - timedelta(days=1), today):
            morning = round(rng.gauss(36.5, 0.25), 1)
            evening = 38.1 if rng.random() < 0.01 else round(rng.gauss(36.6, 0.25), 1)
            if evening >= 37.3:
                hot.append(stay_id)
            rows.append((stay_id, area_id, day, morning, evening, json.dumps([]), "", "", "", now))
    write_rows(
        HealthLog._meta.db_table,
        (
            "stay_id",
            "area_id",
            "day",
            "morning_temperature",
            "evening_temperature",
            "symptoms",
            "sample_kind",
            "sample_result",
            "note",
            "recorded_at",
        ),
        rows,
    )
    Stay.objects.filter(pk__in=hot).update(attention=True, attention_reason="发热，已安排复测")


def _port_history(context, port, sites, today, now, travellers) -> int:
    """The past days of the Gongbei loop, all delivered: sent on to sites or home."""
    rng = context.rng
    received = _scaled(RECEIVED, context.scale, 20)
    sent = min(_scaled(SENT_ON, context.scale, 16), received)
    person_ids = travellers.ids(received)
    open_sites = [s for s in sites if s.closes_on is None]
    persons = Person.objects.in_bulk(person_ids)
    entries, start = [], 0
    for offset in range(DAYS, 0, -1):
        day = today - timedelta(days=offset)
        size = received // DAYS + (1 if offset <= received % DAYS else 0)
        at = timezone.make_aware(datetime.combine(day, time(9)))
        batch = HandoverBatch.objects.create(
            port=port,
            area=port.area,
            reference=f"GB{day:%Y%m%d}-01",
            handed_over_by="拱北海关",
            handed_over_at=at,
            expected_count=size,
            status="closed",
            closed_at=at,
        )
        site = rng.choice(open_sites)
        for index, pk in enumerate(person_ids[start : start + size]):
            to_site = start + index < sent
            if index % 30 == 0:
                transfer = Transfer.objects.create(
                    port=port,
                    area=port.area,
                    site=site if to_site else None,
                    destination=Destination.SITE if to_site else Destination.HOME,
                    plate=f"粤C{rng.randrange(10000, 99999)}",
                    escort=random_name(rng),
                    status=TransferStatus.ARRIVED,
                    departed_at=at + timedelta(hours=2),
                    arrived_at=at + timedelta(hours=3),
                    created_at=at + timedelta(hours=1),
                )
            person = persons[pk]
            entries.append(
                LoopPerson(
                    batch=batch,
                    area=port.area,
                    name=person.name,
                    document_type=DocumentType.PASSPORT,
                    document_number=person.document_number,
                    document_hash=person.document_hash,
                    document_masked=person.document_masked,
                    person=person,
                    registered_at=at,
                    place=LoopPlace.CHECKED_IN if to_site else LoopPlace.HOME,
                    destination=Destination.SITE if to_site else Destination.HOME,
                    site=site if to_site else None,
                    confirmed=True,
                    transfer=transfer,
                    recounted_at=at + timedelta(hours=3),
                )
            )
        start += size
    LoopPerson.objects.bulk_create(entries, batch_size=2000)
    return received


def _port_today(context, port, sites, travellers) -> None:
    """Today's batch, live: registered, proposed, one vehicle on the road half counted,
    and one person at the port who was not on the customs list."""
    arriving = travellers.persons(9)
    listed = [
        {"name": p.name, "document_number": p.document_number, "document_type": p.document_type}
        for p in arriving[:8]
    ]
    batch = batch_create(
        port=port,
        reference=f"GB{timezone.localdate():%Y%m%d}-01",
        expected_count=8,
        persons=listed,
        handed_over_by="拱北海关",
        by=None,
    )
    for row in listed[:6]:
        loop_register(
            batch=batch,
            document_number=row["document_number"],
            document_type=row["document_type"],
            origin="香港",
            by=None,
        )
    loop_register(
        batch=batch,
        document_number=arriving[8].document_number,
        document_type=arriving[8].document_type,
        name=arriving[8].name,
        origin="澳门",
        by=None,
    )
    entries = list(LoopPerson.objects.filter(batch=batch, registered_at__isnull=False)[:4])
    site = next(s for s in sites if s.closes_on is None and s.area_id == port.area_id)
    loop_confirm(entries=entries, destination=Destination.SITE, site=site, by=None)
    transfer = transfer_create(
        port=port, plate="粤C8F312", escort="拱北街道 黄琳", entries=entries, by=None
    )
    transfer_depart(transfer=transfer, by=None)
    for entry in entries[:2]:
        transfer_recount(
            transfer=transfer,
            document_number=entry.document_number,
            document_type=entry.document_type,
            by=None,
        )


def _screening(context, sites, today, travellers) -> None:
    """A cruise ship back in port: every passenger and crew member on the manifest,
    temperatures taken at the gangway, the flagged placed in three emptied hotels."""
    rng = context.rng
    total = _scaled(MANIFEST, context.scale, 40)
    flagged = max(round(total * FLAGGED / MANIFEST), 3)
    event = screening_event_create(
        name="邮轮返港旅客筛查（歌诗达·威尼斯号式）",
        kind="ship",
        area=_area(context, "拱北街道"),
        held_on=today,
        by=None,
    )
    header = ["姓名", "证件号码", "舱位/分组", "身份", "常住地", "旅行史", "居住史", "体温"]
    rows, cabin, left = [], 1000, 0
    for n, person in enumerate(travellers.persons(total)):
        if left == 0:
            cabin, left = cabin + 1, rng.choice((1, 2, 2, 2, 3, 4))
        left -= 1
        risky = n < flagged
        rows.append(
            [
                person.name,
                person.document_number,
                str(cabin),
                "船员" if n % 5 == 4 else "旅客",
                "广东省广州市荔湾区"
                if risky
                else rng.choice(["珠海市香洲区", "珠海市香洲区", "广东省深圳市"]),
                "越南岘港",
                "广东省广州市荔湾区" if risky else "",
                "37.8" if rng.random() < 0.003 else f"{rng.gauss(36.5, 0.2):.1f}",
            ]
        )
    importer = ManifestImporter(event=event)
    importer.run(importer.parse_rows(header, iter(rows)), good_rows_only=False)
    screening_flag(event=event, by=None)
    hotels = sorted(
        (s for s in sites if s.kind == SiteKind.HOTEL and s.closes_on is None),
        key=lambda s: -s.capacity,
    )[:3]
    screening_allocate(event=event, sites=hotels, by=None)


def load_demo_data(context) -> None:
    today, now = timezone.localdate(), timezone.now()
    travellers = _Travellers(
        context.rng,
        _scaled(SERVED, context.scale, 60)
        + _scaled(RECEIVED, context.scale, 20)
        + _scaled(MANIFEST, context.scale, 40)
        + 9,
    )
    sites = _sites(context, today)
    _staff(context, sites[0], YINHUA_GROUPS, 60, 0)
    _staff(context, sites[1], ZHUOHUI_GROUPS, 71, 15)
    site_close(site=sites[0], closes_on=today - timedelta(days=2), by=None)  # 撤点, 64 days
    person_ids, stays = _stays(context, sites, today, now, travellers)
    _health_logs(context, today, now)
    port = port_create(
        name="拱北口岸分流点",
        area=_area(context, "拱北街道"),
        opens_on=today - timedelta(days=70),
        template=builtin_template("2x12"),
        by=None,
    )
    received = _port_history(context, port, sites, today, now, travellers)
    _port_today(context, port, sites, travellers)
    _screening(context, sites, today, travellers)
    for model, count in (
        ("people.person", len(person_ids) + received),
        ("quarantine.stay", len(stays)),
    ):
        record_bulk_change(
            user=None,
            action=ChangeAction.IMPORT,
            model=model,
            count=count,
            area_path=context.specs[0].code,
            description=f"demo quarantine: {SITES} sites, {len(stays)} stays",
        )
