"""A real chromium through the checkpoint statistics: the district's day, a checkpoint's
shifts and hours, with their charts."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.checkpoints.services import passage_register
from shouwang.checkpoints.tests.conftest import occupant, vehicle
from shouwang.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_day_of_every_checkpoint_and_of_one(page, live_server, users, checkpoints):
    now = timezone.now()
    passage_register(checkpoint=checkpoints.a, by=None, passed_at=now, **vehicle())
    passage_register(
        checkpoint=checkpoints.a,
        by=None,
        passed_at=now,
        **vehicle(occupants=[occupant(temperature="38.2")]),
    )
    passage_register(checkpoint=checkpoints.c, by=None, passed_at=now, **vehicle())
    browser_login(page, live_server, "commander")
    page.get_by_role("link", name="卡点").first.click()
    totals = page.get_by_test_id("day-totals")
    expect(totals).to_contain_text("3")  # vehicles
    expect(totals).to_contain_text("5")  # persons
    expect(page.locator(".sw-chart canvas").first).to_be_visible()
    table = page.get_by_test_id("checkpoint-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    table.get_by_role("link", name="南头检查站").click()
    shifts = page.get_by_test_id("shift-table")
    expect(shifts.locator("tbody tr")).to_have_count(3)  # 3 x 8 h
    expect(shifts).to_contain_text("3")  # persons on the current shift
    expect(page.locator(".sw-chart canvas")).to_have_count(2)
    # A handful of vehicles an hour: the count axis has whole ticks, never 0.2 of one.
    ticks = page.evaluate(
        "echarts.getInstanceByDom(document.querySelector('.sw-chart'))"
        ".getModel().getComponent('yAxis', 0).axis.scale.getTicks().map(t => t.value)"
    )
    assert len(ticks) > 1
    assert all(tick == int(tick) for tick in ticks)


def test_staff_of_one_street_see_only_its_checkpoints(page, live_server, users, checkpoints):
    browser_login(page, live_server, "checkpoint")
    page.goto(f"{live_server.url}/checkpoints/")
    expect(page.get_by_test_id("checkpoint-table").locator("tbody tr")).to_have_count(2)
    response = page.goto(f"{live_server.url}/checkpoints/{checkpoints.c.pk}/")
    assert response.status == 404


def test_the_buttons_keep_their_words_on_a_phone(phone_page, live_server, users, checkpoints):
    """In the narrow columns of a phone a button's label stays one line: 查看, not 查 / 看."""
    page = phone_page
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/checkpoints/")
    buttons = [
        page.get_by_role("button", name="查看"),
        page.get_by_test_id("checkpoint-table").get_by_role("link", name="登记").first,
    ]
    for button in buttons:
        expect(button).to_be_visible()
        line = button.evaluate("node => parseFloat(getComputedStyle(node).lineHeight)")
        label = button.evaluate(
            "node => { const range = document.createRange(); range.selectNodeContents(node);"
            " return range.getBoundingClientRect().height; }"
        )
        assert label < 1.5 * line


def test_every_register_button_is_on_a_phones_screen_in_english(
    phone_page, live_server, users, checkpoints
):
    """In English the columns' headings are wider: a column of its own for the button ran
    past the screen's edge, behind a sideways scroll staff would not think of."""
    page = phone_page
    browser_login(page, live_server, "commander")
    page.get_by_test_id("language-switch").click()
    page.goto(f"{live_server.url}/checkpoints/")
    buttons = page.get_by_test_id("checkpoint-table").get_by_role("link", name="Register")
    expect(buttons.first).to_be_visible()
    width = page.viewport_size["width"]
    for button in buttons.all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    table = page.get_by_test_id("checkpoint-table").locator("xpath=..")
    assert table.evaluate("node => node.scrollWidth <= node.clientWidth")


def test_a_passages_people_fit_a_phones_screen_in_english(
    phone_page, live_server, users, checkpoints
):
    """Nine columns ran off a phone's screen: there each person is a block of labelled
    lines, and a flag names the person as an English sentence does."""
    passage, _ = passage_register(
        checkpoint=checkpoints.a, by=None, **vehicle(occupants=[occupant(temperature="38.2")])
    )
    page = phone_page
    browser_login(page, live_server, "commander")
    page.get_by_test_id("language-switch").click()
    page.goto(f"{live_server.url}/checkpoints/passages/{passage.pk}/")
    expect(page.get_by_test_id("flag")).to_contain_text(": temperature 38.2")
    table = page.get_by_test_id("occupant-table")
    expect(table.get_by_role("cell", name="38.2")).to_be_visible()
    assert (
        table.evaluate("node => node.getBoundingClientRect().right") <= page.viewport_size["width"]
    )
    temperature = table.get_by_role("cell", name="38.2")
    label = temperature.evaluate("node => getComputedStyle(node, '::before').content")
    assert label == '"Temperature"'
