from django.urls import reverse

from shouwang.core.choices import Role
from shouwang.core.models import Alert
from shouwang.core.services.alerts import alert_raise


def raise_fever(tree, **kwargs):
    return alert_raise(
        kind="fever",
        area=tree.S1C1GA,
        role=Role.GRID_WORKER,
        title="张三 体温 38.1℃",
        subject="people.person:1",
        **kwargs,
    )


def test_an_alert_reaches_the_role_in_its_area_only(client_for, users, tree):
    raise_fever(tree)
    assert [a.title for a in Alert.objects.for_inbox(users.grid_a)] == ["张三 体温 38.1℃"]
    assert not Alert.objects.for_inbox(users.grid_b).exists()  # the next grid
    assert not Alert.objects.for_inbox(users.community).exists()  # another role
    assert Alert.objects.for_inbox(users.charlie).count() == 0


def test_the_same_open_alert_is_not_raised_twice(tree):
    assert raise_fever(tree) == raise_fever(tree)
    assert Alert.objects.count() == 1


def test_inbox_acknowledge_and_close(client_for, users, tree):
    alert = raise_fever(tree)
    client = client_for(users.grid_a)
    page = client.get(reverse("core:alert_inbox"))
    assert list(page.context["page"]) == [alert]
    assert page.context["navigation"][1]["badge"] == 1
    client.post(reverse("core:alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledged_by == users.grid_a
    client.post(reverse("core:alert_close", args=[alert.pk]), {"resolution": "已上门复测 36.8℃"})
    alert.refresh_from_db()
    assert alert.status == "closed" and alert.resolution == "已上门复测 36.8℃"
    assert list(client.get(reverse("core:alert_inbox")).context["page"]) == []


def test_closing_needs_a_resolution(client_for, users, tree):
    alert = raise_fever(tree)
    client_for(users.grid_a).post(reverse("core:alert_close", args=[alert.pk]), {"resolution": " "})
    alert.refresh_from_db()
    assert alert.status == "open"


def test_another_grids_worker_cannot_touch_the_alert(client_for, users, tree):
    alert = raise_fever(tree)
    client = client_for(users.grid_b)
    assert client.post(reverse("core:alert_acknowledge", args=[alert.pk])).status_code == 404
    assert (
        client.post(reverse("core:alert_close", args=[alert.pk]), {"resolution": "x"}).status_code
        == 404
    )


def test_alert_api(api_for, users, tree):
    alert = raise_fever(tree)
    api = api_for(users.grid_a)
    assert [a["id"] for a in api.get("/api/v1/alerts/").json()["results"]] == [alert.pk]
    closed = api.post(f"/api/v1/alerts/{alert.pk}/close/", {"resolution": "已处理"}, format="json")
    assert closed.json()["status"] == "closed"
    assert api_for(users.grid_b).get(f"/api/v1/alerts/{alert.pk}/").status_code == 404


def test_an_officer_above_gets_alerts_raised_for_his_role_below(users, tree):
    alert_raise(
        kind="missed_follow_up", area=tree.S1C1GA, role=Role.COMMUNITY_OFFICER, title="随访逾期"
    )
    assert Alert.objects.for_inbox(users.community).count() == 1
