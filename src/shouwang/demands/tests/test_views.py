"""The demand pages: the public form behind the QR code and its tracking link, the
enterprise's own form, the handlers' pages, the board, and who sees what."""

import uuid
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shouwang.core.models import AccessLog
from shouwang.core.tests.test_scoping import without_csrf
from shouwang.demands.models import Demand
from shouwang.demands.services import demand_accept, demand_resolve
from shouwang.demands.tests.conftest import submit

FORM = {
    "enterprise_name": "昌盛便利店",
    "category": "supplies",
    "description": "缺少口罩",
    "contact_name": "李店长",
    "contact_phone": "13912345678",
}


def _public(code="S1"):
    return reverse("demands:demand_form", args=[code])


def test_the_public_form_takes_a_demand_and_gives_a_tracking_link(client, tree, clock):
    assert client.get(_public()).status_code == 200
    response = client.post(_public(), {**FORM, "client_uuid": uuid.uuid4()})
    demand = Demand.objects.get()
    assert response.url == reverse("demands:track", args=[demand.tracking_token])
    assert (demand.source, demand.area, demand.enterprise) == ("qr", tree.S1, None)
    page = client.get(response.url).content.decode()
    assert demand.reference in page and "待受理" in page


def test_a_retried_submit_is_not_a_second_one(client, tree, clock):
    key = uuid.uuid4()
    first = client.post(_public(), {**FORM, "client_uuid": key})
    again = client.post(_public(), {**FORM, "client_uuid": key})
    assert first.url == again.url
    assert Demand.objects.count() == 1


def test_the_answer_is_the_same_whether_or_not_registered(client, tree, clock, enterprises):
    """A credit code of the register routes the demand to its enterprise's street, and the
    submitter learns nothing of it: the two tracking pages differ only in the number and
    the link."""
    registered = client.post(
        _public(), {**FORM, "credit_code": enterprises.c.credit_code, "client_uuid": uuid.uuid4()}
    )
    other = client.post(_public(), {**FORM, "client_uuid": uuid.uuid4()})
    assert registered.status_code == other.status_code == 302
    demands = {d.enterprise_id: d for d in Demand.objects.all()}
    assert demands[enterprises.c.pk].area == enterprises.c.area  # in S2, though scanned in S1
    assert demands[enterprises.c.pk].enterprise_name == "昌盛便利店"  # as typed

    def page(response, demand):
        text = client.get(response.url).content.decode()
        text = text.replace(demand.reference, "").replace(demand.tracking_token, "")
        return without_csrf(text.encode())

    assert page(registered, demands[enterprises.c.pk]) == page(other, demands[None])
    assert enterprises.c.name.encode() not in page(registered, demands[enterprises.c.pk])


def test_the_public_form_refuses_bad_input_and_too_many_submits(client, tree, clock):
    response = client.post(_public(), {**FORM, "contact_phone": "123", "client_uuid": uuid.uuid4()})
    assert response.status_code == 200
    assert "contact_phone" in response.context["form"].errors
    for _ in range(5):
        client.post(_public(), {**FORM, "client_uuid": uuid.uuid4()})
    limited = client.post(_public(), {**FORM, "client_uuid": uuid.uuid4()})
    assert limited.status_code == 429
    assert Demand.objects.count() == 4  # the bad one counted against the limit too
    assert client.get(_public("S1C1GA")).status_code == 404  # QR codes of streets and communities
    assert client.get(_public("NOPE")).status_code == 404


def test_the_tracking_page_shows_only_its_demand_and_takes_the_rating(
    client, tree, clock, enterprises
):
    mine = submit(area=tree.S1, enterprise_name="小店")
    other = submit(enterprises.c, description="别家的秘密诉求")
    url = reverse("demands:track", args=[mine.tracking_token])
    page = client.get(url).content.decode()
    assert "别家的秘密诉求" not in page and other.reference not in page
    assert client.get(reverse("demands:track", args=["not-a-token"])).status_code == 404
    demand_accept(demand=mine, by=None)
    demand_resolve(demand=mine, resolution="已送口罩", by=None)
    response = client.post(url, {"satisfied": "yes", "rating": "5", "comment": "谢谢"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.rating, mine.feedback_channel) == ("confirmed", 5, "enterprise")


def test_the_enterprise_raises_one_in_its_account_and_sees_only_its_own(
    client_for, tree, clock, enterprises, enterprise_users, users
):
    client = client_for(enterprise_users.a)
    form = {k: v for k, v in FORM.items() if k != "enterprise_name"}
    picture = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0 picture")
    response = client.post(
        reverse("demands:demand_create"),
        {**form, "client_uuid": uuid.uuid4(), "attachments": [picture]},
    )
    demand = Demand.objects.get()
    assert response.url == reverse("demands:demand_detail", args=[demand.pk])
    assert (demand.enterprise, demand.source) == (enterprises.a, "account")
    other = submit(enterprises.b)
    listed = client.get(reverse("demands:demand_list")).context["page_obj"]
    assert list(listed) == [demand]
    assert client.get(reverse("demands:demand_detail", args=[other.pk])).status_code == 404
    attachment = demand.attachments.get()
    assert client.get(reverse("demands:attachment", args=[attachment.pk])).status_code == 200
    assert (
        client_for(enterprise_users.b)
        .get(reverse("demands:attachment", args=[attachment.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(users.street_2)
        .get(reverse("demands:attachment", args=[attachment.pk]))
        .status_code
        == 404
    )
    assert client_for(users.street_1).get(reverse("demands:demand_create")).status_code == 404


@pytest.mark.parametrize(
    ("user", "sees"),
    [("commander", 3), ("street_1", 2), ("street_2", 1), ("community", 2), ("charlie", 0)],
)
def test_the_list_is_scoped(
    client_for, users, tree, clock, enterprises, user, sees, django_assert_max_num_queries
):
    submit(enterprises.a)
    submit(enterprises.b)
    submit(enterprises.c)
    client = client_for(getattr(users, user))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("demands:demand_list"))
    assert response.context["page_obj"].paginator.count == sees


def test_handlers_move_a_demand_and_outsiders_cannot(client_for, users, tree, clock, enterprises):
    demand = submit(enterprises.a)
    url = reverse("demands:demand_action", args=[demand.pk, "accept"])
    for outsider in (users.street_2, users.grid_a, users.supervisor, users.charlie):
        assert client_for(outsider).post(url).status_code == 404
    demand.refresh_from_db()
    assert demand.status == "new"
    client = client_for(users.street_1)
    assert client.post(url).status_code == 302
    client.post(reverse("demands:demand_action", args=[demand.pk, "plan"]), {"plan": "联系供应商"})
    client.post(
        reverse("demands:demand_action", args=[demand.pk, "resolve"]), {"resolution": "已送达"}
    )
    client.post(
        reverse("demands:demand_action", args=[demand.pk, "return_visit"]),
        {"satisfied": "yes", "rating": "4"},
    )
    demand.refresh_from_db()
    assert (demand.status, demand.rating, demand.feedback_channel) == (
        "confirmed",
        4,
        "return_visit",
    )
    assert (
        client.post(reverse("demands:demand_action", args=[demand.pk, "dance"])).status_code == 404
    )


def test_the_out_of_scope_page_looks_like_a_missing_one(
    client_for, users, tree, clock, enterprises
):
    demand = submit(enterprises.a)
    client = client_for(users.street_2)
    hidden_url = reverse("demands:demand_detail", args=[demand.pk])
    missing_url = reverse("demands:demand_detail", args=[demand.pk + 1000])
    hidden, missing = client.get(hidden_url), client.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.content).replace(hidden_url.encode(), b"") == without_csrf(
        missing.content
    ).replace(missing_url.encode(), b"")


def test_the_contact_is_masked_and_revealed_with_a_reason(
    client_for, users, tree, clock, enterprises
):
    demand = submit(enterprises.a)
    page = (
        client_for(users.street_1)
        .get(reverse("demands:demand_detail", args=[demand.pk]))
        .content.decode()
    )
    assert "139****5678" in page and "13912345678" not in page
    url = reverse("demands:reveal", args=[demand.pk])
    assert client_for(users.street_1).post(url, {"reason": ""}).status_code == 400
    response = client_for(users.street_1).post(url, {"reason": "回访"})
    assert "13912345678" in response.content.decode()
    assert AccessLog.objects.get().fields == "contact_phone"
    assert client_for(users.street_2).post(url, {"reason": "x"}).status_code == 404


def test_the_board_counts_per_department(
    client_for, users, tree, clock, enterprises, django_assert_max_num_queries
):
    submit(enterprises.a, category="supplies")
    submit(enterprises.b, category="rent")
    done = submit(enterprises.c, category="supplies")
    demand_accept(demand=done, by=None)
    demand_resolve(demand=done, resolution="已解决", by=None)
    clock.move(hours=3)
    client = client_for(users.commander)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("demands:board"))
    board = response.context["board"]
    rows = {
        row["key"]: (row["total"], row["open"], row["overdue"], row["done"])
        for row in board["departments"]
    }
    assert rows == {"street": (1, 1, 1, 0), "industry": (2, 1, 1, 1)}
    assert response.context["department_chart"]["categories"] == [
        "属地街道",
        "区科技和工业信息化局",
    ]
    assert (
        client_for(users.street_2)
        .get(reverse("demands:board"))
        .context["board"]["headline"]["total"]
        == 1
    )
    assert client_for(users.checkpoint).get(reverse("demands:board")).status_code == 404


def test_the_export_masks_and_logs(client_for, users, tree, clock, enterprises, export_through):
    from openpyxl import load_workbook

    submit(enterprises.a)
    submit(enterprises.c)
    response = export_through(
        client_for(users.street_1), reverse("demands:demand_export"), {"reason": "周报"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][8] == "139****5678"
    assert AccessLog.objects.get().row_count == 1


def test_the_rules_page(client_for, users, tree, clock):
    client = client_for(users.street_1)
    assert client.get(reverse("demands:settings_list")).status_code == 200
    url = reverse("demands:settings_edit", args=[tree.S1.pk])
    post = {"respond_hours": 2, "plan_hours": 24, "close_hours": 72}
    post.update(
        {
            f"route_{c}": "street"
            for c in ("workers", "supplies", "logistics", "funding", "rent", "policy", "other")
        }
    )
    assert client.post(url, post).status_code == 302
    assert client.get(reverse("demands:settings_edit", args=[tree.S2.pk])).status_code == 404
    assert (
        client_for(users.community)
        .get(reverse("demands:settings_edit", args=[tree.S1.pk]))
        .status_code
        == 404
    )


def test_the_poster(client_for, users, tree):
    assert (
        "<svg"
        in client_for(users.street_1).get(reverse("demands:poster", args=["S1"])).content.decode()
    )
    assert client_for(users.street_1).get(reverse("demands:poster", args=["S2"])).status_code == 404
