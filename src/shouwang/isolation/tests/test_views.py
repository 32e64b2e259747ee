from datetime import timedelta

from django.core import signing
from django.urls import reverse

from shouwang.core import pii
from shouwang.core.choices import AccessAction
from shouwang.core.models import AccessLog
from shouwang.core.tests.pdf import pdf_fonts, pdf_text
from shouwang.core.tests.test_signatures_and_qr import drawn_png
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.isolation.services import commitment_sign, follow_up_record
from shouwang.isolation.views import SIGN_SALT


def test_a_grid_worker_orders_isolation_from_the_person_page(client_for, users, people, today):
    response = client_for(users.grid_a).post(
        reverse("isolation:order_create", args=[people.a.pk]),
        {
            "start": today.isoformat(),
            "days": 14,
            "reason": "武汉返回",
            "grid_worker": users.grid_a.pk,
            "doctor": "陈医生",
        },
    )
    order = IsolationOrder.objects.get()
    assert response["Location"] == reverse("isolation:order_detail", args=[order.pk])


def test_grid_b_cannot_see_or_follow_up_grid_a(client_for, users, order):
    client = client_for(users.grid_b)
    assert client.get(reverse("isolation:order_detail", args=[order.pk])).status_code == 404
    assert client.get(reverse("isolation:followup_create", args=[order.pk])).status_code == 404
    assert client.get(reverse("isolation:today")).context["rows"] == []


def test_the_today_list_shows_due_slots(client_for, users, order, order_b):
    rows = client_for(users.grid_a).get(reverse("isolation:today")).context["rows"]
    assert [row.order for row in rows] == [order]
    assert set(rows[0].slots) == {"morning", "evening"}


def test_a_follow_up_from_the_phone_form(client_for, users, order, today):
    response = client_for(users.grid_a).post(
        reverse("isolation:followup_create", args=[order.pk]),
        {"day": today.isoformat(), "slot": "morning", "temperature": "36.6", "needs_food": "on"},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().needs_food


def test_a_temperature_outside_the_range_is_shown_on_the_field(client_for, users, order, today):
    response = client_for(users.grid_a).post(
        reverse("isolation:followup_create", args=[order.pk]),
        {"day": today.isoformat(), "slot": "morning", "temperature": "43.5"},
    )
    assert response.status_code == 200 and "temperature" in response.context["form"].errors


def test_the_board_counts_with_flat_queries(
    client_for, users, order, order_b, tree, django_assert_max_num_queries
):
    commitment_sign(order=order_b, signer_name="李四", image=drawn_png())
    client = client_for(users.community)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("isolation:order_board"), {"area": tree.S1C1.pk})
    board = response.context["board"]
    assert board.under_isolation == 2 and board.without_signature == 1
    assert response.context["chart"]["rows"][-1][2] == 2  # home isolation today


def test_the_board_of_another_street_is_not_found(client_for, users, order, tree):
    response = client_for(users.street_2).get(
        reverse("isolation:order_board"), {"area": tree.S1C1.pk}
    )
    assert response.status_code == 404


def test_the_resident_signs_on_his_phone_from_the_link(client, order):
    token = signing.dumps({"order": order.pk}, salt=SIGN_SALT)
    url = reverse("isolation:commitment_sign", args=[token])
    assert "居家隔离承诺书" in client.get(url).content.decode()
    response = client.post(url, {"signer_name": "张三", "signature": drawn_png()})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.signature.signer_name == "张三"


def test_a_forged_sign_link_is_not_found(client, order):
    assert client.get(reverse("isolation:commitment_sign", args=["forged"])).status_code == 404


def test_release_early_from_the_order_page(client_for, users, order, today):
    client_for(users.grid_a).post(
        reverse("isolation:order_change", args=[order.pk, "end"]),
        {"outcome": "early_end", "on": today.isoformat(), "note": "核酸阴性"},
    )
    order.refresh_from_db()
    assert order.status == "ended"


def test_the_extension_needs_a_reason(client_for, users, order):
    client_for(users.grid_a).post(
        reverse("isolation:order_change", args=[order.pk, "extend"]), {"days": 3, "reason": ""}
    )
    order.refresh_from_db()
    assert order.days == 14
    assert order.planned_end == order.start + timedelta(days=13)


def test_the_signed_letter_is_a_pdf_with_chinese_fonts_embedded_and_its_print_is_logged(
    client, client_for, users, order
):
    token = signing.dumps({"order": order.pk}, salt=SIGN_SALT)
    client.post(
        reverse("isolation:commitment_sign", args=[token]),
        {"signer_name": "张三", "signature": drawn_png()},
    )
    response = client_for(users.grid_a).get(reverse("isolation:commitment_print", args=[order.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "居家隔离承诺书" in text and "张三" in text
    assert all(embedded for _name, embedded in pdf_fonts(response.content))
    assert any("CJK" in name for name, _embedded in pdf_fonts(response.content))
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.object_id, log.area_path) == (
        users.grid_a,
        str(order.pk),
        order.area.path,
    )


def test_the_letter_of_another_grid_is_not_found(client_for, users, order):
    response = client_for(users.grid_b).get(reverse("isolation:commitment_print", args=[order.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_someone_sent_home_without_an_order_waits_on_the_board(
    client_for, users, people, tree, today
):
    from shouwang.people.choices import Measure
    from shouwang.people.services import measure_change

    # Checked out of a hotel to home isolation: the register says so, no order exists yet.
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=today, reason="转居家", by=None
    )
    client = client_for(users.community)
    board = client.get(reverse("isolation:order_board"), {"area": tree.S1C1.pk}).context["board"]
    assert board.awaiting_order == [people.a]
    response = client_for(users.grid_a).post(
        reverse("isolation:order_create", args=[people.a.pk]),
        {
            "start": today.isoformat(),
            "days": 7,
            "reason": "集中隔离期满转居家",
            "grid_worker": users.grid_a.pk,
            "doctor": "陈医生",
        },
    )
    assert response.status_code == 302
    client = client_for(users.community)
    board = client.get(reverse("isolation:order_board"), {"area": tree.S1C1.pk}).context["board"]
    assert board.awaiting_order == [] and board.under_isolation == 1
    # The street next door does not see him waiting.
    other = client_for(users.street_2).get(reverse("isolation:order_board"), {"area": tree.S2C1.pk})
    assert other.context["board"].awaiting_order == []


def test_a_building_head_reports_but_does_not_decide_measures(
    client_for, api_for, users, people, order, today
):
    """His building's person: he may follow up and record an arrival, but ordering,
    extending or ending an isolation and changing a measure are for the grid and above."""
    head = client_for(users.building_a)
    detail = head.get(reverse("isolation:order_detail", args=[order.pk]))
    page = detail.content.decode()
    assert detail.status_code == 200 and "isolation:order_change" not in page
    assert reverse("isolation:order_change", args=[order.pk, "extend"]) not in page
    extend = {"days": 3, "reason": "同住人发热"}
    assert (
        head.post(reverse("isolation:order_change", args=[order.pk, "extend"]), extend).status_code
        == 404
    )
    end = {"outcome": "released", "on": today.isoformat(), "note": "期满"}
    assert (
        head.post(reverse("isolation:order_change", args=[order.pk, "end"]), end).status_code == 404
    )
    order.refresh_from_db()
    assert order.days == 14 and order.status == "active"
    assert head.get(reverse("isolation:order_create", args=[people.a.pk])).status_code == 404
    measure = reverse("people:person_timeline_add", args=[people.a.pk, "measure"])
    assert head.get(measure).status_code == 404
    person_page = head.get(reverse("people:person_detail", args=[people.a.pk]))
    assert set(person_page.context["timeline_forms"]) == {"health", "episode", "history"}
    body = {"person": people.a.pk, "measure": "released", "start": today.isoformat()}
    api = api_for(users.building_a).post(
        "/api/v1/measures/", {**body, "reason": "x"}, format="json"
    )
    assert api.status_code == 404
    assert api_for(users.grid_a).get("/api/v1/measures/").status_code == 200  # the route exists
    # What he may do: record an arrival in his building.
    episode = reverse("people:person_timeline_add", args=[people.a.pk, "episode"])
    assert head.get(episode).status_code == 200
    # The grid worker extends.
    grid = client_for(users.grid_a)
    grid.post(reverse("isolation:order_change", args=[order.pk, "extend"]), extend)
    order.refresh_from_db()
    assert order.days == 17
    grid_api = api_for(users.grid_a).post(
        "/api/v1/measures/", {**body, "reason": "解除"}, format="json"
    )
    assert grid_api.status_code == 201


def test_needs_asked_at_a_follow_up_show_on_the_community_board(
    client_for, users, order, order_b, tree, today
):
    client_for(users.grid_a).post(
        reverse("isolation:followup_create", args=[order.pk]),
        {
            "day": today.isoformat(),
            "slot": "morning",
            "temperature": "36.6",
            "needs_medicine": "on",
        },
    )
    client_for(users.grid_b).post(
        reverse("isolation:followup_create", args=[order_b.pk]),
        {"day": today.isoformat(), "slot": "morning", "temperature": "36.5"},
    )
    response = client_for(users.community).get(
        reverse("isolation:order_board"), {"area": tree.S1C1.pk}
    )
    needs = response.context["board"].needs
    assert [(f.order, f.needs) for f in needs] == [(order, ["需要药品"])]
    assert 'data-testid="board-needs"' in response.content.decode()


def test_the_district_edits_its_commitment_letter_as_a_new_version(client_for, users, order, tree):
    from shouwang.isolation.models import CommitmentTemplate
    from shouwang.isolation.services import commitment_text

    url = reverse("isolation:commitment_template")
    client = client_for(users.commander)
    board = client.get(reverse("isolation:order_board"), {"area": tree.S1C1.pk})
    assert url in board.content.decode()
    bad = client.post(url, {"title": "承诺书", "text": "本人{姓名}承诺"})
    assert "text" in bad.context["form"].errors and not CommitmentTemplate.objects.exists()
    text = "本人{name}自{start}起居家隔离{days}天，至{end}止。"
    assert client.post(url, {"title": "香洲区居家隔离承诺书", "text": text}).status_code == 302
    client.post(url, {"title": "香洲区居家隔离承诺书", "text": text + "绝不外出。"})
    assert CommitmentTemplate.objects.filter(district=tree.D).count() == 2
    template, letter = commitment_text(order)
    assert template == CommitmentTemplate.objects.filter(district=tree.D).first()  # newest
    assert letter.startswith("香洲区居家隔离承诺书") and letter.endswith("绝不外出。")
    assert order.person.name in letter
    for user in (users.street_1, users.community, users.grid_a):
        assert client_for(user).get(url).status_code == 404


def test_the_board_shows_names_without_opening_a_sealed_value(
    client_for, users, order, tree, today, monkeypatch
):
    follow_up_record(
        order=order, day=today, slot="morning", temperature="36.5", by=None, needs_food=True
    )

    def refuse(token):
        raise AssertionError("a sealed value was decrypted")

    monkeypatch.setattr(pii, "decrypt", refuse)
    response = client_for(users.community).get(
        reverse("isolation:order_board"), {"area": tree.S1C1.pk}
    )
    assert response.status_code == 200
    assert response.context["board"].needs and response.context["board"].rows
