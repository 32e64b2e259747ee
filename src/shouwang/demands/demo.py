"""Demo demands after seed 003 (Nanwan: demands collected by QR code, sorted, fed back,
solved on site): at scale 1, 600 demands of the last ten days across the categories, in
every state (some past their time limits, so the board and the reminders have work), with
ratings on the closed ones; and the problems the enterprises demo's visits raised, each
become a demand with its number on the problem."""

import secrets
from datetime import timedelta

from django.utils import timezone

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction
from shouwang.core.models import Area
from shouwang.demands.choices import DemandCategory, DemandSource, DemandStatus, EventKind
from shouwang.demands.models import Demand, DemandEvent
from shouwang.demands.services.intake import PROBLEM_CATEGORIES, demand_event
from shouwang.demands.services.rules import DEFAULT_ROUTES, Rules
from shouwang.demo.loader import random_mobile, random_name
from shouwang.enterprises.choices import ProblemStatus
from shouwang.enterprises.models import Enterprise, VisitProblem

FULL = 600
DESCRIPTIONS = {
    DemandCategory.WORKERS: [
        "复工后一线员工缺口约 30 人，希望协助对接招工",
        "外地员工返岗难，请求包车",
    ],
    DemandCategory.SUPPLIES: ["口罩和消毒液储备不足三天用量", "缺少额温枪，请求协调采购渠道"],
    DemandCategory.LOGISTICS: ["原材料运输车辆无法进入园区", "货车司机通行证办理困难"],
    DemandCategory.FUNDING: ["现金流紧张，希望了解贴息贷款申请", "应收账款回款慢，申请纾困资金"],
    DemandCategory.RENT: ["希望协调业主减免 2 月份租金", "租金压力大，询问国企物业减免办理"],
    DemandCategory.POLICY: ["社保减免如何办理，是否需要申请", "稳岗补贴申报材料咨询"],
    DemandCategory.OTHER: ["员工子女托管困难", "园区食堂复工审批咨询"],
}
# (status, share of the demands)
STATES = [
    (DemandStatus.NEW, 0.08),
    (DemandStatus.ACCEPTED, 0.14),
    (DemandStatus.IN_PROGRESS, 0.2),
    (DemandStatus.RESOLVED, 0.18),
    (DemandStatus.CONFIRMED, 0.35),
    (DemandStatus.REOPENED, 0.05),
]


def load_demo_data(context) -> None:
    rng = context.rng
    now = timezone.now()
    rules = Rules()
    district = Area.objects.get(level=AreaLevel.DISTRICT)
    streets = {a.pk: a for a in Area.objects.filter(level=AreaLevel.STREET)}
    enterprises = list(
        Enterprise.objects.order_by("pk").values_list(
            "pk", "name", "credit_code", "area_id", "street_id"
        )
    )
    count = min(max(round(FULL * context.scale), 20), len(enterprises))
    demands = []
    chosen = rng.sample(enterprises, count)
    for enterprise, status in zip(chosen, _statuses(count, rng), strict=True):
        category = rng.choice(DemandCategory.values)
        created = now - timedelta(hours=rng.uniform(0.2, 240))
        demands.append(
            _demand(
                enterprise,
                category,
                status,
                created,
                DemandSource.QR,
                rules,
                streets,
                district,
                rng,
            )
        )
    raised = VisitProblem.objects.filter(
        status=ProblemStatus.RAISED, demand_reference=""
    ).select_related("enterprise")
    problems = list(raised)
    for problem in problems:
        e = problem.enterprise
        enterprise = (e.pk, e.name, e.credit_code, e.area_id, e.street_id)
        category = PROBLEM_CATEGORIES[problem.category]
        demand = _demand(
            enterprise,
            category,
            DemandStatus.CONFIRMED,
            now - timedelta(days=rng.randint(11, 40)),
            DemandSource.VISIT,
            rules,
            streets,
            district,
            rng,
        )
        demand.description, demand.visit_problem = problem.description, problem
        demands.append(demand)
    Demand.objects.bulk_create(demands, batch_size=1000)
    created = list(Demand.objects.filter(reference__isnull=True).order_by("pk"))
    events = []
    for demand in created:
        demand.reference = f"SQ{timezone.localdate(demand.created_at):%Y%m%d}{demand.pk:06d}"
        events.extend(_events(demand))
    Demand.objects.bulk_update(created, ["reference"], batch_size=1000)
    DemandEvent.objects.bulk_create(events, batch_size=2000)
    by_problem = {d.visit_problem_id: d.reference for d in created if d.visit_problem_id}
    for problem in problems:
        problem.demand_reference = by_problem[problem.pk]
    VisitProblem.objects.bulk_update(problems, ["demand_reference"], batch_size=1000)
    record_bulk_change(
        user=None,
        action=ChangeAction.IMPORT,
        model="demands.demand",
        count=len(created),
        area_path=district.path,
        description=f"demo district: {len(created)} demands.demand",
    )


def _statuses(count: int, rng) -> list[str]:
    """Each state in its share (at least one of each), in random order."""
    statuses = [s for status, share in STATES for s in [status] * max(round(share * count), 1)]
    statuses = (statuses + [DemandStatus.CONFIRMED] * count)[:count]
    rng.shuffle(statuses)
    return statuses


def _demand(enterprise, category, status, created, source, rules, streets, district, rng):
    pk, name, code, area_id, street_id = enterprise
    department = DEFAULT_ROUTES[category]
    street = streets[street_id]
    respond_due, plan_due, close_due = rules.due(created)
    phone = random_mobile(rng)
    demand = Demand(
        tracking_token=secrets.token_urlsafe(24),
        source=source,
        enterprise_id=pk,
        enterprise_name=name,
        credit_code=code,
        area_id=area_id,
        street=street,
        category=category,
        description=rng.choice(DESCRIPTIONS[category]),
        contact_name=random_name(rng),
        contact_phone=phone,
        contact_phone_hash=pii.phone_hash(phone),
        contact_phone_masked=pii.mask_phone(phone),
        department=department,
        handler_area=street if department == "street" else district,
        status=status,
        respond_due_at=respond_due,
        plan_due_at=plan_due,
        close_due_at=close_due,
        created_at=created,
    )
    now = timezone.now()
    if status != DemandStatus.NEW:
        demand.accepted_at = min(created + timedelta(minutes=rng.randint(10, 90)), now)
    if status in (
        DemandStatus.IN_PROGRESS,
        DemandStatus.RESOLVED,
        DemandStatus.CONFIRMED,
        DemandStatus.REOPENED,
    ):
        demand.plan = "已联系企业，协调相关部门对接，按方案推进。"
        demand.planned_at = min(demand.accepted_at + timedelta(hours=rng.randint(2, 40)), now)
    if status in (DemandStatus.RESOLVED, DemandStatus.CONFIRMED, DemandStatus.REOPENED):
        demand.resolution = rng.choice(
            ["已上门服务，现场协调解决", "已对接供应渠道，物资已送达", "已指导企业完成申报"]
        )
        demand.resolved_at = min(demand.planned_at + timedelta(hours=rng.randint(1, 60)), now)
    if status == DemandStatus.CONFIRMED:
        demand.rating, demand.feedback_channel = rng.choice((5, 5, 5, 4, 4, 3)), "return_visit"
        demand.confirmed_at = min(demand.resolved_at + timedelta(hours=rng.randint(1, 24)), now)
    if status == DemandStatus.REOPENED:
        demand.rating, demand.feedback_channel, demand.reopened_count = 2, "enterprise", 1
        demand.feedback = "问题未根本解决"
        reopened = min(demand.resolved_at + timedelta(hours=6), now)
        _r, demand.plan_due_at, demand.close_due_at = rules.due(reopened)
    return demand


def _events(demand: Demand) -> list[DemandEvent]:
    steps = [(EventKind.SUBMITTED, demand.created_at, "")]
    if demand.accepted_at:
        steps.append((EventKind.ACCEPTED, demand.accepted_at, ""))
    if demand.planned_at:
        steps.append((EventKind.PLANNED, demand.planned_at, demand.plan))
    if demand.resolved_at:
        steps.append((EventKind.RESOLVED, demand.resolved_at, demand.resolution))
    if demand.confirmed_at:
        steps.append((EventKind.CONFIRMED, demand.confirmed_at, f"{demand.rating} 分 · 回访"))
    if demand.status == DemandStatus.REOPENED:
        steps.append((EventKind.REOPENED, demand.resolved_at, demand.feedback))
    return [demand_event(demand, kind, note=note, at=at) for kind, at, note in steps]
