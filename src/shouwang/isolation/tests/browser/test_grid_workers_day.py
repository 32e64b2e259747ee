"""On a phone: a returnee declares himself by the QR form; the grid worker accepts him,
orders home isolation, the resident signs the commitment, the grid worker follows up."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.conftest import browser_login
from shouwang.core.tests.browser.test_signature_pad import draw
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.people.models import Person, SelfDeclaration

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NEW_ID = "110105198001010032"


def test_self_declaration_on_a_phone(phone_page, live_server, tree, users):
    page = phone_page
    page.goto(f"{live_server.url}/people/declare/{tree.S1C1.code}/")
    page.fill("#id_name", "赵六")
    page.fill("#id_document_number", NEW_ID)
    page.fill("#id_phone", "13900001111")
    page.select_option("#id_building_code", tree.S1C1GAB1.code)
    page.fill("#id_room", "301")
    page.fill("#id_origin", "湖北省武汉市江汉区")
    page.fill("#id_arrival_date", timezone.localdate().isoformat())
    page.get_by_label("咳嗽").check()
    page.get_by_label("健康信息", exact=False).check()
    page.get_by_label("行踪信息", exact=False).check()
    page.screenshot(path="/tmp/declaration-phone.png", full_page=True)
    page.get_by_role("button", name="提交申报").click()
    expect(page.get_by_test_id("declaration-done")).to_be_visible()
    declaration = SelfDeclaration.objects.get()
    assert declaration.area == tree.S1C1GAB1 and declaration.origin_code == "420103"
    assert not Person.objects.exists()
    # The grid worker of that building reviews it on his phone and accepts it.
    browser_login(page, live_server, "grid_a")
    page.goto(f"{live_server.url}/people/declarations/")
    page.get_by_test_id("declaration-list").get_by_role("link", name="赵六").click()
    page.get_by_test_id("accept").click()
    person = Person.objects.get()
    expect(page).to_have_url(f"{live_server.url}/people/{person.pk}/")
    expect(page.locator("h1")).to_contain_text("赵六")
    assert person.area == tree.S1C1GAB1 and person.last_arrival_on == timezone.localdate()


def test_a_grid_workers_day_with_the_residents_signature(
    phone_page, browser, live_server, tree, users, people
):
    page = phone_page
    browser_login(page, live_server, "grid_a")
    page.goto(f"{live_server.url}/people/{people.a.pk}/")
    page.get_by_role("link", name="居家隔离").last.click()
    page.fill("#id_reason", "武汉返回")
    page.fill("#id_doctor", "陈医生")
    page.get_by_role("button", name="下达").click()
    expect(page.get_by_test_id("commitment")).to_contain_text("未签署")
    sign_url = page.get_by_test_id("sign-link").get_attribute("href")

    resident = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ).new_page()
    resident.goto(sign_url)
    expect(resident.get_by_test_id("commitment-text")).to_contain_text("张三")
    resident.fill("#id_signer_name", "张三")
    draw(resident, resident.get_by_test_id("signature-canvas"))
    resident.screenshot(path="/tmp/commitment-phone.png", full_page=True)
    resident.get_by_role("button", name="确认签署").click()
    expect(resident.get_by_test_id("signed")).to_be_visible()
    resident.context.close()

    order = IsolationOrder.objects.get()
    assert order.signature.signer_name == "张三"
    page.goto(f"{live_server.url}/isolation/today/")
    expect(page.get_by_test_id("today-row")).to_have_count(1)
    page.get_by_test_id("slot-morning").click()
    page.fill("#id_temperature", "36.6")
    page.get_by_label("需要药品").check()
    page.get_by_role("button", name="保存随访").click()
    expect(page.get_by_test_id("today-row")).to_contain_text("✓")
    page.screenshot(path="/tmp/today-phone.png", full_page=True)
    assert FollowUp.objects.get().needs_medicine


def test_the_community_board_with_its_chart_and_the_people_waiting_for_an_order(
    page, live_server, users, people, order, tree
):
    from shouwang.people.choices import Measure
    from shouwang.people.services import measure_change

    today = timezone.localdate()
    measure_change(
        person=people.b, measure=Measure.HOME_ISOLATION, start=today, reason="转居家", by=None
    )
    browser_login(page, live_server, "community")
    page.get_by_role("link", name="居家隔离").first.click()
    expect(page.get_by_test_id("under-isolation")).to_have_text("1")
    expect(page.locator(".sw-chart canvas").first).to_be_visible()
    waiting = page.get_by_test_id("awaiting-order")
    expect(waiting).to_contain_text(people.b.name)
    waiting.get_by_role("link", name="建隔离单").click()
    expect(page).to_have_url(f"{live_server.url}/isolation/new/{people.b.pk}/")


def test_the_commander_saves_the_districts_commitment_letter(page, live_server, users):
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/isolation/")
    page.get_by_role("link", name="承诺书模板").click()
    expect(page.get_by_test_id("current-version")).to_contain_text("默认")
    page.fill("#id_text", "本人{name}自{start}起居家隔离{days}天。")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.get_by_test_id("versions")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value("本人{name}自{start}起居家隔离{days}天。")
    page.fill("#id_text", "本人{姓名}")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("{name}")
