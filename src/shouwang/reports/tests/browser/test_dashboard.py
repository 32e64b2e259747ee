"""A real chromium through the command dashboard: drill down from the district to a grid
and back, and the large screen that refreshes itself."""

import pytest
from playwright.sync_api import expect

from shouwang.conftest import browser_login
from shouwang.reports.models import DailySnapshot
from shouwang.reports.services import snapshots_compute

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def computed(fortnight):
    for n in range(11):
        snapshots_compute(day=fortnight.day(n))
    return fortnight


def test_drill_down_from_the_district_to_a_grid_and_back(page, live_server, users, computed):
    browser_login(page, live_server, "commander")
    page.get_by_role("link", name="数读").first.click()
    expect(page.locator("h1")).to_contain_text("香洲区每日数读")
    expect(page.get_by_test_id("headline-confirmed_total")).to_have_text("2")
    expect(page.get_by_test_id("trend-chart").first.locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("children-chart").first.locator("canvas")).to_have_count(1)
    page.get_by_test_id("section-cases").get_by_test_id("drill-S1").click()
    expect(page.locator("h1")).to_contain_text("拱北街道每日数读")
    expect(page.get_by_test_id("headline-confirmed_total")).to_have_text("1")
    page.get_by_test_id("section-cases").get_by_test_id("drill-S1C1").click()
    page.get_by_test_id("section-measures").get_by_test_id("drill-S1C1GB").click()
    expect(page.locator("h1")).to_contain_text("昌盛社区第二网格每日数读")
    page.get_by_test_id("breadcrumb").get_by_role("link", name="香洲区").click()
    expect(page.locator("h1")).to_contain_text("香洲区每日数读")


def test_the_home_page_shows_the_street_officers_numbers_and_opens_them(
    page, live_server, users, computed
):
    browser_login(page, live_server, "street_1")
    panel = page.get_by_test_id("home-numbers")
    expect(panel).to_contain_text("拱北街道今日数读")
    expect(panel.get_by_test_id("home-figure-confirmed_total")).to_have_text("1")
    page.get_by_test_id("language-switch").click()
    expect(panel).to_contain_text("today's numbers")
    panel.get_by_role("link", name="Open the numbers").click()
    expect(page.get_by_test_id("headline-confirmed_total")).to_have_text("1")


def test_a_street_officer_cannot_climb_above_his_street(page, live_server, users, tree, computed):
    browser_login(page, live_server, "street_2")
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("h1")).to_contain_text("吉大街道每日数读")
    expect(page.get_by_test_id("breadcrumb").get_by_role("link")).to_have_count(0)
    response = page.goto(f"{live_server.url}/reports/?area={tree.S1.pk}")
    assert response.status == 404


def test_the_large_screen_refreshes_its_numbers(page, live_server, users, tree, computed, settings):
    settings.SCREEN_REFRESH_SECONDS = 1
    page.set_viewport_size({"width": 1920, "height": 1080})
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/reports/?area={tree.D.pk}")
    page.get_by_test_id("screen-link").click()
    headline = page.get_by_test_id("headline-confirmed_total")
    expect(headline).to_have_text("2")
    expect(page.get_by_test_id("screen").locator("canvas").first).to_be_visible()
    today = DailySnapshot.objects.get(area=tree.D, day=computed.day(10))
    today.figures = {**today.figures, "confirmed_total": 5}
    today.save()
    expect(headline).to_have_text("5", timeout=10_000)
    expect(page.get_by_test_id("screen").locator("canvas").first).to_be_visible()


def test_the_dashboard_fits_a_phone(phone_page, live_server, users, computed):
    browser_login(phone_page, live_server, "grid_b")
    phone_page.goto(f"{live_server.url}/reports/")
    expect(phone_page.locator("h1")).to_contain_text("昌盛社区第二网格")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_street_officer_generates_a_report_and_downloads_its_pdf(
    page, live_server, users, fortnight
):
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="每日报告").first.click()
    expect(page.locator("h1")).to_contain_text("每日报告 · 拱北街道")
    expect(page.get_by_test_id("report-table")).to_contain_text("还没有报告")
    form = page.get_by_test_id("report-request")
    form.locator("input[name=day]").fill(fortnight.day(5).isoformat())
    form.get_by_role("button", name="生成报告").click()
    table = page.get_by_test_id("report-table")
    expect(table).to_contain_text(fortnight.day(5).isoformat())
    expect(table).to_contain_text("拱北街道")
    href = page.get_by_test_id("report-pdf").first.get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
