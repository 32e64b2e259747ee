"""The public calculator on a phone, as an enterprise reaches it from the policy QR code."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.policies.demo import current_catalogue_text
from shouwang.policies.services import catalogue_import

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def current_catalogue(tree):
    """The demo catalogue moved to the present, as the demo loads it."""
    text = current_catalogue_text(timezone.localdate())
    return catalogue_import(text=text, fmt="yaml", area=tree.D, by=None)


def test_the_public_calculator_on_a_phone(phone_page, live_server, current_catalogue):
    page = phone_page
    page.goto(f"{live_server.url}/policies/calculator/")
    page.select_option("#id_industry_division", "52")
    page.fill("#id_employees", "12")
    page.fill("#id_revenue_last_year", "2000000")
    page.fill("#id_revenue_drop_percent", "12")
    page.select_option("#id_landlord_kind", "state_owned")
    page.fill("#id_monthly_rent", "30000")
    page.fill("#id_social_insurance_base", "4376")
    page.fill("#id_insured_headcount", "10")
    page.get_by_test_id("calculate").click()
    # 30,000 rent + 32,820 social insurance; the fund wants a 30 % drop and says so.
    expect(page.get_by_test_id("total")).to_have_text("62,820 元")
    rent = page.locator("[data-testid=match][data-code=xz-rent-soe-one-month]")
    expect(rent.get_by_test_id("formula")).to_contain_text("100 % × 月租金 30,000 元 × 1 个月")
    fund = page.locator("[data-testid=miss][data-code=xz-fund-small-micro]")
    expect(fund).to_contain_text("营业收入降幅 12 % < 30 %（须 ≥ 30 %）")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # An impossible figure is refused, named, on the phone too.
    page.fill("#id_revenue_drop_percent", "130")
    page.get_by_test_id("calculate").click()
    expect(page.locator("[data-error=revenue_drop_percent]")).to_have_text(
        "营业收入降幅不能超过 100 %"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The PDF of a good calculation downloads.
    page.fill("#id_revenue_drop_percent", "35")
    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    assert download.value.suggested_filename.startswith("policy-calculation-")
