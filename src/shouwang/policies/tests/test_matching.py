"""Proactive matching: the background run, what it finds, what it leaves out, the
streets' lists, the notification list, and scoping."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shouwang.enterprises.services import EnterpriseProfile, enterprise_update
from shouwang.policies.engine import calculate
from shouwang.policies.models import (
    EnterpriseFigures,
    Entitlement,
    EntitlementNotice,
    MatchingRun,
    PolicyItem,
)
from shouwang.policies.profile import enterprise_profile
from shouwang.policies.services import (
    entitlements_notify,
    figures_save,
    grant_record,
    matching_run_execute,
)

pytestmark = pytest.mark.usefixtures("policy_day")


@pytest.fixture
def figures(catalogue, enterprises):
    """a: medium manufacturer in SOE premises at 120,000 a month, revenue down 25 %;
    b: the small shop, down 35 %, 8,000 a month to a private landlord."""
    figures_save(
        enterprise=enterprises.a,
        revenue_drop_percent=Decimal(25),
        monthly_rent=Decimal(120000),
        by=None,
    )
    enterprises.b.landlord_kind = "private"
    enterprises.b.save()
    figures_save(
        enterprise=enterprises.b,
        revenue_drop_percent=Decimal(35),
        monthly_rent=Decimal(8000),
        by=None,
    )


def _run(tree) -> MatchingRun:
    return matching_run_execute(run=MatchingRun.objects.create(area=tree.D))


def _found():
    return sorted(Entitlement.objects.values_list("enterprise__name", "item__code", "amount"))


def test_the_run_finds_what_the_calculator_finds(tree, enterprises, figures):
    run = _run(tree)
    assert (run.status, run.total, run.items) == ("done", 3, 10)
    from shouwang.core.models import AuditEvent

    audit = AuditEvent.objects.get(model="policies.entitlement")
    assert (audit.action, audit.changes, audit.area_path) == ("import", {"rows": 4}, tree.D.path)
    assert _found() == [
        ("昌盛便利店", "xz-fund-small-micro", Decimal("40000.00")),  # 2 % × 2,000,000
        ("昌盛便利店", "xz-rent-landlord-initiative", Decimal("4000.00")),  # 50 % × 8,000
        ("珠海金邦达制造有限公司", "xz-industrial-full-production", Decimal("240000.00")),
        ("珠海金邦达制造有限公司", "xz-rent-soe-one-month", Decimal("120000.00")),
    ]
    assert run.amount == Decimal("404000.00")
    # The same engine: each enterprise's entitlements are the calculator's matches.
    for enterprise in (enterprises.a, enterprises.b, enterprises.c):
        enterprise.refresh_from_db()
        profile = enterprise_profile(
            enterprise, EnterpriseFigures.objects.filter(enterprise=enterprise).first()
        )
        matches = {m.item.code for m in calculate(profile, on=date(2020, 4, 1)).matches}
        assert matches == set(
            Entitlement.objects.filter(enterprise=enterprise).values_list("item__code", flat=True)
        )


def test_what_was_granted_is_not_listed_again_and_a_new_run_replaces_the_old(
    tree, enterprises, figures
):
    _run(tree)
    grant_record(
        enterprise=enterprises.a,
        item=PolicyItem.objects.get(code="xz-rent-soe-one-month"),
        amount=Decimal(120000),
        granted_on=date(2020, 3, 1),
        by=None,
    )
    second = _run(tree)
    assert ("珠海金邦达制造有限公司", "xz-rent-soe-one-month", Decimal("120000.00")) not in _found()
    assert set(Entitlement.objects.values_list("run_id", flat=True)) == {second.pk}


def test_items_whose_window_closed_are_left_out(tree, enterprises, figures, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2020, 7, 2, 2, 0, tzinfo=UTC))
    run = _run(tree)
    # Only the social-insurance relief has no window; the fixture register holds no
    # insured headcounts, so nothing is left to claim.
    assert run.items == 2
    assert _found() == []


def test_a_failed_run_keeps_the_previous_result(tree, enterprises, figures, monkeypatch):
    first = _run(tree)
    from shouwang.policies.services import matching

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(matching, "write_rows", broken)
    with pytest.raises(RuntimeError):
        _run(tree)
    failed = MatchingRun.objects.exclude(pk=first.pk).get()
    assert (failed.status, failed.error) == ("failed", "disk full")
    assert set(Entitlement.objects.values_list("run_id", flat=True)) == {first.pk}


def test_the_page_starts_a_run_in_the_background(
    client_for, users, tree, enterprises, figures, django_capture_on_commit_callbacks
):
    client = client_for(users.commander)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("policies:runs"))
    run = MatchingRun.objects.get()
    assert response.url == reverse("policies:run_detail", args=[run.pk])
    assert run.status == "done" and run.requested_by == users.commander
    status = client.get(response.url, HTTP_HX_REQUEST="true")
    assert "已匹配 3 / 3 家企业" in status.content.decode()
    assert client_for(users.street_1).post(reverse("policies:runs")).status_code == 404


def test_each_street_sees_its_own_entitlements(
    client_for, users, tree, enterprises, figures, enterprise_users, django_assert_max_num_queries
):
    _run(tree)
    client = client_for(users.street_1)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("policies:entitlements"))
    streets = response.context["streets"]
    assert [
        (row["street"].name, row["enterprises"], row["entitlements"], row["amount"])
        for row in streets
    ] == [("拱北街道", 2, 4, Decimal("404000.00"))]
    chart = response.context["charts"]["streets"]
    assert chart["categories"] == ["拱北街道"] and chart["series"][0]["values"] == [40.4]
    assert 'data-testid="streets-chart"' in response.content.decode()
    assert client_for(users.street_2).get(reverse("policies:entitlements")).context["streets"] == []
    assert client_for(enterprise_users.a).get(reverse("policies:entitlements")).status_code == 404
    # The enterprise sees its own on its calculator page.
    page = client_for(enterprise_users.a).get(
        reverse("policies:enterprise_calculator", args=[enterprises.a.pk])
    )
    assert sorted(row.item.code for row in page.context["entitlements"]) == [
        "xz-industrial-full-production",
        "xz-rent-soe-one-month",
    ]


def test_the_notification_list_and_telling_an_enterprise(
    client_for, users, tree, enterprises, figures, django_assert_max_num_queries
):
    _run(tree)
    client = client_for(users.community)
    with django_assert_max_num_queries(12):
        rows = list(client.get(reverse("policies:notifications")).context["page_obj"])
    assert [(r["enterprise__name"], r["items"], r["untold"]) for r in rows] == [
        ("珠海金邦达制造有限公司", 2, 2),
        ("昌盛便利店", 2, 2),
    ]
    response = client.post(
        reverse("policies:notify", args=[enterprises.b.pk]), {"note": "电话告知"}
    )
    assert response.status_code == 302
    assert EntitlementNotice.objects.filter(enterprise=enterprises.b).count() == 2
    # Told is remembered across runs.
    _run(tree)
    rows = list(client.get(reverse("policies:notifications")).context["page_obj"])
    assert {r["enterprise__name"]: r["untold"] for r in rows} == {
        "珠海金邦达制造有限公司": 2,
        "昌盛便利店": 0,
    }
    assert (
        client_for(users.street_2)
        .post(reverse("policies:notify", args=[enterprises.b.pk]), {"note": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(users.grid_a)
        .post(reverse("policies:notify", args=[enterprises.b.pk]), {"note": "x"})
        .status_code
        == 404
    )
    with pytest.raises(Exception):  # noqa: B017  (a ValidationError naming the note)
        entitlements_notify(enterprise=enterprises.a, note=" ", by=users.community)


def test_the_export_is_scoped_and_logged(
    client_for, users, tree, enterprises, figures, export_through
):
    from io import BytesIO

    from openpyxl import load_workbook

    from shouwang.core.models import AccessLog

    _run(tree)
    response = export_through(
        client_for(users.street_2), reverse("policies:entitlements_export"), {"reason": "核对"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # S2 has nothing: the header only
    response = export_through(
        client_for(users.street_1), reverse("policies:entitlements_export"), {"reason": "核对"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5
    assert "138****0001" in [row[4] for row in rows]  # phones masked
    amounts = [row[7] for row in rows[1:]]  # one street: in the page's order, largest first
    assert amounts == sorted(amounts, reverse=True) and len(set(amounts)) > 1
    assert AccessLog.objects.filter(action="export").count() == 2


def test_rows_follow_an_enterprise_that_moves(tree, enterprises, figures):
    _run(tree)
    enterprise = enterprises.a
    enterprise_update(
        enterprise=enterprise,
        name=enterprise.name,
        area=tree.S2C1,
        profile=EnterpriseProfile(
            industry_division="39",
            employees=800,
            revenue_last_year=Decimal("350000000"),
            landlord_kind="state_owned",
        ),
        by=None,
    )
    assert set(
        Entitlement.objects.filter(enterprise=enterprise).values_list("area_id", "street_id")
    ) == {(tree.S2C1.pk, tree.S2.pk)}
    assert EnterpriseFigures.objects.get(enterprise=enterprise).area == tree.S2C1


def test_the_command_runs_a_matching(tree, enterprises, figures):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("match_enterprises", stdout=out)
    assert out.getvalue().startswith("3 enterprises × 10 items: 4 entitlements, 404000.00 yuan")


def test_the_entitlements_api_keeps_to_the_callers_scope(
    api_for, users, tree, enterprises, figures, enterprise_users
):
    _run(tree)
    url = "/api/v1/entitlements/"

    def names(user):
        response = api_for(user).get(url)
        assert response.status_code == 200
        return {row["enterprise_name"] for row in response.json()["results"]}

    both = {enterprises.a.name, enterprises.b.name}
    assert names(users.commander) == names(users.street_1) == both
    assert names(users.street_2) == set()  # the street next door
    assert names(enterprise_users.a) == {enterprises.a.name}  # an enterprise: its own only
    assert names(enterprise_users.b) == {enterprises.b.name}
    assert api_for(users.building_a).get(url).json()["results"] == []
