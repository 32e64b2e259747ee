"""The condition and formula language: every kind with a worked example, the words of
the explanations in both languages, and the refusals naming the place."""

from decimal import Decimal

import pytest
from django.utils import translation

from shouwang.policies.profile import Profile
from shouwang.policies.rules import (
    Problems,
    Words,
    parse_condition,
    parse_conditions,
    parse_formula,
)
from shouwang.policies.tests.conftest import profile


def condition(data, streets=None):
    problems = Problems()
    parsed = parse_condition(data, "c", problems, streets)
    assert not problems, problems.items
    return parsed


def formula(data):
    problems = Problems()
    parsed = parse_formula(data, "f", problems)
    assert not problems, problems.items
    return parsed


def explained(data, subject, streets=None, names=None):
    return condition(data, streets).explain(subject, Words(names))


# --- comparisons of numbers -----------------------------------------------------------


def test_revenue_drop_below_the_threshold_says_so_in_words():
    drop = {"field": "revenue_drop_percent", "op": "gte", "value": 30}
    assert explained(drop, profile(revenue_drop_percent=Decimal(12))) == (
        False,
        "营业收入降幅 12 % < 30 %（须 ≥ 30 %）",
    )
    with translation.override("en"):
        assert explained(drop, profile(revenue_drop_percent=Decimal(12))) == (
            False,
            "revenue drop 12 % < 30 % required",
        )
    assert explained(drop, profile(revenue_drop_percent=Decimal(30))) == (
        True,
        "营业收入降幅 30 % ≥ 30 %",
    )


@pytest.mark.parametrize(
    ("op", "value", "employees", "holds"),
    [
        ("gt", 10, 12, True),
        ("gt", 12, 12, False),
        ("gte", 12, 12, True),
        ("lt", 20, 12, True),
        ("lt", 12, 12, False),
        ("lte", 12, 12, True),
        ("eq", 12, 12, True),
        ("eq", 13, 12, False),
        ("ne", 13, 12, True),
        ("between", [10, 20], 12, True),
        ("between", [13, 20], 12, False),
    ],
)
def test_every_comparison_of_a_count(op, value, employees, holds):
    data = {"field": "employees", "op": op, "value": value}
    assert condition(data).holds(profile(employees=employees)) is holds


def test_money_and_count_read_with_their_units():
    rent = {"field": "monthly_rent", "op": "lte", "value": 50000}
    assert explained(rent, profile(monthly_rent=Decimal(80000))) == (
        False,
        "月租金 80,000 元 > 50,000 元（须 ≤ 50,000 元）",
    )
    heads = {"field": "employees", "op": "between", "value": [10, 300]}
    assert explained(heads, profile(employees=400)) == (
        False,
        "从业人数 400 人 不在 10 人 至 300 人 之间",
    )


def test_a_value_not_given_fails_with_not_given():
    drop = {"field": "revenue_drop_percent", "op": "gte", "value": 30}
    assert explained(drop, profile()) == (False, "未填写营业收入降幅")
    with translation.override("en"):
        assert explained(drop, profile()) == (False, "revenue drop not given")


# --- codes, areas and flags -------------------------------------------------------------


def test_landlord_in_a_list_names_the_allowed_kinds():
    soe = {"field": "landlord_kind", "op": "in", "value": ["state_owned", "government"]}
    assert explained(soe, profile(landlord_kind="state_owned")) == (True, "业主类型为国企物业")
    assert explained(soe, profile(landlord_kind="private")) == (
        False,
        "业主类型为私人业主，须为政府物业、国企物业之一",
    )


def test_derived_size_class_and_industry_section_are_matched():
    # A shop of 12 people with 2 m yuan of revenue is small (retail: X >= 10, Y >= 100 (10k)).
    shop = profile()
    assert (shop.size_class, shop.industry_section, shop.scale) == ("small", "F", "below_scale")
    assert condition({"field": "size_class", "op": "in", "value": ["small", "micro"]}).holds(shop)
    assert not condition({"field": "industry_section", "op": "eq", "value": "H"}).holds(shop)
    assert condition({"field": "industry_section", "op": "ne", "value": "H"}).holds(shop)
    assert condition({"field": "scale", "op": "not_in", "value": ["above_scale"]}).holds(shop)


def test_a_street_condition_reads_the_street_names():
    data = {"field": "street", "op": "in", "value": ["S2"]}
    names = {"S1": "拱北街道", "S2": "吉大街道"}
    subject = Profile.checked(street="S1", streets={"S1", "S2"})
    assert explained(data, subject, streets={"S1", "S2"}, names=names) == (
        False,
        "所在街道为拱北街道，须为吉大街道之一",
    )


def test_a_flag_is_yes_or_no():
    key = {"field": "is_key_project", "op": "eq", "value": True}
    assert explained(key, profile(is_key_project=True)) == (True, "重点项目为是")
    assert explained(key, profile()) == (False, "重点项目为否，须为是")


# --- groups -----------------------------------------------------------------------------


def test_any_holds_with_one_part_and_fails_listing_all():
    data = {
        "any": [
            {"field": "employees", "op": "lt", "value": 10},
            {"field": "landlord_kind", "op": "eq", "value": "government"},
        ]
    }
    assert explained(data, profile(employees=5)) == (True, "从业人数 5 人 < 10 人")
    assert explained(data, profile(landlord_kind="private")) == (
        False,
        "以下条件均不满足：从业人数 12 人 ≥ 10 人（须 < 10 人）；业主类型为私人业主，须为政府物业",
    )


def test_all_fails_with_the_parts_that_failed():
    data = {
        "all": [
            {"field": "employees", "op": "gte", "value": 10},
            {"field": "revenue_last_year", "op": "gte", "value": 5000000},
        ]
    }
    assert explained(data, profile()) == (
        False,
        "上年营业收入 2,000,000 元 < 5,000,000 元（须 ≥ 5,000,000 元）",
    )


# --- formulas ---------------------------------------------------------------------------


def test_fixed_amount():
    fixed = formula({"kind": "fixed", "amount": 20000})
    assert fixed.amount_for(profile()) == Decimal("20000.00")
    assert fixed.explain(profile(), Words()) == "定额 20,000 元"


def test_per_head_with_its_cap():
    jobs = formula(
        {"kind": "per_head", "per_head": 500, "headcount": "insured_headcount", "cap": 300000}
    )
    # 500 yuan × 40 insured = 20,000
    assert jobs.amount_for(profile(insured_headcount=40)) == Decimal("20000.00")
    assert (
        jobs.explain(profile(insured_headcount=40), Words())
        == "500 元/人 × 参保人数 40 人 = 20,000 元"
    )
    # 500 × 800 = 400,000 > the cap of 300,000
    assert jobs.amount_for(profile(insured_headcount=800)) == Decimal("300000.00")
    assert jobs.explain(profile(insured_headcount=800), Words()) == (
        "500 元/人 × 参保人数 800 人 = 400,000 元，超过上限按 300,000 元"
    )


def test_rate_base_months_is_the_4_5_million_of_nanwan():
    """Seed 003: a company shown 4.5 m yuan of social-insurance relief. A large enterprise
    with 4,000 insured at a base of 5,000 yuan a month, employer share halved (7.5 %) for
    three months: 7.5 % × 5,000 × 4,000 × 3 = 4,500,000."""
    halved = formula(
        {
            "kind": "rate_base_months",
            "rate_percent": 7.5,
            "base": "social_insurance_base",
            "headcount": "insured_headcount",
            "months": 3,
        }
    )
    large = profile(social_insurance_base=Decimal(5000), insured_headcount=4000)
    assert halved.amount_for(large) == Decimal("4500000.00")
    assert halved.explain(large, Words()) == (
        "7.5 % × 社保缴费基数 5,000 元 × 参保人数 4,000 人 × 3 个月 = 4,500,000 元"
    )
    with translation.override("en"):
        assert halved.explain(large, Words()) == (
            "7.5 % × social-insurance base 5,000 yuan × insured employees 4,000 persons "
            "× 3 months = 4,500,000 yuan"
        )


def test_rate_on_a_base_without_months_with_floor_and_cap():
    fund = formula(
        {
            "kind": "rate_base_months",
            "rate_percent": 2,
            "base": "revenue_last_year",
            "floor": 5000,
            "cap": 100000,
        }
    )
    # 2 % × 2,000,000 = 40,000
    assert fund.amount_for(profile()) == Decimal("40000.00")
    assert fund.explain(profile(), Words()) == "2 % × 上年营业收入 2,000,000 元 = 40,000 元"
    # 2 % × 100,000 = 2,000 < the floor of 5,000
    tiny = profile(revenue_last_year=Decimal(100000))
    assert fund.amount_for(tiny) == Decimal("5000.00")
    assert fund.explain(tiny, Words()).endswith("= 2,000 元，不足保底按 5,000 元")
    # 2 % × 9,000,000 = 180,000 > the cap of 100,000
    assert fund.amount_for(profile(revenue_last_year=Decimal(9000000))) == Decimal("100000.00")


def test_amounts_round_half_up_to_the_fen():
    odd = formula({"kind": "rate_base_months", "rate_percent": 0.5, "base": "monthly_rent"})
    # 0.5 % × 333.33 = 1.66665 → 1.67
    assert odd.amount_for(profile(monthly_rent=Decimal("333.33"))) == Decimal("1.67")


def test_a_formula_without_its_base_names_what_is_missing():
    rent = formula({"kind": "rate_base_months", "rate_percent": 100, "base": "monthly_rent"})
    assert [field.name for field in rent.missing(profile())] == ["monthly_rent"]


# --- refusals ---------------------------------------------------------------------------


def test_bad_conditions_are_refused_with_their_place():
    problems = Problems()
    parse_conditions(
        [
            {"field": "revenue_dorp", "op": "gte", "value": 30},
            {"field": "employees", "op": "gtee", "value": 1},
            {"field": "employees", "op": "gte", "value": "many"},
            {"field": "landlord_kind", "op": "in", "value": ["castle"]},
            {"field": "employees", "op": "gte", "value": 1, "unit": "persons"},
            {"field": "employees", "op": "between", "value": [20, 10]},
            {"any": [{"field": "employees", "op": "gte", "value": 1}]},
            {"field": "street", "op": "in", "value": ["S9"]},
            "employees >= 10",
        ],
        "conditions",
        problems,
        streets={"S1"},
    )
    places = [place for place, _message in problems.items]
    assert places == [
        "conditions[0].field",
        "conditions[1].op",
        "conditions[2].value",
        "conditions[3].value",
        "conditions[4]",
        "conditions[5].value",
        "conditions[6].any",
        "conditions[7].value",
        "conditions[8]",
    ]
    assert problems.items[0][1] == "没有这个字段：revenue_dorp"
    assert problems.items[2][1] == "不是数字：many"


def test_bad_formulas_are_refused_with_their_place():
    problems = Problems()
    parse_formula({"kind": "percent_of_everything"}, "f1", problems)
    parse_formula({"kind": "fixed"}, "f2", problems)
    parse_formula(
        {"kind": "per_head", "per_head": "x", "headcount": "revenue_last_year"}, "f3", problems
    )
    parse_formula(
        {"kind": "rate_base_months", "rate_percent": 0, "base": "monthly_rent"}, "f4", problems
    )
    parse_formula(
        {"kind": "rate_base_months", "rate_percent": 5, "base": "rent", "months": 1.5},
        "f5",
        problems,
    )
    parse_formula({"kind": "fixed", "amount": -1}, "f6", problems)
    parse_formula(
        {"kind": "per_head", "per_head": 1, "headcount": "employees", "floor": 9, "cap": 5},
        "f7",
        problems,
    )
    parse_formula("500 * employees", "f8", problems)
    assert [place for place, _message in problems.items] == [
        "f1.kind",
        "f2",
        "f3.per_head",
        "f3.headcount",
        "f4.rate_percent",
        "f5.months",
        "f5.base",
        "f6.amount",
        "f7.floor",
        "f8",
    ]


def test_impossible_profiles_are_refused_naming_the_fields():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        Profile.checked(employees=-3, revenue_drop_percent=Decimal(120), landlord_kind="castle")
    assert set(refused.value.message_dict) == {"employees", "revenue_drop_percent", "landlord_kind"}
    assert refused.value.message_dict["revenue_drop_percent"] == ["营业收入降幅不能超过 100 %"]
