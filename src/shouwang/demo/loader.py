"""The demo district: Xiangzhou's nine streets and towns, 126 communities, 473 grids,
8,222 buildings with their heads, 1,892 grid workers, one login per role, and residents at
a scale factor of seed 002's 937,800 (608,700 of them registered locally).

The tree is always full size; ``scale`` only sets the number of residents. Residents are
written the way a real bulk load must be at that size: generated as a stream, validated
and sealed row by row, and sent with COPY on PostgreSQL (executemany on SQLite), so the
full district loads in well under two minutes with flat memory.
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from stdnum.cn import ric

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction, DocumentType, Role
from shouwang.core.models import Area, Assignment, Building, User
from shouwang.demo import names
from shouwang.people.models import Person
from shouwang.people.services.counts import person_counts_compact

FULL_RESIDENTS = 937_800
REGISTERED_SHARE = 608_700 / 937_800
COMMUNITIES, GRIDS, BUILDINGS, GRID_WORKERS = 126, 473, 8_222, 1_892
PHONE_SHARE = 0.85

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    area_code: str
    display_name: str


@dataclass
class DemoSummary:
    areas: int = 0
    buildings: int = 0
    grid_workers: int = 0
    users: int = 0
    residents: int = 0
    seconds: float = 0.0


class DemoRefused(Exception):
    pass


# --- the tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    level: str
    parent_code: str | None
    street_kind: str = ""


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers, larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def district_tree(rng: random.Random) -> list[AreaSpec]:
    district_code, district_name = names.DISTRICT
    specs = [AreaSpec(district_code, district_name, AreaLevel.DISTRICT, None)]
    community_names = [
        stem + suffix for suffix in names.COMMUNITY_SUFFIXES for stem in names.COMMUNITY_STEMS
    ]
    community_counts = _spread(COMMUNITIES, len(names.STREETS))
    grid_counts = iter(_spread(GRIDS, COMMUNITIES))
    building_counts = iter(_spread(BUILDINGS, GRIDS))
    community_index = 0
    for (street_code, street_name, kind), n_communities in zip(
        names.STREETS, community_counts, strict=True
    ):
        specs.append(AreaSpec(street_code, street_name, AreaLevel.STREET, district_code, kind))
        for c in range(1, n_communities + 1):
            community_code = f"{street_code}{c:03d}"
            community_name = community_names[community_index] + "社区"
            community_index += 1
            specs.append(AreaSpec(community_code, community_name, AreaLevel.COMMUNITY, street_code))
            for g in range(1, next(grid_counts) + 1):
                grid_code = f"{community_code}G{g:02d}"
                specs.append(
                    AreaSpec(
                        grid_code, f"{community_name}第{g}网格", AreaLevel.GRID, community_code
                    )
                )
                road = rng.choice(names.ROADS)
                first_number = rng.randrange(1, 300)
                for b in range(1, next(building_counts) + 1):
                    specs.append(
                        AreaSpec(
                            f"{grid_code}B{b:03d}",
                            f"{road}{first_number + b}号{b}栋",
                            AreaLevel.BUILDING,
                            grid_code,
                        )
                    )
    return specs


def random_name(rng: random.Random) -> str:
    given = "".join(rng.choices(names.GIVEN_CHARACTERS, k=rng.choice((1, 2, 2))))
    return rng.choice(names.SURNAMES) + given


def random_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _write_tree(specs: list[AreaSpec], rng: random.Random, progress: Progress | None) -> dict:
    """Areas level by level (parents first) and a Building row per building."""
    ids: dict[str, int] = {}
    paths: dict[str, str] = {}
    for level in AreaLevel.values:
        batch = []
        for spec in specs:
            if spec.level != level:
                continue
            path = f"{paths[spec.parent_code]}.{spec.code}" if spec.parent_code else spec.code
            paths[spec.code] = path
            batch.append(
                Area(
                    level=level,
                    code=spec.code,
                    name=spec.name,
                    path=path,
                    parent_id=ids.get(spec.parent_code),
                    street_kind=spec.street_kind,
                )
            )
        Area.objects.bulk_create(batch, batch_size=2000)
        ids.update(Area.objects.filter(level=level).values_list("code", "pk"))
    buildings = []
    for spec in specs:
        if spec.level != AreaLevel.BUILDING:
            continue
        phone = random_mobile(rng)
        buildings.append(
            Building(
                area_id=ids[spec.code],
                address=f"珠海市香洲区{spec.name}",
                units=rng.randint(1, 4),
                floors=rng.choice((6, 7, 9, 11, 18, 26, 32)),
                households=rng.randint(24, 180),
                head_name=random_name(rng),
                head_phone=phone,
                head_phone_masked=pii.mask_phone(phone),
            )
        )
    Building.objects.bulk_create(buildings, batch_size=2000)
    if progress:
        progress(len(specs), len(specs))
    return ids


# --- accounts --------------------------------------------------------------------------


def demo_users(specs: list[AreaSpec]) -> list[DemoUser]:
    """One login per role, all in Gongbei street (the port street of seed 002)."""
    street = next(s for s in specs if s.name == "拱北街道")
    community = next(s for s in specs if s.parent_code == street.code)
    grid = next(s for s in specs if s.parent_code == community.code)
    building = next(s for s in specs if s.parent_code == grid.code)
    district = specs[0]
    return [
        DemoUser("demo-commander", Role.DISTRICT_COMMANDER, district.code, "区指挥部值班员"),
        DemoUser("demo-street", Role.STREET_OFFICER, street.code, "拱北街道防疫专班"),
        DemoUser("demo-community", Role.COMMUNITY_OFFICER, community.code, "社区工作站"),
        DemoUser("demo-grid", Role.GRID_WORKER, grid.code, "网格员"),
        DemoUser("demo-building", Role.BUILDING_HEAD, building.code, "楼栋长"),
        DemoUser("demo-checkpoint", Role.CHECKPOINT_STAFF, street.code, "卡点工作人员"),
        DemoUser("demo-site", Role.SITE_STAFF, street.code, "隔离点工作人员"),
        DemoUser("demo-port", Role.PORT_STAFF, street.code, "口岸分流点工作人员"),
        DemoUser("demo-enterprise", Role.ENTERPRISE_USER, community.code, "企业联络员"),
        DemoUser("demo-supervisor", Role.SUPERVISOR, district.code, "督导组"),
        DemoUser("demo-auditor", Role.AUDITOR, district.code, "审计员"),
    ]


def demo_user_lines() -> list[dict]:
    """The demo logins that exist in this database, for `shouwang demo-users`."""
    assignments = (
        Assignment.objects.filter(user__username__startswith="demo-")
        .select_related("user", "area")
        .order_by("user__id")
    )
    return [
        {"username": a.user.username, "role": a.role, "area_code": a.area.code} for a in assignments
    ]


def _write_users(specs: list[AreaSpec], ids: dict[str, int], rng: random.Random) -> tuple[int, int]:
    password = make_password(settings.DEMO_PASSWORD)
    users = demo_users(specs)
    User.objects.bulk_create(
        [
            User(
                username=u.username,
                display_name=u.display_name,
                area_id=ids[u.area_code],
                password=password,
            )
            for u in users
        ]
    )
    user_ids = dict(User.objects.filter(username__startswith="demo-").values_list("username", "pk"))
    assignments = [
        Assignment(user_id=user_ids[u.username], area_id=ids[u.area_code], role=u.role)
        for u in users
    ]
    # The 1,892 grid workers of the district: accounts without a password until a
    # manager sets one, four to a grid as in Xiangzhou.
    grids = [s for s in specs if s.level == AreaLevel.GRID]
    unusable = make_password(None)
    workers = []
    for index, count in enumerate(_spread(GRID_WORKERS, len(grids))):
        for n in range(1, count + 1):
            workers.append(
                User(
                    username=f"gw{grids[index].code}-{n}",
                    display_name=random_name(rng),
                    area_id=ids[grids[index].code],
                    password=unusable,
                )
            )
    User.objects.bulk_create(workers, batch_size=2000)
    worker_ids = User.objects.filter(username__startswith="gw").values_list("username", "pk")
    grid_of = {w.username: w.area_id for w in workers}
    assignments += [
        Assignment(user_id=pk, area_id=grid_of[username], role=Role.GRID_WORKER)
        for username, pk in worker_ids
    ]
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    return len(users), len(workers)


# --- residents -------------------------------------------------------------------------

PERSON_COLUMNS = (
    "name",
    "document_type",
    "document_number",
    "document_hash",
    "document_masked",
    "phone",
    "phone_hash",
    "phone_masked",
    "sex",
    "birth_date",
    "home_building_id",
    "area_id",
    "created_at",
    "updated_at",
)
_DAYS_OF_BIRTH = 365 * 85
_FIRST_BIRTH = date(1936, 1, 1)


class ResidentIdAllocator:
    """Unique resident IDs by construction: a counter per (birthplace, birth date) slot."""

    def __init__(self, regions: list[str]):
        self.regions = regions
        self.used = bytearray(len(regions) * _DAYS_OF_BIRTH)

    def allocate(self, region_index: int, day: int, male: bool) -> tuple[str, date]:
        slot = region_index * _DAYS_OF_BIRTH + day
        while self.used[slot] >= 255:  # 255 people born the same day in one county: move on
            day = (day + 1) % _DAYS_OF_BIRTH
            slot = region_index * _DAYS_OF_BIRTH + day
        count = self.used[slot]
        self.used[slot] += 1
        birth = _FIRST_BIRTH + timedelta(days=day)
        sequence = count * 2 + (1 if male else 0)  # the 17th digit is odd for men
        body = f"{self.regions[region_index]}{birth:%Y%m%d}{sequence:03d}"
        return body + ric.calc_check_digit(body + "0"), birth


def resident_rows(building_ids: list[int], count: int, rng: random.Random) -> Iterator[tuple]:
    """``count`` residents spread over the buildings, as rows of PERSON_COLUMNS.

    Documents are valid by construction (real county codes, real birth dates, the check
    digit from python-stdnum; the demo tests validate a sample with ``pii``) and sealed
    exactly as the register's services seal them.
    """
    regions = names.LOCAL_REGIONS + names.OTHER_REGIONS
    local = len(names.LOCAL_REGIONS)
    allocator = ResidentIdAllocator(regions)
    now = timezone.now()
    per_building = _spread(count, len(building_ids))
    rng.shuffle(per_building)  # so the extra residents land all over the district
    for building_id, residents in zip(building_ids, per_building, strict=True):
        for _ in range(residents):
            region_index = (
                rng.randrange(local)
                if rng.random() < REGISTERED_SHARE
                else local + rng.randrange(len(regions) - local)
            )
            male = rng.random() < 0.51
            number, birth = allocator.allocate(region_index, rng.randrange(_DAYS_OF_BIRTH), male)
            if rng.random() < PHONE_SHARE:
                phone = random_mobile(rng)
                phone_fields = (pii.encrypt(phone), pii.phone_hash(phone), pii.mask_phone(phone))
            else:
                phone_fields = ("", "", "")
            yield (
                random_name(rng),
                DocumentType.RESIDENT_ID,
                pii.encrypt(number),
                pii.document_hash(DocumentType.RESIDENT_ID, number),
                pii.mask_document(DocumentType.RESIDENT_ID, number),
                *phone_fields,
                "male" if male else "female",
                birth,
                building_id,
                building_id,
                now,
                now,
            )


def _is_plain(field) -> bool:
    """Whether the field's Python value is what the driver stores. Subclasses of the text
    fields (a sealed text field) prepare theirs; a decimal is rounded to its places."""
    if type(field) in (models.CharField, models.TextField):
        return True
    if type(field) is models.DateField:
        return not (field.auto_now or field.auto_now_add)
    return isinstance(field, (models.IntegerField, models.BooleanField, models.ForeignKey))


def write_instances(model, instances: list, progress: Progress | None = None) -> int:
    """Unsaved ``instances`` of ``model`` streamed in with :func:`write_rows`: the ORM's
    bulk_create prepares every value of every field, which costs more than the write for
    tens of thousands of rows. Plain values go as they are; the rest (sealed, JSON, dates
    and times, auto_now) through the field's own ``pre_save`` and ``get_db_prep_save``.
    For the demo's own generated rows: no validation, signals or history."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    converters = []
    for field in fields:
        if _is_plain(field):
            converters.append(lambda obj, name=field.attname: getattr(obj, name))
        else:
            converters.append(
                lambda obj, field=field: field.get_db_prep_save(
                    field.pre_save(obj, add=True), connection
                )
            )
    return write_rows(
        model._meta.db_table,
        tuple(field.column for field in fields),
        (tuple(convert(obj) for convert in converters) for obj in instances),
        progress=progress,
        total=len(instances),
    )


def write_rows(
    table: str,
    columns: tuple[str, ...],
    rows,
    progress: Progress | None = None,
    total: int = 0,
    chunk: int = 5000,
) -> int:
    """Stream rows into ``table``: COPY on PostgreSQL, executemany on SQLite."""
    written = 0
    quote = connection.ops.quote_name  # columns such as "end" are SQL keywords
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statement = f"COPY {quote(table)} ({names}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
                    if progress and written % chunk == 0:
                        progress(written, total)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            statement = f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == chunk:
                    cursor.executemany(statement, batch)
                    written += len(batch)
                    batch.clear()
                    if progress:
                        progress(written, total)
            if batch:
                cursor.executemany(statement, batch)
                written += len(batch)
    if progress:
        progress(written, total)
    return written


# --- the whole demo --------------------------------------------------------------------


@dataclass
class DemoContext:
    """What an app's demo data builds on: the tree (specs and database ids by code), the
    scale, the seeded random generator, and the progress callback."""

    specs: list[AreaSpec]
    area_ids: dict[str, int]
    scale: float
    rng: random.Random
    progress: Progress | None


def _load_app_demos(context: DemoContext) -> None:
    """Each app may ship ``<app>/demo.py`` with ``load_demo_data(context)``; it runs after
    the tree, the accounts and the residents, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("shouwang."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        module.load_demo_data(context)


def load_demo(*, scale: float, seed: int = 2020, progress: Progress | None = None) -> DemoSummary:
    """Load the demo district into an empty database."""
    if not settings.DEMO_ALLOWED:
        raise DemoRefused("demo data is refused in production (SHOUWANG_ENV=production)")
    if Area.objects.exists():
        raise DemoRefused("the database already has areas; the demo loads only into an empty one")
    if not 0 <= scale <= 1:
        raise DemoRefused("scale must be between 0 and 1")
    started = time.perf_counter()
    rng = random.Random(seed)
    summary = DemoSummary()
    specs = district_tree(rng)
    with transaction.atomic():
        ids = _write_tree(specs, rng, None)
        summary.areas = len(specs)
        summary.buildings = BUILDINGS
        summary.users, summary.grid_workers = _write_users(specs, ids, rng)
        building_ids = [ids[s.code] for s in specs if s.level == AreaLevel.BUILDING]
        count = round(FULL_RESIDENTS * scale)
        summary.residents = write_rows(
            Person._meta.db_table,
            PERSON_COLUMNS,
            resident_rows(building_ids, count, rng),
            progress=progress,
            total=count,
        )
        _load_app_demos(
            DemoContext(specs=specs, area_ids=ids, scale=scale, rng=rng, progress=progress)
        )
        record_bulk_change(
            user=None,
            action=ChangeAction.IMPORT,
            model="people.person",
            count=summary.residents,
            area_path=names.DISTRICT[0],
            description=f"demo district: {summary.residents} residents",
        )
    # The batches' rows of changes as one count per area and measure, as the routine job
    # leaves them.
    person_counts_compact()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
    summary.seconds = time.perf_counter() - started
    return summary
