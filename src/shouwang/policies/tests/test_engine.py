"""The calculator against the demo catalogue, checked by hand."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from shouwang.policies.engine import calculate
from shouwang.policies.tests.conftest import POLICY_DAY, profile

# A shop of 12 (retail, 2 m yuan last year: small) in state-owned premises at 30,000 yuan a
# month, revenue down 35 %, 10 insured at the Zhuhai minimum base of 4,376 yuan.
SHOP = {
    "landlord_kind": "state_owned",
    "monthly_rent": Decimal(30000),
    "revenue_drop_percent": Decimal(35),
    "social_insurance_base": Decimal(4376),
    "insured_headcount": 10,
}


def test_a_small_shop_in_state_owned_premises(catalogue):
    result = calculate(profile(**SHOP), on=POLICY_DAY)
    amounts = {m.item.code: m.amount for m in result.matches}
    assert amounts == {
        "xz-rent-soe-one-month": Decimal("30000.00"),  # 100 % × 30,000 × 1 month
        "xz-fund-small-micro": Decimal("40000.00"),  # 2 % × 2,000,000
        "xz-stable-jobs": Decimal("5000.00"),  # 500 × 10 insured
        "si-exempt-small-medium": Decimal("32820.00"),  # 15 % × 4,376 × 10 × 5 months
    }
    assert result.total == Decimal("107820.00")
    misses = {m.item.code: m.reasons for m in result.misses}
    assert misses["xz-rent-shareholding-halve"] == ["业主类型为国企物业，须为股份合作公司物业"]
    assert misses["xz-catering-lodging"] == ["行业门类为批发和零售业，须为住宿和餐饮业"]
    assert misses["si-halve-large"] == ["企业规模为小型，须为大型"]
    assert misses["xz-key-project-resumption"] == [
        "重点项目为否，须为是",
        "未填写重点项目级别",
    ]
    rent = next(m for m in result.matches if m.item.code == "xz-rent-soe-one-month")
    assert rent.formula_text == "100 % × 月租金 30,000 元 × 1 个月 = 30,000 元"
    assert rent.reasons == ["业主类型为国企物业", "企业规模为小型"]
    assert (rent.item.apply_to, rent.window) == (date(2020, 6, 30), "open")
    assert "租赁合同" in rent.item.documents


def test_the_large_enterprise_of_nanwan_gets_its_4_5_million(catalogue):
    # Wholesale, 4,000 employees, 5 bn yuan: large (X >= 200, Y >= 40,000 x 10k yuan).
    large = profile(
        industry_division="51",
        employees=4000,
        revenue_last_year=Decimal("5000000000"),
        social_insurance_base=Decimal(5000),
        insured_headcount=4000,
        revenue_drop_percent=Decimal(10),
    )
    result = calculate(large, on=POLICY_DAY)
    assert [(m.item.code, m.amount) for m in result.matches] == [
        ("si-halve-large", Decimal("4500000.00"))
    ]
    assert result.total == Decimal("4500000.00")


def test_a_missing_figure_is_named_in_the_item_that_needs_it(catalogue):
    result = calculate(profile(landlord_kind="state_owned"), on=POLICY_DAY)
    rent = next(m for m in result.misses if m.item.code == "xz-rent-soe-one-month")
    assert rent.reasons == ["未填写月租金（计算金额需要）"]
    with translation.override("en"):
        result = calculate(profile(landlord_kind="state_owned"), on=POLICY_DAY)
        rent = next(m for m in result.misses if m.item.code == "xz-rent-soe-one-month")
        assert rent.reasons == ["monthly rent not given (the amount needs it)"]


def test_the_application_window_and_the_total(catalogue):
    # 1 March 2020: the fund opens that day; the industrial award only on 1 April.
    industrial = profile(industry_division="39", employees=300, revenue_last_year=Decimal("3e8"))
    early = calculate(industrial, on=date(2020, 3, 1))
    award = next(m for m in early.matches if m.item.code == "xz-industrial-full-production")
    assert award.window == "not_yet"
    assert award.amount == Decimal("90000.00")  # 300 × 300
    assert early.total == Decimal("90000.00")  # not yet open still counts
    # 1 July 2020: rent, fund and jobs windows closed: listed, not counted in the total.
    late = calculate(profile(**SHOP), on=date(2020, 7, 1))
    rent = next(m for m in late.matches if m.item.code == "xz-rent-soe-one-month")
    assert rent.window == "closed"
    # Only the social-insurance relief, which needs no application, is still to be had.
    assert late.total == Decimal("32820.00")
    assert late.matches[-1].window == "closed"  # closed ones last


def test_an_item_whose_validity_ended_is_not_offered(catalogue):
    result = calculate(profile(**SHOP), on=date(2021, 1, 1))
    assert result.matches == [] and result.misses == []


def test_the_catalogue_is_recompiled_when_an_item_changes(catalogue):
    from shouwang.policies.models import PolicyItem

    assert len(calculate(profile(**SHOP), on=POLICY_DAY).matches) == 4
    item = PolicyItem.objects.get(code="xz-stable-jobs")
    item.is_active = False
    item.save()
    assert len(calculate(profile(**SHOP), on=POLICY_DAY).matches) == 3
