"""The screening of a ship from the manifest upload to the allocation of the flagged."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.conftest import ID_A, ID_B, browser_login
from shouwang.quarantine.models import ScreeningEntry
from shouwang.quarantine.services import screening_event_create

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

MANIFEST = (
    "姓名,证件号码,舱位/分组,常住地,居住史\n"
    f"张三,{ID_A},8101,珠海市香洲区,五汉\n"  # a typo: no region found
    f"李四,{ID_B},8102,湖北省武汉市,湖北省武汉市\n"
    "王五,E12345678,8102,,武汉市江汉区\n"
)


def test_screening_from_upload_to_allocation(
    page,
    live_server,
    tree,
    users,
    sites,
    wuhan_rules,
    tmp_path,
):
    event = screening_event_create(
        name="歌诗达·威尼斯号", kind="ship", area=tree.S1, held_on=timezone.localdate(), by=None
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(MANIFEST.encode("gb18030"))
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/quarantine/screening/{event.pk}/")
    page.set_input_files("#id_file", str(manifest))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "validated")
    page.get_by_test_id("import-all").click()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "done")
    page.goto(f"{live_server.url}/quarantine/screening/{event.pk}/")
    expect(page.get_by_test_id("on-manifest")).to_have_text("3")
    expect(page.get_by_test_id("unresolved-places")).to_contain_text("五汉：第 2 行")

    page.get_by_test_id("screen-link").click()
    for key, temperature in (("2", "36.5"), ("3", "36.7"), ("E12345678", "38.1")):
        page.fill("#id_key", key)
        page.press("#id_key", "Enter")
        expect(page.locator("#id_temperature")).to_be_focused()
        page.keyboard.type(temperature)
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("screen-done")).to_contain_text(temperature)
        expect(page.locator("#id_key")).to_be_focused()
    expect(page.get_by_test_id("screened")).to_have_text("3")

    page.goto(f"{live_server.url}/quarantine/screening/{event.pk}/")
    page.get_by_test_id("flag-button").click()
    expect(page.get_by_test_id("flagged-count")).to_have_text("2")
    page.get_by_label("银华酒店").check()
    page.get_by_test_id("allocate-form").get_by_role("button", name="安置").click()
    expect(page.get_by_test_id("placed")).to_have_text("2")
    expect(page.get_by_test_id("per-site")).to_contain_text("银华酒店：2")
    page.screenshot(path="/tmp/quarantine-screening.png", full_page=True)
    cabin = set(
        ScreeningEntry.objects.filter(group="8102").values_list("stay__room__number", flat=True)
    )
    assert cabin == {"301"}  # the cabin of two in the family room, together
