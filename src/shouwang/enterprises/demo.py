"""Demo enterprises after seed 002 (Xiangzhou) and the worker-return figures of seed 001.

At scale 1: 48,000 enterprises, 367 of them above-scale industrial (all resumed by 13 May
2020) and 2,241 above-scale in all (96 % resumed), 229 key construction projects with a
total investment of 452.7 bn yuan (53.5 bn planned for the year; the 42 provincial and
city projects all resumed by 15 March), filings under commitment from 17 February, 13
free return trains with 738 workers collected by about 340 enterprises, and door-knocking
visits. Smaller scales shrink everything but keep at least a few of each category, so the
dashboard still shows every line. Rows are written in bulk with one audit row each.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from stdnum.cn import ric, uscc

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction
from shouwang.core.models import Area, User
from shouwang.demo.loader import random_mobile, random_name, write_instances
from shouwang.demo.names import ROADS
from shouwang.enterprises.checklists import (
    FOUR_IN_PLACE,
    FOUR_IN_PLACE_NAME,
    TEN_MEASURES,
)
from shouwang.enterprises.choices import (
    FilingStatus,
    KeyProjectLevel,
    LandlordKind,
    ProblemCategory,
    ProblemStatus,
    ResumptionState,
    TripKind,
)
from shouwang.enterprises.industries import section_of
from shouwang.enterprises.models import (
    Employee,
    Enterprise,
    EnterpriseMembership,
    ResumptionFiling,
    ReturnTrip,
    ServiceVisit,
    VisitProblem,
)
from shouwang.enterprises.models.filings import DEFAULT_COMMITMENT
from shouwang.enterprises.services import checklist_save, policy_save
from shouwang.enterprises.services.enterprises import EnterpriseProfile, apply_profile
from shouwang.enterprises.sizes import scale_category

FULL = 48_000
ABOVE_SCALE_INDUSTRIAL, ABOVE_SCALE = 367, 2_241
KEY_PROJECTS, KEY_PROVINCE_CITY = 229, 42
KEY_INVESTMENT, KEY_PLANNED = Decimal("452.7e9"), Decimal("53.5e9")
TRAINS, TRAIN_WORKERS, COLLECTING = 13, 738, 340
VISITS = 2_000
FIRST_DAY, COMMITMENT_DAY, REPORT_DAY = date(2020, 2, 10), date(2020, 2, 17), date(2020, 5, 13)
KEY_DEADLINE = date(2020, 3, 15)
BELOW_SCALE_RESUMED = 0.88
BATCH = 2000

INDUSTRIAL_DIVISIONS = ["39", "38", "34", "35", "33", "29", "26", "27", "13", "14", "18", "21"]
# (division, the 规上 revenue threshold in 10,000 yuan) of the other above-scale enterprises
SERVICE_DIVISIONS = [
    ("51", 2000),
    ("52", 500),
    ("61", 200),
    ("62", 200),
    ("65", 2000),
    ("72", 1000),
    ("70", 1000),
    ("54", 2000),
    ("80", 500),
    ("74", 1000),
]
SMALL_DIVISIONS = ["52", "62", "80", "72", "51", "39", "65", "81", "61", "50", "74", "86"]
NAME_STEMS = [
    "金邦达",
    "格力",
    "宝利",
    "丽珠",
    "伟创",
    "汤臣",
    "华发",
    "远光",
    "纳思达",
    "魅族",
    "云洲",
    "欧比特",
    "健帆",
    "凌达",
    "银隆",
    "炬力",
    "长园",
    "拾比佰",
    "世荣",
    "德豪",
]
NAME_KINDS = {
    "C": "科技",
    "F": "商贸",
    "H": "餐饮",
    "I": "信息技术",
    "K": "置业",
    "L": "企业管理",
    "G": "物流",
    "O": "生活服务",
    "E": "建设工程",
    "M": "工程技术",
    "R": "文化传播",
}
NAME_MIDDLES = ["华", "新", "盛", "达", "源", "信", "德", "和", "瑞", "丰", "海", "恒"]
PARKS = ["南屏科技工业园", "三溪科创小镇", "香洲科技工业园", "前山工业区", "吉大创意园", ""]
ORIGINS = ["云南省昆明市", "广西壮族自治区南宁市", "四川省成都市", "湖南省长沙市"]
ORIGIN_REGIONS = ["530102", "450103", "510104", "430102"]


def _scaled(full: int, scale: float, least: int) -> int:
    return max(round(full * scale), least)


def credit_code(serial: int) -> str:
    """A valid code: registered in Zhuhai (440402), organisation code from ``serial``."""
    body = f"91440402MA{serial:07X}"[:17].replace("I", "J").replace("O", "P")
    return body + uscc.calc_check_digit(body)


def load_demo_data(context) -> None:
    rng = context.rng
    district = Area.objects.get(level=AreaLevel.DISTRICT)
    _policies(district, context)
    communities = [s for s in context.specs if s.level == AreaLevel.COMMUNITY]
    total = _scaled(FULL, context.scale, 120)
    industrial = _scaled(ABOVE_SCALE_INDUSTRIAL, context.scale, 4)
    above = _scaled(ABOVE_SCALE, context.scale, 24)
    keys = _scaled(KEY_PROJECTS, context.scale, 6)
    key_leading = max(round(keys * KEY_PROVINCE_CITY / KEY_PROJECTS), 2)
    enterprises = []
    weights = [rng.random() + 0.2 for _ in range(keys)]
    for index in range(total):
        community = communities[rng.randrange(len(communities))]
        if index < industrial:
            kind = "industrial"
        elif index < above:
            kind = "above"
        elif index < above + keys:
            kind = "key"
        else:
            kind = "small"
        enterprise = _enterprise(index, kind, community, context, rng)
        if kind == "key":
            k = index - above
            share = Decimal(weights[k] / sum(weights))
            enterprise.is_key_project = True
            enterprise.key_project_name = f"{ROADS[k % len(ROADS)]}{enterprise.name[2:4]}项目"
            enterprise.key_project_level = (
                KeyProjectLevel.PROVINCE
                if k < key_leading // 2
                else KeyProjectLevel.CITY
                if k < key_leading
                else KeyProjectLevel.DISTRICT
            )
            scale_share = Decimal(keys) / KEY_PROJECTS
            enterprise.total_investment = round(KEY_INVESTMENT * scale_share * share, 2)
            enterprise.planned_investment_this_year = round(KEY_PLANNED * scale_share * share, 2)
        _resumption(enterprise, kind, index, above, key_leading, rng)
        enterprises.append(enterprise)
    # The demo enterprise user's enterprise: the first small one, moved into his community
    # (at small scales no enterprise may have drawn it), not filed yet.
    demo_enterprise = enterprises[above + keys]
    demo_area = Area.objects.only("parent_id").get(pk=_demo_user_area(context))
    demo_enterprise.area_id, demo_enterprise.street_id = demo_area.pk, demo_area.parent_id
    demo_enterprise.name = "拱北智造电子有限公司"
    demo_enterprise.resumption_state, demo_enterprise.resumed_on = ResumptionState.NOT_FILED, None
    write_instances(Enterprise, enterprises)
    if context.progress:
        context.progress(len(enterprises), len(enterprises))
    ids = dict(Enterprise.objects.values_list("credit_code", "pk"))
    for enterprise in enterprises:
        enterprise.pk = ids[enterprise.credit_code]
    _filings(enterprises, rng)
    demo_user = User.objects.filter(username="demo-enterprise").first()
    if demo_user is not None:
        EnterpriseMembership.objects.create(
            user=demo_user, enterprise=demo_enterprise, area_id=demo_enterprise.area_id
        )
    workers = _return_trips(district, enterprises, context, rng)
    visits = _visits(enterprises, context, rng)
    for model, count in (
        ("enterprises.enterprise", len(enterprises)),
        ("enterprises.employee", workers),
        ("enterprises.servicevisit", visits),
    ):
        record_bulk_change(
            user=None,
            action=ChangeAction.IMPORT,
            model=model,
            count=count,
            area_path=district.path,
            description=f"demo district: {count} {model}",
        )


def _demo_user_area(context) -> int:
    user = User.objects.filter(username="demo-enterprise").first()
    if user is not None:
        return user.area_id
    community = next(s for s in context.specs if s.level == AreaLevel.COMMUNITY)
    return context.area_ids[community.code]


def _enterprise(index, kind, community, context, rng) -> Enterprise:
    if kind == "industrial":
        division = rng.choice(INDUSTRIAL_DIVISIONS)
        revenue = Decimal(rng.randint(2000, 60000)) * 10_000
        employees = rng.randint(60, 2500)
    elif kind == "above":
        division, threshold = rng.choice(SERVICE_DIVISIONS)
        revenue = Decimal(rng.randint(threshold, threshold * 12)) * 10_000
        employees = rng.randint(20, 600)
    elif kind == "key":
        division = rng.choice(["47", "48"])
        revenue = Decimal(rng.randint(0, 1900)) * 10_000  # project companies, still building
        employees = rng.randint(30, 400)
    else:
        division = rng.choice(SMALL_DIVISIONS)
        threshold = 200 if division in ("61", "62") else 500
        revenue = Decimal(rng.randint(5, threshold - 1)) * 10_000
        employees = rng.choice((2, 3, 5, 8, 12, 18, 25, 40, 70, 120))
    profile = EnterpriseProfile(
        industry_division=division,
        employees=employees,
        revenue_last_year=revenue,
        address=f"珠海市香洲区{rng.choice(ROADS)}{rng.randint(1, 400)}号",
        legal_representative=random_name(rng),
        contact_name=random_name(rng),
        contact_phone=random_mobile(rng) if rng.random() < 0.6 else "",
        park=rng.choice(PARKS),
        landlord_kind=rng.choice(LandlordKind.values),
        social_insurance_base=Decimal(rng.choice((4376, 5000, 6000, 8000))),
        insured_headcount=employees - rng.randint(0, employees // 5),
    )
    section_word = NAME_KINDS.get(section_of(division), "实业")
    enterprise = Enterprise(
        name=f"珠海{rng.choice(NAME_STEMS)}{rng.choice(NAME_MIDDLES)}{section_word}有限公司",
        credit_code=credit_code(index + 1),
        area_id=context.area_ids[community.code],
        street_id=context.area_ids[community.parent_code],
    )
    apply_profile(enterprise, profile)
    assert kind not in ("industrial", "above") or enterprise.scale != "below_scale"
    assert scale_category(division, revenue) == enterprise.scale
    return enterprise


def _day_between(rng, first: date, last: date, skew: float = 1.0) -> date:
    span = (last - first).days
    return first + timedelta(days=int(span * rng.random() ** skew))


def _resumption(enterprise, kind, index, above, key_leading, rng) -> None:
    if kind == "industrial":
        resumed = True
        day = _day_between(rng, FIRST_DAY, date(2020, 3, 31), 2.5)
    elif kind == "above":
        resumed = rng.random() < (0.96 * ABOVE_SCALE - ABOVE_SCALE_INDUSTRIAL) / (
            ABOVE_SCALE - ABOVE_SCALE_INDUSTRIAL
        )
        day = _day_between(rng, FIRST_DAY, REPORT_DAY, 2.0)
    elif kind == "key":
        leading = index - above < key_leading
        resumed = leading or rng.random() < 0.95
        day = _day_between(rng, COMMITMENT_DAY, KEY_DEADLINE if leading else REPORT_DAY, 1.5)
    else:
        resumed = rng.random() < BELOW_SCALE_RESUMED
        day = _day_between(rng, COMMITMENT_DAY, REPORT_DAY, 1.3)
    if resumed:
        enterprise.resumption_state, enterprise.resumed_on = ResumptionState.RESUMED, day
        return
    roll = rng.random()
    enterprise.resumption_state = (
        ResumptionState.ACCEPTED if roll < 0.3
        else ResumptionState.FILED if roll < 0.45
        else ResumptionState.RETURNED if roll < 0.5
        else ResumptionState.NOT_FILED
    )  # fmt: skip


def _filings(enterprises, rng) -> None:
    """One filing per enterprise that filed. Historical ones carry no item answers: they
    came from the 2020 paper register, where only the outcome was kept."""
    batch = []
    for enterprise in enterprises:
        if enterprise.resumption_state == ResumptionState.NOT_FILED:
            continue
        resumed_on = enterprise.resumed_on
        planned = resumed_on or _day_between(rng, date(2020, 5, 5), REPORT_DAY + timedelta(days=10))
        filed_on = max(planned - timedelta(days=rng.randint(5, 8)), FIRST_DAY - timedelta(days=5))
        employees = max(enterprise.employees, 1)
        filing = ResumptionFiling(
            enterprise_id=enterprise.pk,
            area_id=enterprise.area_id,
            status=enterprise.resumption_state,
            planned_date=planned,
            employees_total=employees,
            employees_returning=employees - rng.randint(0, employees // 4),
            employees_from_risk_areas=rng.randint(0, employees // 20),
            employees_in_isolation=rng.randint(0, employees // 40),
            liaison_name=random_name(rng),
            checklist_name=FOUR_IN_PLACE_NAME,
            filed_at=datetime.combine(filed_on, time(9, rng.randint(0, 59)), tzinfo=UTC),
            review_due_on=filed_on + timedelta(days=2),
            resumed_on=resumed_on,
        )
        if filing.status == FilingStatus.RETURNED:
            filing.review_reason = rng.choice(
                ["应急处置预案未明确隔离观察区", "未落实健康联络员", "防疫物资储备不足"]
            )
        if filing.status not in (FilingStatus.FILED,):
            filing.reviewed_at = filing.filed_at + timedelta(days=1)
        phone = random_mobile(rng)
        filing.liaison_phone, filing.liaison_phone_masked = phone, pii.mask_phone(phone)
        batch.append(filing)
    write_instances(ResumptionFiling, batch)


def _policies(district: Area, context) -> None:
    four = checklist_save(
        area=district, name="复工复产“四个到位”13条指引", items=FOUR_IN_PLACE, by=None
    )
    ten = checklist_save(
        area=district, name="企业复工复产防疫十条措施", items=TEN_MEASURES, by=None
    )
    # Xiangzhou dropped the on-site check before resumption on 17 February: filing under
    # commitment, accepted on filing. Gongbei (the demo users' street) still reviews.
    policy_save(
        area=district, notice_days=5, review_required=False, review_days=2, checklist=four,
        commitment_text=DEFAULT_COMMITMENT, by=None,
    )  # fmt: skip
    gongbei = next(s for s in context.specs if s.name == "拱北街道")
    policy_save(
        area=Area.objects.get(pk=context.area_ids[gongbei.code]), notice_days=5,
        review_required=True, review_days=2, checklist=ten,
        commitment_text=DEFAULT_COMMITMENT, by=None,
    )  # fmt: skip


def _return_trips(district, enterprises, context, rng) -> int:
    workers = _scaled(TRAIN_WORKERS, context.scale, TRAINS)
    collecting = enterprises[: max(min(_scaled(COLLECTING, context.scale, 5), len(enterprises)), 1)]
    trips = []
    for number in range(TRAINS):
        origin = number % len(ORIGINS)
        trips.append(
            ReturnTrip(
                area=district,
                kind=TripKind.TRAIN,
                code=f"D{7501 + number}",
                origin=ORIGINS[origin],
                arrival_date=date(2020, 2, 18) + timedelta(days=number // 2),
                note="免费返岗专列",
            )
        )
    ReturnTrip.objects.bulk_create(trips)
    trips = list(ReturnTrip.objects.order_by("code"))
    employees = []
    for n in range(workers):
        trip = trips[n % TRAINS]
        enterprise = collecting[n % len(collecting)]
        region = ORIGIN_REGIONS[ORIGINS.index(trip.origin)]
        birth = date(1975, 1, 1) + timedelta(days=rng.randrange(9000))
        body = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        employees.append(
            Employee(
                enterprise_id=enterprise.pk,
                area_id=enterprise.area_id,
                name=random_name(rng),
                document_number=number,
                document_hash=pii.document_hash("resident_id", number),
                document_masked=pii.mask_document("resident_id", number),
                origin=trip.origin,
                origin_region_code=region,
                arrival_date=trip.arrival_date,
                return_trip=trip,
            )
        )
    write_instances(Employee, employees)
    return len(employees)


def _visits(enterprises, context, rng) -> int:
    count = _scaled(VISITS, context.scale, 20)
    chosen = rng.sample(enterprises, min(count, len(enterprises)))
    visits = []
    for enterprise in chosen:
        day = _day_between(rng, date(2020, 2, 12), date(2020, 4, 30))
        visits.append(
            ServiceVisit(
                enterprise_id=enterprise.pk,
                area_id=enterprise.area_id,
                visited_on=day,
                visitors="街道经科办、社区工作站",
                findings=rng.choice(["防控措施落实到位", "测温登记规范", "员工返岗率偏低", ""]),
                supplies_handed_over=rng.choice(["口罩、消毒液", "额温枪", ""]),
                masks_handed_over=rng.choice((0, 500, 1000, 2000)),
                policies_handed_over=rng.choice(["暖企十条", "惠企政策宣传册", ""]),
            )
        )
    ServiceVisit.objects.bulk_create(visits, batch_size=BATCH)
    problems = [
        VisitProblem(
            visit=visit,
            enterprise_id=visit.enterprise_id,
            area_id=visit.area_id,
            category=rng.choice(ProblemCategory.values),
            description=rng.choice(
                ["缺少口罩和消毒液", "员工未能及时返岗", "原材料供应中断", "租金压力大", "物流不畅"]
            ),
            status=rng.choice(ProblemStatus.values),
        )
        for visit in ServiceVisit.objects.order_by("id")
        if rng.random() < 0.3
    ]
    VisitProblem.objects.bulk_create(problems, batch_size=BATCH)
    return len(visits)
