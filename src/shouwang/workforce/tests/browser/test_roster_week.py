"""A real chromium through planning a checkpoint's week: the gaps, a shift staffed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.checkpoints.tests.conftest import Checkpoints
from shouwang.conftest import browser_login
from shouwang.workforce.choices import Department
from shouwang.workforce.services import staff_member_create

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_street_officer_plans_a_week_and_fills_a_gap(page, live_server, users, tree):
    checkpoint = Checkpoints(tree).a
    for name, department in (
        ("王警官", Department.POLICE),
        ("李医生", Department.HEALTH),
        ("赵志愿者", Department.VOLUNTEERS),
    ):
        staff_member_create(name=name, department=department, area=tree.S1, by=None)
    browser_login(page, live_server, "street_1")
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())  # every slot still to come
    page.goto(f"{live_server.url}/workforce/posts/{checkpoint.post_id}/week/?week={next_monday}")
    expect(page.get_by_test_id("week-table")).to_contain_text("未排班")
    page.get_by_test_id("plan-week").click()
    expect(page.get_by_test_id("gap-count")).to_have_text("21 个缺口")  # 3 shifts a day, nobody on
    page.get_by_test_id("week-table").get_by_role("link").first.click()
    page.get_by_label("带班负责人").select_option(label="王警官（公安）")
    for label in ("王警官（公安）", "李医生（卫健）", "赵志愿者（志愿者）"):
        page.get_by_label(label).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("排班已保存")
    expect(page.get_by_test_id("gap-count")).to_have_text("20 个缺口")
    expect(page.get_by_test_id("week-table").locator("td.table-success")).to_have_count(1)
