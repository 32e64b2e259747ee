"""The calculator API and the ledger and matches endpoints, scoped like the pages."""

from datetime import date
from decimal import Decimal

import pytest

from shouwang.policies.models import PolicyItem, ReliefGrant
from shouwang.policies.services import grant_record

pytestmark = pytest.mark.usefixtures("policy_day")
URL = "/api/v1/policies/calculate"
SHOP = {
    "industry_division": "52",
    "employees": 12,
    "revenue_last_year": "2000000",
    "revenue_drop_percent": "35",
    "landlord_kind": "state_owned",
    "monthly_rent": "30000",
    "social_insurance_base": "4376",
    "insured_headcount": 10,
}


def test_calculate_answers_the_matches_as_json(api_for, users, catalogue):
    response = api_for(users.street_1).post(URL, SHOP, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == "107820.00"
    rent = next(m for m in data["matches"] if m["code"] == "xz-rent-soe-one-month")
    assert rent["amount"] == "30000.00"
    assert rent["formula"] == "100 % × 月租金 30,000 元 × 1 个月 = 30,000 元"
    assert rent["apply_to"] == "2020-06-30" and rent["window"] == "open"
    assert "租赁合同" in rent["documents"]
    miss = next(m for m in data["misses"] if m["code"] == "si-halve-large")
    assert miss["reasons"] == ["企业规模为小型，须为大型"]
    assert data["profile"]["size_class"] == "small"


def test_calculate_refuses_an_impossible_profile_naming_the_field(api_for, users, catalogue):
    response = api_for(users.street_1).post(
        URL, {**SHOP, "employees": -1, "revenue_drop_percent": "101"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"employees", "revenue_drop_percent"}
    response = api_for(users.street_1).post(URL, {**SHOP, "street": "S9"}, format="json")
    assert response.json() == {"street": ["未知的街道"]}


def test_calculate_for_a_registered_enterprise_is_scoped(
    api_for, users, catalogue, enterprises, enterprise_users
):
    response = api_for(enterprise_users.a).post(
        URL, {"enterprise": enterprises.a.pk}, format="json"
    )
    assert response.status_code == 200
    assert [m["code"] for m in response.json()["matches"]] == ["xz-industrial-full-production"]
    # an override of a figure the register lacks
    response = api_for(enterprise_users.a).post(
        URL, {"enterprise": enterprises.a.pk, "monthly_rent": "1000"}, format="json"
    )
    assert "xz-rent-soe-one-month" in [m["code"] for m in response.json()["matches"]]
    assert (
        api_for(enterprise_users.a)
        .post(URL, {"enterprise": enterprises.b.pk}, format="json")
        .status_code
        == 404
    )
    assert (
        api_for(users.street_2)
        .post(URL, {"enterprise": enterprises.a.pk}, format="json")
        .status_code
        == 404
    )


def test_calculate_needs_a_caller(client, catalogue):
    assert client.post(URL, SHOP, content_type="application/json").status_code in (401, 403)


def test_the_catalogue_endpoint(api_for, users, catalogue):
    response = api_for(users.charlie).get("/api/v1/policy-items/si-halve-large/")
    assert response.status_code == 200
    assert response.json()["formula"]["rate_percent"] == 7.5


def test_grants_are_scoped_and_recorded_through_the_api(
    api_for, users, catalogue, enterprises, enterprise_users
):
    item = PolicyItem.objects.get(code="xz-stable-jobs")
    grant_record(
        enterprise=enterprises.c,
        item=item,
        amount=Decimal(3000),
        granted_on=date(2020, 3, 3),
        by=None,
    )
    assert api_for(users.street_1).get("/api/v1/relief-grants/").json()["count"] == 0
    assert api_for(users.street_2).get("/api/v1/relief-grants/").json()["count"] == 1
    body = {
        "enterprise": enterprises.c.pk,
        "item": "xz-stable-jobs",
        "amount": "100",
        "granted_on": "2020-03-04",
    }
    assert (
        api_for(users.street_1).post("/api/v1/relief-grants/", body, format="json").status_code
        == 404
    )
    response = api_for(users.street_2).post("/api/v1/relief-grants/", body, format="json")
    assert response.status_code == 201
    bad = api_for(users.street_2).post(
        "/api/v1/relief-grants/", {**body, "amount": "0"}, format="json"
    )
    assert bad.json() == {"amount": ["金额应大于 0"]}
    assert ReliefGrant.objects.count() == 2
    filtered = api_for(users.commander).get(
        "/api/v1/relief-grants/", {"street": "S2", "item": "xz-stable-jobs"}
    )
    assert filtered.json()["count"] == 2
    assert api_for(enterprise_users.a).get("/api/v1/relief-grants/").json()["count"] == 0
