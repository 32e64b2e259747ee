from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.conftest import browser_login
from shouwang.core.tests.browser.test_signature_pad import draw
from shouwang.enterprises.choices import FilingStatus
from shouwang.enterprises.models import ResumptionFiling

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def sign(page):
    canvas = page.get_by_test_id("signature-canvas")
    canvas.scroll_into_view_if_needed()
    draw(page, canvas)


def test_enterprise_user_files_on_a_phone(
    phone_page, live_server, enterprise_users, policy, tmp_path
):
    page = phone_page
    browser_login(page, live_server, "ent_a")
    page.goto(f"{live_server.url}/enterprises/")
    page.get_by_test_id("file-button").click()
    page.fill("#id_planned_date", (timezone.localdate() + timedelta(days=6)).isoformat())
    page.fill("#id_employees_total", "120")
    page.fill("#id_employees_returning", "100")
    page.fill("#id_employees_from_risk_areas", "2")
    page.fill("#id_employees_in_isolation", "1")
    page.fill("#id_liaison_name", "陈健康")
    page.fill("#id_liaison_phone", "13900000002")
    checklist = page.get_by_test_id("checklist")
    for position in (1, 2):
        checklist.locator(f"input[name=item_{position}][value=done]").check()
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    page.set_input_files("input[name=emergency_plan]", str(plan))
    page.fill("#id_signer_name", "王经理")
    sign(page)
    page.get_by_test_id("submit-filing").click()
    # item 3 unanswered: refused, named
    expect(page.locator(".alert-danger")).to_contain_text("清单第 3 项未作答")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_test_id("checklist").locator("input[name=item_1][value=done]").check()
    page.get_by_test_id("checklist").locator("input[name=item_2][value=done]").check()
    page.get_by_test_id("checklist").locator("input[name=item_3][value=not_applicable]").check()
    page.set_input_files("input[name=emergency_plan]", str(plan))
    sign(page)
    page.get_by_test_id("submit-filing").click()
    expect(page.get_by_test_id("state")).to_contain_text("已报备")
    assert ResumptionFiling.objects.get().status == FilingStatus.FILED


def test_street_officer_reviews_and_reads_the_dashboard(
    page, live_server, users, enterprises, enterprise_users, policy
):
    from shouwang.enterprises.services import filing_start, filing_submit
    from shouwang.enterprises.tests.conftest import submit_kwargs

    filing = filing_submit(
        filing=filing_start(enterprise=enterprises.a, by=enterprise_users.a),
        by=enterprise_users.a,
        **submit_kwargs(),
    )
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/enterprises/filings/")
    page.get_by_test_id("filing-queue").get_by_text(enterprises.a.name).click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("state")).to_contain_text("已受理")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED
    page.goto(f"{live_server.url}/enterprises/dashboard/")
    expect(page.get_by_test_id("waiting-count")).to_have_text("1")
    expect(page.locator("[data-resumption-bars] canvas")).to_be_visible()
    expect(page.get_by_test_id("street-table")).to_contain_text("拱北街道")


def test_an_officer_shows_an_enterprises_phone_for_a_reason(page, live_server, users, enterprises):
    browser_login(page, live_server, "community")
    page.goto(f"{live_server.url}/enterprises/{enterprises.a.pk}/")
    expect(page.locator("#contact-phone")).to_have_text("138****0001")
    form = page.get_by_test_id("reveal-form")
    form.get_by_placeholder("查看事由").fill("回访复工情况")
    form.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("revealed-phone")).to_have_text("13800000001")
