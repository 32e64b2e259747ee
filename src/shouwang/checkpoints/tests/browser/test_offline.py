"""The registration page on a phone: keyboard flow, refusals before sending, and records
made without network that reach the server exactly once when it is back."""

import pytest
from playwright.sync_api import expect

from shouwang.checkpoints import offline, views
from shouwang.checkpoints.models import Checkpoint, Passage
from shouwang.conftest import ID_A, ID_B, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def open_register(page, live_server, checkpoint):
    browser_login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}/checkpoints/{checkpoint.pk}/register/")
    # The service worker must hold the page before the network goes.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def go_offline(page):
    """Cut the network, and wait until the page and its service worker both know: once, in
    a full run, a record sent just after ``set_offline`` reached the server."""
    page.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    for worker in page.context.service_workers:
        assert worker.evaluate("navigator.onLine") is False


def fill_vehicle(page, plate, name, document, temperature="36.6"):
    page.fill("#plate", plate)
    page.keyboard.press("Enter")  # a scanner's Enter moves on, never sends half a record
    occupant = page.locator(".sw-occupant").first
    occupant.locator("[data-field=name]").fill(name)
    occupant.locator("[data-field=temperature]").fill(temperature)
    occupant.locator("[data-field=document_number]").fill(document)
    occupant.locator("[data-field=origin]").fill("广州")
    page.get_by_test_id("submit").click()


def test_records_made_offline_are_sent_once_when_the_network_is_back(
    phone_page, live_server, checkpoints, staff
):
    page = phone_page
    open_register(page, live_server, checkpoints.a)
    go_offline(page)
    fill_vehicle(page, "粤C12345", "张三", ID_A)
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    fill_vehicle(page, "粤BD12345", "李四", ID_B, temperature="37.8")
    expect(page.get_by_test_id("queue-count")).to_have_text("2")
    # Reloading without network: the page comes from the service worker, the queue stays.
    page.reload()
    expect(page.get_by_test_id("queue-count")).to_have_text("2")
    assert Passage.objects.count() == 0
    page.screenshot(path="/tmp/checkpoints-offline.png", full_page=True)

    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_text("0", timeout=15000)
    expect(page.get_by_test_id("flagged")).to_contain_text("37.8")
    assert sorted(Passage.objects.values_list("plate", flat=True)) == ["粤BD12345", "粤C12345"]
    uuids = list(Passage.objects.values_list("client_uuid", flat=True))

    # The same record sent again (a lost answer, a second tab): stored once.
    endpoint = f"/api/v1/checkpoints/{checkpoints.a.pk}/passages/"
    resent = page.evaluate(
        """async ([endpoint, uuid, documentNumber]) => {
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            const response = await fetch(endpoint, {method: 'POST', credentials: 'same-origin',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
              body: JSON.stringify({client_uuid: uuid, direction: 'in', mode: 'vehicle',
                plate: '粤C12345', occupants: [{name: '张三', document_number: documentNumber,
                temperature: '36.6'}]})});
            return response.status;
        }""",
        [endpoint, str(uuids[0]), ID_A],
    )
    assert resent == 200
    assert Passage.objects.count() == 2
    page.screenshot(path="/tmp/checkpoints-online.png", full_page=True)


def test_a_new_release_reaches_the_phone_and_the_page_still_opens_offline(
    phone_page, live_server, checkpoints, staff, monkeypatch
):
    page = phone_page
    open_register(page, live_server, checkpoints.a)
    assert page.evaluate("caches.keys()") == [
        f"shouwang-checkpoints-{offline.offline_files_version()}"
    ]

    # A release with other files: the browser finds the worker's text changed when it
    # checks (on each visit; here at once), installs it, and the new one takes over.
    monkeypatch.setattr(views, "offline_files_version", lambda: "next-release")
    page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            await registration.update();
            const worker = registration.installing || registration.waiting;
            if (worker && worker.state !== "activated") {
                await new Promise((done) => worker.addEventListener("statechange", () => {
                    if (worker.state === "activated" || worker.state === "redundant") done();
                }));
            }
        }"""
    )
    assert page.evaluate("caches.keys()") == ["shouwang-checkpoints-next-release"]

    # The page cached under the old release was kept: it opens offline (the old name shows,
    # so it is not the server's) and still works.
    name = checkpoints.a.name
    Checkpoint.objects.filter(pk=checkpoints.a.pk).update(name="改名后的卡点")
    go_offline(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    fill_vehicle(page, "粤C12345", "张三", ID_A)
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_text("0", timeout=15000)
    assert Passage.objects.count() == 1


def test_bad_input_is_refused_on_the_page_before_sending(
    phone_page, live_server, checkpoints, staff
):
    page = phone_page
    browser_login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}/checkpoints/{checkpoints.a.pk}/register/")
    fill_vehicle(page, "粤C1234", "张三", "440402199001010015", temperature="45")
    expect(page.locator("#plate")).to_have_class(_contains("is-invalid"))
    occupant = page.locator(".sw-occupant").first
    expect(occupant.locator("[data-field=temperature]")).to_have_class(_contains("is-invalid"))
    expect(occupant.locator("[data-field=document_number]")).to_have_class(_contains("is-invalid"))
    # Each refusal is worded under its own field, where the staff's eyes are.
    expect(page.locator("[data-error-for=plate]")).to_be_visible()
    expect(page.locator("[data-error-for=plate]")).not_to_be_empty()
    document_error = occupant.locator("[data-field=document_number] ~ .invalid-feedback")
    expect(document_error).to_be_visible()
    expect(document_error).not_to_be_empty()
    expect(page.get_by_test_id("queue-count")).to_have_text("0")
    assert Passage.objects.count() == 0


def test_the_form_is_cleared_as_it_is_sent(phone_page, live_server, checkpoints, staff):
    """Not when the phone's storage answers: a plate typed or scanned in between stays."""
    page = phone_page
    browser_login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}/checkpoints/{checkpoints.a.pk}/register/")
    page.fill("#plate", "粤C12345")
    occupant = page.locator(".sw-occupant").first
    occupant.locator("[data-field=name]").fill("张三")
    occupant.locator("[data-field=document_number]").fill(ID_A)
    occupant.locator("[data-field=temperature]").fill("36.6")
    plate_after_send = page.evaluate(
        "document.getElementById('sw-passage-form').requestSubmit();"
        " document.getElementById('plate').value"
    )
    assert plate_after_send == ""
    expect(page.get_by_test_id("stored")).to_contain_text("粤C12345", timeout=15000)


def test_a_record_the_phone_cannot_keep_is_said_so(phone_page, live_server, checkpoints, staff):
    """Storage refused (full, private mode): never sent, so the staff are told to register
    it again, where the refusals show, and the page does not say it waits."""
    page = phone_page
    page.add_init_script(
        "indexedDB.open = function () { const request = {};"
        " setTimeout(() => { request.error = new Error('full'); request.onerror(); });"
        " return request; };"
    )
    browser_login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}/checkpoints/{checkpoints.a.pk}/register/")
    fill_vehicle(page, "粤C12345", "张三", ID_A)
    refused = page.get_by_test_id("rejected")
    expect(refused).to_contain_text("粤C12345")
    expect(refused).to_contain_text("未能存入本机，请重新登记")
    expect(page.get_by_test_id("result")).not_to_contain_text("已存入待上传队列")
    assert Passage.objects.count() == 0


def test_a_flag_sent_from_the_queue_stays_when_later_records_are_answered(
    phone_page, live_server, checkpoints, staff
):
    page = phone_page
    open_register(page, live_server, checkpoints.a)
    go_offline(page)
    fill_vehicle(page, "粤BD12345", "李四", ID_B, temperature="38.4")
    fill_vehicle(page, "粤C12345", "张三", ID_A)
    expect(page.get_by_test_id("queue-count")).to_have_text("2")
    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_text("0", timeout=15000)
    expect(page.get_by_test_id("stored")).to_contain_text("粤C12345")
    expect(page.get_by_test_id("flagged")).to_contain_text("38.4")


def without_the_round_answer_sends(page, answer):
    """The regular round taken away (a flush every 15 seconds), so what the queue does comes
    from the page itself, and the page's POSTs answered by the JavaScript ``answer``, given
    ``send`` (the real fetch of the request) and the POST's number, counted in
    ``window.sends``."""
    page.add_init_script(
        "window.setInterval = function () {};"
        "const realFetch = window.fetch; window.sends = 0;"
        "window.fetch = function (url, options) {"
        "  const send = () => realFetch.call(window, url, options);"
        "  if (!options || options.method !== 'POST') return send();"
        "  window.sends += 1;"
        f"  return ({answer})(send, window.sends);"
        "};"
    )


def register_with_sends_answered(page, live_server, checkpoint, answer):
    """One record registered on a page whose POSTs ``answer`` answers, without the round."""
    without_the_round_answer_sends(page, answer)
    open_register(page, live_server, checkpoint)
    fill_vehicle(page, "粤C12345", "张三", ID_A)


def test_a_record_made_while_the_queue_is_sent_follows_at_once(
    phone_page, live_server, checkpoints, staff
):
    page = phone_page
    without_the_round_answer_sends(
        page,
        "(send, n) => n > 1 ? send()"
        " : new Promise((resolve) => { window.releaseFirst = () => resolve(send()); })",
    )
    open_register(page, live_server, checkpoints.a)
    fill_vehicle(page, "粤C12345", "张三", ID_A)
    page.wait_for_function("window.releaseFirst !== undefined")
    fill_vehicle(page, "粤BD12345", "李四", ID_B)
    expect(page.get_by_test_id("queue-count")).to_have_text("2")
    page.evaluate("window.releaseFirst()")
    expect(page.get_by_test_id("queue-count")).to_have_text("0")
    assert Passage.objects.count() == 2


@pytest.mark.parametrize("network_back_meanwhile", [False, True])
def test_a_send_that_fails_while_the_phone_is_online_is_tried_again_soon(
    phone_page, live_server, checkpoints, staff, network_back_meanwhile
):
    """Online, and the send fails all the same (between cells, or the network came back
    while the send made without it had yet to fail, as once in CI): the queue does not
    wait for the regular round."""
    page = phone_page
    back = "window.dispatchEvent(new Event('online'));" if network_back_meanwhile else ""
    register_with_sends_answered(
        page,
        live_server,
        checkpoints.a,
        f"(send, n) => {{ if (n > 1) return send(); {back}"
        " return Promise.reject(new TypeError('Failed to fetch')); }",
    )
    expect(page.get_by_test_id("stored")).to_contain_text("粤C12345")
    expect(page.get_by_test_id("queue-count")).to_have_text("0")
    assert Passage.objects.count() == 1


def test_a_page_in_place_of_the_answer_waits_for_the_round(
    phone_page, live_server, checkpoints, staff
):
    """A portal or a proxy answers with a page of its own: the server was not reached, the
    record stays queued, and the phone does not send it again every second."""
    page = phone_page
    register_with_sends_answered(
        page,
        live_server,
        checkpoints.a,
        "() => Promise.resolve(new Response('<html>Wi-Fi</html>',"
        " {status: 200, headers: {'Content-Type': 'text/html'}}))",
    )
    page.wait_for_function("window.sends === 1")
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    page.wait_for_timeout(3500)  # quick retries (1 s, then 2 s on) would have sent it twice more
    assert page.evaluate("window.sends") == 1
    assert Passage.objects.count() == 0


def test_a_flag_from_the_queue_leaves_the_staff_in_the_field_they_type(
    phone_page, live_server, checkpoints, staff
):
    """A queued record answered while the next one is being typed lower down: the page
    does not move; a notice at the top leads to the flag, and the field keeps the focus."""
    page = phone_page
    open_register(page, live_server, checkpoints.a)
    go_offline(page)
    fill_vehicle(page, "粤BD12345", "李四", ID_B, temperature="38.4")
    # The keyboard is up for the next record: it takes the lower half of the screen.
    page.set_viewport_size({"width": 375, "height": 400})
    page.fill("#plate", "粤C12345")
    occupant = page.locator(".sw-occupant").first
    occupant.locator("[data-field=name]").fill("张三")
    phone = occupant.locator("[data-field=phone]")
    phone.fill("138")
    expect(page.get_by_test_id("result")).not_to_be_in_viewport()
    page.context.set_offline(False)

    notice = page.get_by_test_id("flag-notice")
    expect(notice).to_be_visible(timeout=15000)
    expect(notice).to_contain_text("粤BD12345")
    expect(phone).to_be_focused()
    expect(phone).to_be_in_viewport()
    expect(page.get_by_test_id("flagged")).not_to_be_in_viewport()
    page.screenshot(path="/tmp/checkpoints-flag-notice.png")

    notice.click()
    expect(page.get_by_test_id("flagged")).to_be_in_viewport()
    expect(notice).to_be_hidden()
    expect(phone).to_be_focused()
    page.keyboard.type("00138000")
    expect(phone).to_have_value("13800138000")


@pytest.mark.parametrize(("temperature", "answer"), [("38.1", "flagged"), ("36.6", "stored")])
def test_the_answer_is_on_screen_beside_the_next_plate(
    phone_page, live_server, checkpoints, staff, temperature, answer
):
    """The send button is at the bottom of a phone's screen: after it, the answer (a flag
    and why, or that it is stored) and the empty plate for the next vehicle are in view."""
    page = phone_page
    browser_login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}/checkpoints/{checkpoints.a.pk}/register/")
    expect(page.get_by_test_id("submit")).not_to_be_in_viewport()
    fill_vehicle(page, "粤C12345", "张三", ID_A, temperature=temperature)
    shown = page.get_by_test_id(answer)
    expect(shown).to_contain_text("粤C12345")
    expect(shown).to_be_in_viewport()
    expect(page.get_by_test_id("flag-notice")).to_be_hidden()
    expect(page.locator("#plate")).to_be_focused()
    expect(page.locator("#plate")).to_be_in_viewport()
    expect(page.locator("#plate")).to_have_value("")


def _contains(css_class):
    import re

    return re.compile(rf"(^|\s){css_class}(\s|$)")


def test_a_refusal_by_the_server_names_the_person_and_the_field(
    phone_page, live_server, checkpoints, staff
):
    """A passport number's form is checked by the server only: its refusal says whose
    field it is in words (第1人 · 证件号码), not by the API's key (occupants.0.document_number)."""
    page = phone_page
    open_register(page, live_server, checkpoints.a)
    page.locator(".sw-occupant").first.locator("[data-field=document_type]").select_option(
        "passport"
    )
    fill_vehicle(page, "粤C12345", "John Smith", "AB1")
    refused = page.get_by_test_id("rejected")
    expect(refused).to_contain_text("第1人 · 证件号码：护照号码格式不正确")
    expect(refused).not_to_contain_text("occupants.")
    assert Passage.objects.count() == 0
