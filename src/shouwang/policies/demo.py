"""Demo relief: the catalogue of ``data/catalogue.yaml``, the enterprises' figures, the
ledger, and a first proactive matching.

The catalogue's dates are those of spring 2020; the demo moves them (and the ledger) so
that 1 April 2020, when every item was open, falls on the day the demo is loaded: the
calculator then shows what it showed then. At scale 1 the ledger holds the seeds' figures:
government, state-owned and shareholding-company parks waived 1.01 bn yuan of rent for
12,100 enterprises (Nanshan: "over 1 bn for over 12,000"), private landlords 30.63 m yuan
for 571 enterprises (Yuanshan), social-insurance relief for a share of the small and medium
enterprises, and subsidies from the 100 m yuan fund for small and micro enterprises
(Xiangzhou) up to 60 m yuan. Every grant's amount is the item's formula applied to the
enterprise's own figures, so the ledger and the calculator agree.
"""

from datetime import date, timedelta
from decimal import Decimal

import yaml
from django.utils import timezone

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction
from shouwang.core.models import Area
from shouwang.demo.loader import write_rows
from shouwang.enterprises.choices import LandlordKind, SizeClass
from shouwang.enterprises.models import Enterprise
from shouwang.policies.catalogue import DEMO_CATALOGUE, dump_catalogue
from shouwang.policies.engine import active_catalogue
from shouwang.policies.models import EnterpriseFigures, ReliefGrant
from shouwang.policies.profile import Profile
from shouwang.policies.services import catalogue_import, matching_run_start

POLICY_DAY = date(2020, 4, 1)
PARK_ENTERPRISES, PARK_TOTAL = 12_100, Decimal("1010000000")
PRIVATE_ENTERPRISES, PRIVATE_TOTAL = 571, Decimal("30630000")
FUND_SPENT = Decimal("60000000")
SOCIAL_INSURANCE_SHARE = 0.3
FIGURES_SHARE = 0.6
PARK_KINDS = (LandlordKind.GOVERNMENT, LandlordKind.STATE_OWNED, LandlordKind.SHAREHOLDING)
RENT_ITEMS = {
    LandlordKind.GOVERNMENT: ("xz-rent-soe-one-month", Decimal(1), Decimal(500000)),
    LandlordKind.STATE_OWNED: ("xz-rent-soe-one-month", Decimal(1), Decimal(500000)),
    LandlordKind.SHAREHOLDING: ("xz-rent-shareholding-halve", Decimal(1), Decimal(200000)),
    LandlordKind.PRIVATE: ("xz-rent-landlord-initiative", Decimal("0.5"), Decimal(100000)),
}
LANDLORD_NAMES = {
    LandlordKind.GOVERNMENT: "区政府物业管理中心",
    LandlordKind.STATE_OWNED: "区属国有企业物业",
    LandlordKind.SHAREHOLDING: "社区股份合作公司",
    LandlordKind.PRIVATE: "私人业主",
}
FIGURE_COLUMNS = ("enterprise_id", "area_id", "revenue_drop_percent", "monthly_rent", "updated_at")
GRANT_COLUMNS = (
    "enterprise_id",
    "item_id",
    "area_id",
    "street_id",
    "relief_kind",
    "amount",
    "granted_on",
    "landlord_kind",
    "landlord_name",
    "note",
    "created_at",
)


def current_catalogue_text(today: date) -> str:
    """The demo catalogue with every date moved so that POLICY_DAY falls on ``today``."""
    data = yaml.safe_load(DEMO_CATALOGUE.read_text())
    shift = today - POLICY_DAY
    for package in data["packages"]:
        if package.get("issued_on"):
            package["issued_on"] += shift
        for item in package["items"]:
            for key in ("valid_from", "valid_to", "apply_from", "apply_to"):
                if item.get(key):
                    item[key] += shift
    return dump_catalogue(data)


def _scaled(full, scale: float, least: int):
    return max(round(full * scale), least)


def load_demo_data(context) -> None:
    rng = context.rng
    today = timezone.localdate()
    district = Area.objects.get(level=AreaLevel.DISTRICT)
    catalogue_import(text=current_catalogue_text(today), fmt="yaml", area=district, by=None)
    items = {item.code: item for item in active_catalogue()}
    enterprises = list(
        Enterprise.objects.order_by("pk").values_list(
            "pk",
            "area_id",
            "street_id",
            "size_class",
            "landlord_kind",
            "revenue_last_year",
            "social_insurance_base",
            "insured_headcount",
            "name",
        )
    )
    grants: list[tuple] = []
    figures: dict[int, list] = {}
    shift = today - POLICY_DAY
    # The demo enterprise user's own enterprise has figures of its own (below) and no rent
    # waiver yet: the calculator shows him what he may apply for.
    demo_enterprises = dict(
        Enterprise.objects.filter(memberships__user__username="demo-enterprise").values_list(
            "pk", "area_id"
        )
    )
    rent_payers = [
        e for e in enterprises if e[3] != SizeClass.LARGE and e[0] not in demo_enterprises
    ]
    rng.shuffle(rent_payers)
    parks = [e for e in rent_payers if e[4] in PARK_KINDS]
    private = [e for e in rent_payers if e[4] == LandlordKind.PRIVATE]
    for chosen, full_count, full_total in (
        (parks, PARK_ENTERPRISES, PARK_TOTAL),
        (private, PRIVATE_ENTERPRISES, PRIVATE_TOTAL),
    ):
        count = min(_scaled(full_count, context.scale, 2), len(chosen))
        total = (full_total * Decimal(count) / full_count).quantize(Decimal(1))
        _rent_grants(chosen[:count], total, items, grants, figures, rng, shift)
    _demo_enterprise_figures(demo_enterprises, figures)
    for enterprise in enterprises:
        entry = figures.get(enterprise[0])
        if entry is None and rng.random() < FIGURES_SHARE:
            rent = (
                Decimal(rng.randint(20, 120) * 500) if enterprise[4] != LandlordKind.OWN else None
            )
            figures[enterprise[0]] = [enterprise, Decimal(rng.randint(0, 80)), rent]
        elif entry is not None and entry[1] is None:
            entry[1] = Decimal(rng.randint(0, 80))
    _social_insurance_grants(enterprises, items, grants, rng, shift)
    budget = FUND_SPENT * Decimal(context.scale)
    _fund_grants(enterprises, figures, items, grants, budget, rng, shift)
    now = timezone.now()
    write_rows(
        EnterpriseFigures._meta.db_table,
        FIGURE_COLUMNS,
        ((e[0], e[1], drop, rent, now) for e, drop, rent in figures.values()),
    )
    write_rows(ReliefGrant._meta.db_table, GRANT_COLUMNS, ((*g, now) for g in grants))
    for model, rows in (
        ("policies.enterprisefigures", len(figures)),
        ("policies.reliefgrant", len(grants)),
    ):
        record_bulk_change(
            user=None,
            action=ChangeAction.IMPORT,
            model=model,
            count=rows,
            area_path=district.path,
            description=f"demo district: {rows} {model}",
        )
    # The first proactive matching runs in the background once the demo is committed.
    matching_run_start(area=district, by=None)


def _grant_day(rng, shift: timedelta) -> date:
    """A day between 20 February and 1 April 2020, moved like the catalogue."""
    return date(2020, 2, 20) + timedelta(days=rng.randint(0, 41)) + shift


def _rent_grants(chosen, total: Decimal, items, grants, figures, rng, shift) -> None:
    """Rent waivers summing to ``total`` exactly; each enterprise's monthly rent is set so
    the item's formula gives its amount (rate × rent × months, under the cap)."""
    if not chosen:
        return
    weights = [rng.lognormvariate(0, 0.6) for _ in chosen]
    scale = total / Decimal(sum(weights))
    amounts = []
    for enterprise, weight in zip(chosen, weights, strict=True):
        _code, _months, cap = RENT_ITEMS[enterprise[4]]
        amounts.append(min((scale * Decimal(weight)).quantize(Decimal(1)), cap))
    # What the caps cut goes to those still under theirs, and what rounding each share up
    # added comes off the largest, so the total holds to the yuan.
    residual = total.quantize(Decimal(1)) - sum(amounts)
    for index, enterprise in enumerate(chosen):
        if residual <= 0:
            break
        room = RENT_ITEMS[enterprise[4]][2] - amounts[index]
        added = min(room, residual)
        amounts[index] += added
        residual -= added
    for index in sorted(range(len(amounts)), key=amounts.__getitem__, reverse=True):
        if residual >= 0:
            break
        taken = min(-residual, amounts[index] - 1)
        amounts[index] -= taken
        residual += taken
    for enterprise, amount in zip(chosen, amounts, strict=True):
        code, months_factor, _cap = RENT_ITEMS[enterprise[4]]
        item = items[code]
        rent = (amount / months_factor).quantize(Decimal("0.01"))
        figures[enterprise[0]] = [enterprise, None, rent]
        grants.append(
            (enterprise[0], item.pk, enterprise[1], enterprise[2], "rent", amount,
             _grant_day(rng, shift), enterprise[4], LANDLORD_NAMES[enterprise[4]], "")
        )  # fmt: skip


def _social_insurance_grants(enterprises, items, grants, rng, shift) -> None:
    for enterprise in enterprises:
        base, insured = enterprise[6], enterprise[7]
        if not base or not insured or rng.random() > SOCIAL_INSURANCE_SHARE:
            continue
        code = "si-halve-large" if enterprise[3] == SizeClass.LARGE else "si-exempt-small-medium"
        item = items[code]
        profile = Profile(social_insurance_base=base, insured_headcount=insured)
        amount = item.formula.amount_for(profile)
        grants.append(
            (enterprise[0], item.pk, enterprise[1], enterprise[2], "social_insurance", amount,
             _grant_day(rng, shift), "", "", "")
        )  # fmt: skip


def _fund_grants(enterprises, figures, items, grants, budget: Decimal, rng, shift) -> None:
    """Subsidies from the 100 m yuan fund to small and micro enterprises whose revenue
    fell by 30 % or more, until ``budget`` is spent."""
    item = items["xz-fund-small-micro"]
    spent = Decimal(0)
    for enterprise in enterprises:
        entry = figures.get(enterprise[0])
        if enterprise[3] not in (SizeClass.SMALL, SizeClass.MICRO) or entry is None:
            continue
        if entry[1] is None or entry[1] < 30 or rng.random() > 0.5:
            continue
        amount = item.formula.amount_for(Profile(revenue_last_year=enterprise[5]))
        if spent + amount > budget:
            break
        spent += amount
        grants.append(
            (enterprise[0], item.pk, enterprise[1], enterprise[2], "subsidy", amount,
             _grant_day(rng, shift), "", "", "")
        )  # fmt: skip


def _demo_enterprise_figures(demo_enterprises: dict[int, int], figures) -> None:
    """The demo enterprise user's enterprise lost 35 % of its revenue and pays 30,000 yuan
    a month: the calculator has something to show him."""
    for pk, area_id in demo_enterprises.items():
        figures[pk] = [(pk, area_id), Decimal(35), Decimal(30000)]
