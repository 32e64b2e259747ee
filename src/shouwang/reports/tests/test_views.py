from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shouwang.reports.models import DailySnapshot, ReportRun
from shouwang.reports.services import snapshots_compute


@pytest.fixture
def computed(fortnight):
    for n in range(11):
        snapshots_compute(day=fortnight.day(n))
    return fortnight


def board(client, **params):
    return client.get(reverse("reports:dashboard"), params)


def test_the_commander_sees_the_district_with_its_streets(client_for, users, tree, computed):
    response = board(client_for(users.commander), day=computed.day(6).isoformat())
    assert response.status_code == 200
    dashboard = response.context["board"]
    assert dashboard.area == tree.D
    assert [child.code for child, _figures in dashboard.children] == ["S1", "S2"]
    assert dashboard.figures["confirmed_total"] == 2
    assert "当日无新增确诊、阳性、疑似病例" in response.content.decode()


def test_drilling_down_to_a_street_and_back(client_for, users, tree, computed):
    client = client_for(users.commander)
    street = board(client, area=tree.S1.pk, day=computed.day(6).isoformat()).context["board"]
    assert [a.code for a in street.ancestors] == ["D"]
    assert [child.code for child, _figures in street.children] == ["S1C1"]
    assert street.figures["confirmed_total"] == 1


def test_the_trend_covers_the_span(client_for, users, computed):
    response = board(client_for(users.commander), day=computed.day(8).isoformat(), span="7")
    dashboard = response.context["board"]
    assert len(dashboard.trend_days) == 7
    assert dashboard.trends["confirmed_new"] == [1, 0, 0, 1, 0, 0, 0]  # days 2 to 8: A, then C
    since_start = board(client_for(users.commander), day=computed.day(8).isoformat(), span="all")
    assert len(since_start.context["board"].trend_days) == 9


def test_a_street_officer_sees_his_street_and_never_the_sibling(client_for, users, tree, computed):
    client = client_for(users.street_1)
    assert board(client).context["board"].area == tree.S1
    assert board(client, area=tree.S1C1GB.pk).status_code == 200
    assert board(client, area=tree.S2.pk).status_code == 404
    assert board(client, area=tree.D.pk).status_code == 404
    street = board(client, area=tree.S1.pk).context["board"]
    assert street.ancestors == []  # the district above him is not his to open


def test_a_grid_worker_cannot_read_the_next_grid(client_for, users, tree, computed):
    client = client_for(users.grid_a)
    assert board(client).context["board"].area == tree.S1C1GA
    assert board(client, area=tree.S1C1GB.pk).status_code == 404
    assert board(client, area="not-a-number").status_code == 404


def test_out_of_scope_looks_like_missing(client_for, users, tree, computed):
    client = client_for(users.street_1)
    outside = board(client, area=tree.S2.pk)
    missing = board(client, area=999999)
    assert outside.status_code == missing.status_code == 404


def test_roles_without_the_numbers_find_no_page_and_no_menu(client_for, users, computed):
    for user in (users.auditor, users.nobody, users.checkpoint, users.building_a):
        client = client_for(user)
        assert board(client).status_code == 404
        labels = [str(item["label"]) for item in client.get("/").context["navigation"]]
        assert "数读" not in labels
    labels = [str(i["label"]) for i in client_for(users.grid_a).get("/").context["navigation"]]
    assert "数读" in labels


def test_a_future_day_is_refused_with_a_message(client_for, users, computed):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = board(client_for(users.commander), day=tomorrow.isoformat())
    assert response.status_code == 400
    assert "晚于今天" in response.content.decode()
    assert "board" not in response.context


def test_a_day_before_the_emergency_is_refused_with_a_message(client_for, users, computed):
    response = board(
        client_for(users.commander), day=(computed.day(0) - timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert "早于新冠肺炎疫情防控启动日期" in response.content.decode()


def test_a_malformed_day_is_refused(client_for, users, computed):
    response = board(client_for(users.commander), day="2020-13-45")
    assert response.status_code == 400


def test_without_an_emergency_the_commander_is_asked_to_declare_one(
    client_for, users, tree, people
):
    response = board(client_for(users.commander))
    assert response.status_code == 400
    assert "尚未启动应急响应" in response.content.decode()
    client_for(users.commander).post(
        reverse("reports:emergency_create"),
        {
            "area": tree.D.pk,
            "name": "新冠肺炎疫情防控",
            "declared_on": timezone.localdate().isoformat(),
        },
    )
    assert board(client_for(users.commander)).status_code == 200


def test_a_street_officer_cannot_declare_an_emergency(client_for, users, tree, people):
    response = client_for(users.street_1).post(
        reverse("reports:emergency_create"),
        {"area": tree.S1.pk, "name": "自行启动", "declared_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404


def test_a_day_not_computed_yet_says_so(client_for, users, fortnight):
    response = board(client_for(users.commander), day=fortnight.day(3).isoformat())
    assert response.status_code == 200
    assert "尚未计算" in response.content.decode()
    assert response.context["board"].headline[0].value == 0


def test_refresh_computes_the_day_in_the_background(
    client_for, users, tree, fortnight, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(users.street_1).post(
            reverse("reports:snapshot_refresh"),
            {"area": tree.S1.pk, "day": fortnight.day(5).isoformat()},
        )
    run = ReportRun.objects.get()
    assert (run.status, run.done, run.total) == ("done", run.total, run.total)
    assert DailySnapshot.objects.filter(day=fortnight.day(5)).count() == 8
    status = client_for(users.street_1).get(reverse("reports:run_status", args=[run.pk]))
    assert "已完成" in status.content.decode()
    assert (
        client_for(users.street_2).get(reverse("reports:run_status", args=[run.pk])).status_code
        == 404
    )


def test_the_dashboard_reads_a_handful_of_queries(
    client_for, users, computed, django_assert_max_num_queries
):
    client = client_for(users.commander)
    with django_assert_max_num_queries(14):
        board(client, day=computed.day(8).isoformat(), span="all")


def test_the_large_screen_refreshes_itself(client_for, users, computed, settings):
    settings.SCREEN_REFRESH_SECONDS = 60
    response = client_for(users.commander).get(
        reverse("reports:screen"), {"day": computed.day(6).isoformat()}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 60s"' in content and "指挥大屏" in content


def test_the_home_page_shows_todays_headline_of_the_users_own_area(
    client_for, users, tree, computed
):
    response = client_for(users.commander).get("/")
    panel = dict(response.context["panels"])["reports/_home_numbers.html"]
    today = DailySnapshot.objects.get(area=tree.D, day=timezone.localdate())
    assert panel["area"] == tree.D and panel["snapshot"] == today and panel["is_today"]
    counts = {v.key: v.value for v in panel["headline"] if not v.is_ratio}
    assert counts == {key: today.figures.get(key, 0) for key in counts}
    assert counts["confirmed_total"] == 2
    page = response.content.decode()
    assert 'data-testid="home-numbers"' in page and "home-numbers-stale" not in page
    street = client_for(users.street_1).get("/").context["panels"]
    assert dict(street)["reports/_home_numbers.html"]["area"] == tree.S1


def test_the_home_page_says_when_todays_numbers_are_not_computed_yet(client_for, users, fortnight):
    snapshots_compute(day=fortnight.day(6))
    page = client_for(users.commander).get("/").content.decode()
    assert "home-numbers-stale" in page and fortnight.day(6).isoformat() in page
    DailySnapshot.objects.all().delete()
    page = client_for(users.commander).get("/").content.decode()
    assert 'data-testid="home-numbers-empty"' in page


def test_roles_without_the_numbers_get_no_home_panel(client_for, users, computed):
    for user in (users.auditor, users.checkpoint, users.building_a):
        response = client_for(user).get("/")
        assert response.context["panels"] == []
        assert "home-numbers" not in response.content.decode()


def test_the_trend_spans_are_named_in_the_readers_language(client_for, users, computed, settings):
    # Filled in at import, the span names stayed in the language active then.
    client = client_for(users.commander)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Last 7 days" in board(client).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "近7天" in board(client).content.decode()
