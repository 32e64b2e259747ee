"""A real chromium through the people register: filter the list, record a fever on a
person's timeline, reveal a full number with a reason (logged)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.conftest import ID_A, browser_login
from shouwang.core.choices import AccessAction
from shouwang.core.models import AccessLog
from shouwang.people.choices import Measure
from shouwang.people.services import measure_change

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_filter_record_a_fever_and_reveal(page, live_server, users, people):
    measure_change(
        person=people.a,
        measure=Measure.HOME_ISOLATION,
        start=timezone.localdate(),
        reason="返回",
        by=None,
    )
    browser_login(page, live_server, "community")
    page.get_by_role("link", name="人员").first.click()
    expect(page.get_by_test_id("person-list").locator("a")).to_have_count(2)
    page.locator("summary", has_text="筛选").click()
    page.get_by_label("管控措施").select_option(label="居家隔离")
    page.get_by_test_id("person-filter").get_by_role("button", name="筛选").click()
    listed = page.get_by_test_id("person-list").locator("a")
    expect(listed).to_have_count(1)
    listed.first.click()
    expect(page.get_by_test_id("document-number")).to_have_text("440402********0014")
    page.get_by_role("link", name="登记健康状态").click()
    page.get_by_label("健康状态").select_option(label="发热")
    page.get_by_label("日期").fill(timezone.localdate().isoformat())
    page.get_by_label("体温（°C）").fill("38.4")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("health-state")).to_have_text("发热")
    expect(page.get_by_test_id("timeline")).to_contain_text("38.4")
    form = page.get_by_test_id("reveal-form")
    form.locator("input[name=reason]").fill("电话随访")
    form.get_by_role("button", name="查看").click()
    expect(page.locator("#reveal-result")).to_contain_text(ID_A)
    log = AccessLog.objects.get(action=AccessAction.REVEAL)
    assert (log.user, log.reason) == (users.community, "电话随访")


def test_a_grid_worker_corrects_a_place_the_rules_could_not_match(page, live_server, users, people):
    browser_login(page, live_server, "grid_a")
    page.goto(f"{live_server.url}/people/{people.a.pk}/")
    page.get_by_role("link", name="登记旅居接触史").click()
    page.get_by_label("类型").select_option(label="旅行史")
    page.get_by_label("地点（如：湖北省武汉市江汉区）").fill("五汉")
    page.get_by_label("起始日期").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-warning")).to_contain_text("“五汉”")
    expect(page.get_by_test_id("timeline-warning")).to_have_count(1)
    page.get_by_test_id("timeline-correct").click()
    page.get_by_label("地点（如：湖北省武汉市江汉区）").fill("湖北省武汉市")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("湖北省武汉市")
    expect(page.get_by_test_id("timeline-warning")).to_have_count(0)


def test_the_next_grid_is_not_found(page, live_server, users, people):
    browser_login(page, live_server, "grid_a")
    page.goto(f"{live_server.url}/people/")
    expect(page.get_by_test_id("person-list").locator("a")).to_have_count(1)
    response = page.goto(f"{live_server.url}/people/{people.b.pk}/")
    assert response.status == 404


def test_the_commander_lists_a_risk_area_by_its_name(page, live_server, users, people):
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/people/risk-areas/")
    page.get_by_role("link", name="新增风险地区").click()
    page.fill("#id_place", "武汉")
    page.select_option("#id_level", "high")
    page.fill("#id_valid_from", "2020-01-01")
    page.get_by_role("button", name="保存").click()
    areas = page.get_by_test_id("risk-areas")
    expect(areas).to_contain_text("420100")
    expect(areas).to_contain_text("武汉市")
    # A street officer finds no such page.
    page.context.clear_cookies()
    browser_login(page, live_server, "street_1")
    assert page.goto(f"{live_server.url}/people/risk-areas/").status == 404
