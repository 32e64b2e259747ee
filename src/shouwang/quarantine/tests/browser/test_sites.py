"""The site board on a wall screen, a check-in and a check-out."""

import pytest
from playwright.sync_api import expect

from shouwang.conftest import ID_A, browser_login
from shouwang.quarantine.models import Stay

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_check_in_and_out_seen_on_the_wall_board(browser, live_server, sites, staff):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    browser_login(page, live_server, "site_a")
    page.get_by_role("link", name="隔离点").first.click()
    expect(page.get_by_test_id("room-201")).to_have_attribute("data-state", "vacant")
    page.get_by_test_id("check-in-link").click()
    page.fill("#id_name", "张三")
    page.select_option("#id_document_type", "resident_id")
    page.fill("#id_document_number", ID_A)
    page.select_option("#id_room", label="201（单人间，1床）")
    page.get_by_role("button", name="确认入住").click()
    expect(page.locator(".alert-success")).to_contain_text("已入住 201")
    page.goto(f"{live_server.url}/quarantine/sites/{sites.a.pk}/")
    expect(page.get_by_test_id("room-201")).to_have_attribute("data-state", "occupied")
    expect(page.get_by_test_id("current")).to_have_text("1")
    expect(page.get_by_test_id("arrivals")).to_contain_text("张三")
    expect(page.get_by_test_id("infections")).to_have_text("零感染")
    page.screenshot(path="/tmp/quarantine-site-board.png", full_page=True)
    page.get_by_test_id("room-201").get_by_role("link", name="张三").click()
    page.select_option("#id_checkout-outcome", "released")
    page.fill("#id_checkout-note", "核酸阴性，提前解除")
    page.get_by_test_id("check-out-form").get_by_role("button", name="确认离开").click()
    expect(page.get_by_test_id("room-201")).to_have_attribute("data-state", "cleaning")
    expect(page.get_by_test_id("departures")).to_contain_text("张三")
    assert Stay.objects.get().status == "ended"
    page.get_by_test_id("room-201").get_by_role("button", name="消杀完成").click()
    expect(page.get_by_test_id("room-201")).to_have_attribute("data-state", "vacant")
    context.close()


def test_the_street_officer_compares_his_sites_on_a_chart(page, live_server, sites, users):
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/quarantine/sites/")
    expect(page.get_by_test_id("site-chart").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("site-rows")).to_contain_text("银华酒店")
