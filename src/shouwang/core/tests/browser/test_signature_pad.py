import pytest
from playwright.sync_api import expect

from shouwang.core.models import Signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db"),
    pytest.mark.urls("shouwang.core.tests.signature_page"),
]


def draw(page, canvas):
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 15, box["y"] + 40 + (step % 3) * 20)
    page.mouse.up()


def test_an_empty_pad_cannot_be_submitted(phone_page, live_server):
    phone_page.goto(f"{live_server.url}/test-sign/")
    phone_page.get_by_role("button", name="sign").click()
    expect(phone_page.get_by_text("请先签名")).to_be_visible()
    assert not Signature.objects.exists()


def test_a_drawn_signature_is_stored_with_the_text(phone_page, live_server):
    page = phone_page
    page.goto(f"{live_server.url}/test-sign/")
    draw(page, page.get_by_test_id("signature-canvas"))
    page.get_by_role("button", name="sign").click()
    expect(page.locator("body")).to_contain_text("sha256")
    signature = Signature.objects.get()
    assert signature.image.startswith("data:image/png;base64,")
    assert "Mobile" in signature.device or "Chrome" in signature.device
