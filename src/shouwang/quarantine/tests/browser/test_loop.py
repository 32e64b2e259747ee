"""The recount on arrival, person by person, on the escort's phone."""

import pytest
from playwright.sync_api import expect

from shouwang.conftest import browser_login
from shouwang.quarantine.choices import Destination, LoopPlace
from shouwang.quarantine.models import Discrepancy, LoopPerson
from shouwang.quarantine.services import (
    batch_create,
    loop_confirm,
    loop_register,
    transfer_create,
    transfer_depart,
)
from shouwang.quarantine.tests.conftest import PASSPORT_1, PASSPORT_2, PASSPORT_3

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_recount_on_a_phone(phone_page, live_server, ports, sites, staff):
    listed = [
        {"name": "陈一", "document_number": PASSPORT_1},
        {"name": "陈二", "document_number": PASSPORT_2},
    ]
    batch = batch_create(
        port=ports.gongbei, reference="GB-1", expected_count=2, persons=listed, by=None
    )
    for row in listed:
        loop_register(batch=batch, document_number=row["document_number"], by=None)
    entries = list(LoopPerson.objects.all())
    loop_confirm(entries=entries, destination=Destination.SITE, site=sites.a, by=None)
    transfer = transfer_create(
        port=ports.gongbei, plate="粤C12345", escort="刘", entries=entries, by=None
    )
    transfer_depart(transfer=transfer, by=None)

    page = phone_page
    browser_login(page, live_server, "port_1")
    page.goto(f"{live_server.url}/quarantine/transfers/{transfer.pk}/")
    expect(page.get_by_test_id("recount")).to_have_text("0 / 2")
    page.fill("#id_document_number", PASSPORT_1)
    page.press("#id_document_number", "Enter")
    expect(page.get_by_test_id("recount")).to_have_text("1 / 2")
    page.fill("#id_document_number", PASSPORT_3)
    page.press("#id_document_number", "Enter")
    expect(page.get_by_test_id("field-error")).to_contain_text("不在本车名单上")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/quarantine-recount-phone.png", full_page=True)
    page.get_by_role("button", name="清点结束（未清点到的人员记为缺失）").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已清点")
    places = dict(LoopPerson.objects.values_list("name", "place"))
    assert places == {"陈一": LoopPlace.CHECKED_IN, "陈二": LoopPlace.MISSING}
    assert Discrepancy.objects.count() == 2
