from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shouwang.core.models import AccessLog
from shouwang.core.tests.test_signatures_and_qr import drawn_png
from shouwang.enterprises.choices import FilingStatus
from shouwang.enterprises.models import Enterprise, ResumptionFiling, ServiceVisit
from shouwang.enterprises.services import filing_start, filing_submit
from shouwang.enterprises.signals import visit_problem_raised
from shouwang.enterprises.tests.conftest import PDF, plan_upload, submit_kwargs


@pytest.fixture
def filed(enterprises, enterprise_users, policy):
    filing = filing_start(enterprise=enterprises.a, by=enterprise_users.a)
    return filing_submit(filing=filing, by=enterprise_users.a, **submit_kwargs())


def test_enterprise_user_lands_on_his_enterprise(client_for, enterprise_users, enterprises):
    response = client_for(enterprise_users.a).get(reverse("enterprises:enterprise_list"))
    assert response.url == reverse("enterprises:enterprise_detail", args=[enterprises.a.pk])


def test_enterprise_a_cannot_open_enterprise_b(client_for, enterprise_users, enterprises):
    client = client_for(enterprise_users.a)
    for name in ("enterprise_detail", "enterprise_edit"):
        assert (
            client.get(reverse(f"enterprises:{name}", args=[enterprises.b.pk])).status_code == 404
        )
    for name in ("filing_edit", "employee_upload", "visit_create"):
        response = client.get(reverse(f"enterprises:{name}", args=[enterprises.b.pk]))
        assert response.status_code == 404
    assert not ResumptionFiling.objects.filter(enterprise=enterprises.b).exists()


def test_enterprise_user_cannot_review_nor_see_officer_pages(client_for, enterprise_users, filed):
    client = client_for(enterprise_users.a)
    assert client.post(reverse("enterprises:filing_accept", args=[filed.pk])).status_code == 404
    for name in ("dashboard", "filing_list", "trip_list", "policy_list", "enterprise_create"):
        assert client.get(reverse(f"enterprises:{name}")).status_code == 404
    assert client.get(reverse("people:person_list")).status_code == 404
    filed.refresh_from_db()
    assert filed.status == FilingStatus.FILED


def test_street_officer_sees_only_his_street(client_for, users, enterprises):
    client = client_for(users.street_2)
    response = client.get(reverse("enterprises:enterprise_list"))
    assert list(response.context["object_list"]) == [enterprises.c]
    assert (
        client.get(reverse("enterprises:enterprise_detail", args=[enterprises.a.pk])).status_code
        == 404
    )


def test_out_of_scope_looks_like_missing(client_for, users, enterprises):
    client = client_for(users.street_2)
    hidden = client.get(reverse("enterprises:enterprise_detail", args=[enterprises.a.pk]))
    missing = client.get(reverse("enterprises:enterprise_detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404


def test_filing_page_files_with_signature_and_plan(
    client_for, enterprise_users, enterprises, policy
):
    client = client_for(enterprise_users.a)
    url = reverse("enterprises:filing_edit", args=[enterprises.a.pk])
    assert client.get(url).status_code == 200
    # Opening the page writes nothing: no draft, the enterprise's state unchanged.
    assert not ResumptionFiling.objects.filter(enterprise=enterprises.a).exists()
    enterprises.a.refresh_from_db()
    assert enterprises.a.resumption_state == "not_filed"
    data = {
        "planned_date": (timezone.localdate() + timedelta(days=6)).isoformat(),
        "employees_total": 100,
        "employees_returning": 90,
        "employees_from_risk_areas": 2,
        "employees_in_isolation": 1,
        "liaison_name": "陈健康",
        "liaison_phone": "13900000002",
        "item_1": "done",
        "item_2": "done",
        "item_3": "not_applicable",
        "signer_name": "王经理",
        "signature": drawn_png(),
        "emergency_plan": plan_upload(),
        "submit": "1",
    }
    response = client.post(url, data)
    filing = ResumptionFiling.objects.get(enterprise=enterprises.a)
    assert response.url == reverse("enterprises:filing_detail", args=[filing.pk])
    assert filing.status == FilingStatus.FILED
    plan = client.get(reverse("enterprises:filing_plan", args=[filing.pk]))
    assert b"".join(plan.streaming_content) == PDF


def test_filing_page_names_unanswered_items(client_for, enterprise_users, enterprises, policy):
    client = client_for(enterprise_users.a)
    url = reverse("enterprises:filing_edit", args=[enterprises.a.pk])
    response = client.post(
        url,
        {
            "planned_date": (timezone.localdate() + timedelta(days=6)).isoformat(),
            "employees_total": 10,
            "employees_returning": 10,
            "employees_from_risk_areas": 0,
            "employees_in_isolation": 0,
            "liaison_name": "陈",
            "liaison_phone": "13900000002",
            "item_1": "done",
            "signer_name": "王",
            "signature": drawn_png(),
            "emergency_plan": plan_upload(),
            "submit": "1",
        },
    )
    assert response.status_code == 200
    assert "2、3" in response.content.decode()
    assert ResumptionFiling.objects.get().status == FilingStatus.DRAFT


def test_street_officer_accepts_and_other_street_cannot(client_for, users, filed):
    assert (
        client_for(users.street_2)
        .post(reverse("enterprises:filing_accept", args=[filed.pk]))
        .status_code
        == 404
    )
    filed.refresh_from_db()
    assert filed.status == FilingStatus.FILED
    client_for(users.street_1).post(reverse("enterprises:filing_accept", args=[filed.pk]))
    filed.refresh_from_db()
    assert filed.status == FilingStatus.ACCEPTED


def test_return_needs_a_reason(client_for, users, filed):
    client = client_for(users.street_1)
    client.post(reverse("enterprises:filing_return", args=[filed.pk]), {"reason": ""})
    filed.refresh_from_db()
    assert filed.status == FilingStatus.FILED
    client.post(reverse("enterprises:filing_return", args=[filed.pk]), {"reason": "缺测温点"})
    filed.refresh_from_db()
    assert (filed.status, filed.review_reason) == (FilingStatus.RETURNED, "缺测温点")


def test_dashboard_counts_and_query_budget(client_for, users, filed, django_assert_max_num_queries):
    client = client_for(users.commander)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("enterprises:dashboard"))
    board = response.context["board"]
    assert board["waiting_count"] == 1
    assert {row["key"]: row["total"] for row in board["categories"]}["all"] == 3
    street_2 = client_for(users.street_2).get(reverse("enterprises:dashboard")).context["board"]
    assert street_2["waiting_count"] == 0
    assert [row["street"].code for row in street_2["streets"]] == ["S2"]


def test_list_query_budget(client_for, users, enterprises, django_assert_max_num_queries):
    client = client_for(users.commander)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("enterprises:enterprise_list")).status_code == 200


def test_export_is_scoped_masked_and_logged(client_for, users, enterprises, export_through):
    response = export_through(
        client_for(users.street_1), reverse("enterprises:enterprise_export"), {"reason": "复工统计"}
    )
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.row_count, log.fields) == (2, "")


def test_visit_records_problem_and_raises_it(
    client_for, users, enterprises, django_capture_on_commit_callbacks
):
    received = []
    visit_problem_raised.connect(
        lambda sender, problem, by, **kw: received.append(problem), weak=False
    )
    client = client_for(users.community)
    client.post(
        reverse("enterprises:visit_create", args=[enterprises.a.pk]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "社区工作站",
            "masks_handed_over": 3000,
            "problem_category": "supplies",
            "problem_description": "缺少额温枪",
        },
    )
    problem = ServiceVisit.objects.get().problems.get()
    assert (
        client_for(users.street_2)
        .post(reverse("enterprises:problem_raise", args=[problem.pk]))
        .status_code
        == 404
    )
    client = client_for(users.community)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enterprises:problem_raise", args=[problem.pk]))
    problem.refresh_from_db()
    assert problem.status == "raised" and received == [problem]


def test_the_resumption_trend_falls_on_the_day_an_enterprise_is_stopped(
    client_for, users, enterprises
):
    today = timezone.localdate()
    Enterprise.objects.filter(pk=enterprises.a.pk).update(
        resumed_on=today - timedelta(days=3), suspended_on=today - timedelta(days=1)
    )
    Enterprise.objects.filter(pk=enterprises.b.pk).update(resumed_on=today - timedelta(days=2))
    board = client_for(users.commander).get(reverse("enterprises:dashboard")).context["board"]
    series = board["series"]
    assert series["days"][0] == (today - timedelta(days=3)).isoformat()
    total = {row["key"]: row["total"] for row in board["categories"]}["all"]
    expected = [round(100 * n / total, 1) for n in (1, 2, 1)]
    assert series["rates"]["all"] == expected


def test_an_officer_reveals_an_enterprises_phone_for_a_reason_and_it_is_logged(
    client_for, users, enterprises, enterprise_users
):
    from shouwang.core.choices import AccessAction

    url = reverse("enterprises:phone_reveal", args=["enterprise", enterprises.a.pk])
    page = client_for(users.community).get(
        reverse("enterprises:enterprise_detail", args=[enterprises.a.pk])
    )
    assert 'data-testid="reveal-form"' in page.content.decode()
    refused = client_for(users.community).post(url, {"reason": " "})
    assert refused.status_code == 400 and not AccessLog.objects.exists()
    shown = client_for(users.community).post(url, {"reason": "回访复工情况"})
    assert shown.status_code == 200 and "13800000001" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    log = AccessLog.objects.get()
    assert (log.action, log.fields, log.reason) == (
        AccessAction.REVEAL,
        "contact_phone",
        "回访复工情况",
    )
    assert "13800000001" not in str(log.__dict__)
    # The street next door, the enterprise's own user and a supervisor see no more.
    for user in (users.street_2, enterprise_users.a, users.supervisor):
        assert client_for(user).post(url, {"reason": "看看"}).status_code == 404
    assert AccessLog.objects.count() == 1
    other_kind = reverse("enterprises:phone_reveal", args=["person", enterprises.a.pk])
    assert client_for(users.community).post(other_kind, {"reason": "x"}).status_code == 404


def test_a_filings_health_liaison_phone_is_revealed_on_its_page(client_for, users, filed):
    url = reverse("enterprises:phone_reveal", args=["filing", filed.pk])
    page = client_for(users.street_1).get(reverse("enterprises:filing_detail", args=[filed.pk]))
    assert url in page.content.decode()
    shown = client_for(users.street_1).post(url, {"reason": "联系健康联络员"})
    assert shown.status_code == 200 and filed.liaison_phone in shown.content.decode()
    assert AccessLog.objects.get().fields == "liaison_phone"
    assert client_for(users.street_2).post(url, {"reason": "x"}).status_code == 404


def test_the_dashboards_waiting_list_holds_the_filed_and_the_accepted(
    client_for, users, enterprises, filed
):
    Enterprise.objects.filter(pk=enterprises.b.pk).update(resumption_state="accepted")
    Enterprise.objects.filter(pk=enterprises.c.pk).update(resumption_state="resumed")
    client = client_for(users.commander)
    dashboard = client.get(reverse("enterprises:dashboard")).content.decode()
    assert "?state=waiting" in dashboard
    listed = client.get(reverse("enterprises:enterprise_list"), {"state": "waiting"})
    assert {e.pk for e in listed.context["page_obj"]} == {enterprises.a.pk, enterprises.b.pk}
