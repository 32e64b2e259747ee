"""The calculator pages: public and inside the enterprise's account, PDF, and who may see
what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shouwang.core.models import AccessLog
from shouwang.core.tests.pdf import pdf_fonts, pdf_text
from shouwang.policies.models import EnterpriseFigures
from shouwang.policies.tests.conftest import SHOP_POST

pytestmark = pytest.mark.usefixtures("policy_day")

CALCULATOR = reverse("policies:calculator")


def test_the_public_calculator_needs_no_login(client, catalogue):
    response = client.get(CALCULATOR)
    assert response.status_code == 200
    assert "惠企政策计算器" in response.content.decode()


def test_the_public_calculator_lists_matches_misses_and_the_total(client, catalogue):
    response = client.post(CALCULATOR, SHOP_POST)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.total == Decimal("107820.00")
    page = response.content.decode()
    assert "107,820" in page
    assert "100 % × 月租金 30,000 元 × 1 个月 = 30,000 元" in page
    assert "业主类型为国企物业，须为股份合作公司物业" in page
    assert "2020-06-30" in page  # the deadline


def test_the_public_calculator_speaks_english(client, catalogue):
    client.cookies["django_language"] = "en"
    post = {**SHOP_POST, "revenue_drop_percent": "12"}
    page = client.post(CALCULATOR, post).content.decode()
    assert "revenue drop 12 % &lt; 30 % required" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("employees", "-5", "人数不能为负数"),
        ("revenue_drop_percent", "120", "营业收入降幅不能超过 100 %"),
        ("monthly_rent", "-1", "金额不能为负数"),
    ],
)
def test_an_impossible_profile_is_refused_with_the_field_named(
    client, catalogue, field, value, message
):
    response = client.post(CALCULATOR, {**SHOP_POST, field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert response.context["result"] is None


def test_the_public_calculation_as_a_pdf(client, catalogue):
    response = client.post(reverse("policies:calculator_pdf"), SHOP_POST)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "惠企政策测算结果" in text
    assert "107,820" in text
    assert "政府和国有物业免收一个月租金" in text
    assert all(embedded for _name, embedded in pdf_fonts(response.content))


def test_the_public_pages_show_nothing_of_the_register(client, catalogue, enterprises):
    page = client.post(CALCULATOR, SHOP_POST).content.decode()
    for enterprise in (enterprises.a, enterprises.b, enterprises.c):
        assert enterprise.name not in page
        assert enterprise.credit_code not in page
    assert client.get(reverse("policies:home")).status_code == 302  # to the login
    assert client.get(reverse("policies:ledger")).status_code == 302


def _account(pk):
    return reverse("policies:enterprise_calculator", args=[pk])


def test_the_enterprise_user_calculates_with_his_register_profile(
    client_for, catalogue, enterprises, enterprise_users
):
    client = client_for(enterprise_users.a)
    assert client.get(reverse("policies:mine")).url == _account(enterprises.a.pk)
    response = client.get(_account(enterprises.a.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["employees"] == 800
    assert form.initial["landlord_kind"] == "state_owned"
    page = response.content.decode()
    assert '<option value="state_owned" selected>' in page
    assert '<option value="39" selected>' in page
    # A medium above-scale manufacturer of 800: the industrial award, 300 × 800 = 240,000;
    # the rent item wants the monthly rent the register does not hold.
    result = response.context["result"]
    assert {m.item.code: m.amount for m in result.matches} == {
        "xz-industrial-full-production": Decimal("240000.00")
    }
    misses = {m.item.code: m.reasons for m in result.misses}
    assert misses["xz-rent-soe-one-month"] == ["未填写月租金（计算金额需要）"]


def test_the_enterprise_keeps_the_figures_the_register_lacks(
    client_for, catalogue, enterprises, enterprise_users
):
    client = client_for(enterprise_users.a)
    post = {
        "industry_division": "39",
        "employees": "800",
        "revenue_last_year": "350000000",
        "revenue_drop_percent": "25",
        "landlord_kind": "state_owned",
        "monthly_rent": "120000",
        "save_figures": "1",
    }
    response = client.post(_account(enterprises.a.pk), post)
    assert response.status_code == 200
    amounts = {m.item.code: m.amount for m in response.context["result"].matches}
    assert amounts["xz-rent-soe-one-month"] == Decimal("120000.00")
    figures = EnterpriseFigures.objects.get(enterprise=enterprises.a)
    assert (figures.revenue_drop_percent, figures.monthly_rent) == (Decimal(25), Decimal(120000))
    assert figures.area == enterprises.a.area


def test_an_officer_sees_the_calculator_of_his_enterprises_but_keeps_nothing(
    client_for, users, catalogue, enterprises
):
    client = client_for(users.supervisor)
    assert client.get(_account(enterprises.a.pk)).status_code == 200
    client.post(_account(enterprises.a.pk), {**SHOP_POST, "save_figures": "1"})
    assert not EnterpriseFigures.objects.exists()  # the supervision group files for no one


@pytest.mark.parametrize(
    ("user", "enterprise"),
    [("ent_a", "b"), ("ent_b", "a"), ("charlie", "a"), ("street_2", "a"), ("street_1", "c")],
)
def test_another_enterprise_or_street_is_not_found(
    client_for, users, catalogue, enterprises, enterprise_users, user, enterprise
):
    accounts = {"ent_a": enterprise_users.a, "ent_b": enterprise_users.b}
    account = accounts.get(user) or getattr(users, user)
    target = getattr(enterprises, enterprise)
    client = client_for(account)
    assert client.get(_account(target.pk)).status_code == 404
    assert (
        client.post(
            reverse("policies:enterprise_calculator_pdf", args=[target.pk]), SHOP_POST
        ).status_code
        == 404
    )
    missing = client.get(_account(999999))
    assert missing.status_code == 404


def test_the_enterprise_pdf_is_logged_as_an_export(
    client_for, catalogue, enterprises, enterprise_users
):
    client = client_for(enterprise_users.a)
    url = reverse("policies:enterprise_calculator_pdf", args=[enterprises.a.pk])
    response = client.post(url, SHOP_POST)
    assert response["Content-Type"] == "application/pdf"
    assert enterprises.a.name in pdf_text(response.content)
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (
        enterprise_users.a,
        "export",
        str(enterprises.a.pk),
    )


def test_the_calculator_costs_a_few_queries(client, catalogue, django_assert_max_num_queries):
    client.post(CALCULATOR, SHOP_POST)  # compiles the catalogue once
    with django_assert_max_num_queries(6):
        client.post(CALCULATOR, SHOP_POST)


def test_the_poster_is_for_officers(client_for, users, enterprise_users):
    response = client_for(users.street_1).get(reverse("policies:poster"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert client_for(enterprise_users.a).get(reverse("policies:poster")).status_code == 404
    assert client_for(users.nobody).get(reverse("policies:poster")).status_code == 404


def test_the_module_page_routes_each_role(client_for, users, enterprise_users, enterprises):
    assert client_for(users.street_1).get(reverse("policies:home")).status_code == 200
    assert client_for(enterprise_users.a).get(reverse("policies:home")).url == _account(
        enterprises.a.pk
    )
    assert client_for(users.nobody).get(reverse("policies:home")).status_code == 404
    assert client_for(users.auditor).get(reverse("policies:home")).status_code == 404
