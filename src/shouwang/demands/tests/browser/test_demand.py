"""A demand from the QR code to its closing: the enterprise on its phone, the street at its
desk, the enterprise's rating."""

import pytest
from playwright.sync_api import expect

from shouwang.conftest import browser_login
from shouwang.demands.models import Demand

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_demand_from_the_qr_code_to_its_closing(phone_page, page, live_server, users, tree):
    phone = phone_page
    phone.goto(f"{live_server.url}/demands/d/S1/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.fill("#id_enterprise_name", "昌盛便利店")
    phone.select_option("#id_category", "supplies")
    phone.fill("#id_description", "口罩和消毒液只够三天")
    phone.fill("#id_contact_name", "李店长")
    phone.fill("#id_contact_phone", "1391234567")  # one digit short
    phone.get_by_role("button", name="提交诉求").click()
    expect(phone.locator("[data-error=contact_phone]")).to_be_visible()
    phone.fill("#id_contact_phone", "13912345678")
    phone.get_by_role("button", name="提交诉求").click()
    expect(phone.get_by_test_id("status")).to_have_text("待受理")
    tracking = phone.url
    reference = phone.get_by_test_id("reference").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # The street (rent and "other" go to the street; supplies to the district's bureau,
    # which the street may also handle in its area).
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/demands/")
    page.get_by_text(reference).click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    page.locator("[data-testid=plan-form] textarea").fill("联系区物资保障组调拨")
    page.locator("[data-testid=plan-form] button").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    page.locator("[data-testid=resolve-form] textarea").fill("已送达口罩 2,000 只、消毒液 20 瓶")
    page.locator("[data-testid=resolve-form] button").click()
    expect(page.get_by_test_id("status")).to_have_text("已办结")

    # Back on the phone: the answer, and the rating that closes it.
    phone.goto(tracking)
    expect(phone.get_by_test_id("resolution")).to_contain_text("已送达口罩")
    phone.get_by_label("满意，确认办结").check()
    phone.get_by_label("5", exact=True).check()
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_test_id("status")).to_have_text("已确认")
    demand = Demand.objects.get()
    assert (demand.status, demand.rating, demand.feedback_channel) == ("confirmed", 5, "enterprise")
