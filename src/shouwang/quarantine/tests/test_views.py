import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from shouwang.conftest import ID_A
from shouwang.core.tests.test_scoping import without_csrf
from shouwang.quarantine.models import LoopPerson, Site, Stay
from shouwang.quarantine.services import batch_create, health_log_record, stay_check_in
from shouwang.quarantine.tests.conftest import PASSPORT_1, room
from shouwang.workforce.services import builtin_template


def board(site):
    return reverse("quarantine:site_board", args=[site.pk])


def test_site_staff_sees_his_board_and_not_the_other_site(client_for, sites, staff):
    client = client_for(staff.site_a)
    assert client.get(board(sites.a)).status_code == 200
    hidden_url, missing_url = board(sites.b), reverse("quarantine:site_board", args=[999_999])
    other, missing = client.get(hidden_url), client.get(missing_url)
    assert other.status_code == missing.status_code == 404
    assert without_csrf(other.content).replace(hidden_url.encode(), b"") == without_csrf(
        missing.content
    ).replace(missing_url.encode(), b"")


def test_site_list_is_scoped(client_for, sites, staff, users):
    def listed(user):
        return [
            s.name for s in client_for(user).get(reverse("quarantine:site_list")).context["sites"]
        ]

    assert listed(staff.site_a) == ["银华酒店"]
    assert sorted(listed(users.street_1)) == sorted(["银华酒店", "卓汇健康驿站"])
    assert listed(users.street_2) == ["景山酒店"]
    assert sorted(listed(users.community)) == sorted(["银华酒店", "卓汇健康驿站"])
    assert len(listed(users.commander)) == 3


def test_the_site_list_charts_who_is_staying_and_the_free_beds(client_for, sites, users, people):
    stay_check_in(room=room(sites.a, "201"), persons=[people.b], by=None)
    response = client_for(users.street_1).get(reverse("quarantine:site_list"))
    chart = response.context["chart"]
    staying = dict(zip(chart["categories"], chart["series"][0]["values"], strict=True))
    free = dict(zip(chart["categories"], chart["series"][1]["values"], strict=True))
    assert staying == {"银华酒店": 1, "卓汇健康驿站": 0}
    assert free["银华酒店"] == sites.a.capacity - 1
    assert 'data-testid="site-chart"' in response.content.decode()


@pytest.mark.parametrize(
    "who", ["grid_a", "charlie", "auditor", "supervisor", "nobody", "checkpoint"]
)
def test_users_without_site_duty_find_no_site_pages(client_for, sites, users, who):
    client = client_for(getattr(users, who))
    assert client.get(reverse("quarantine:site_list")).status_code == 404
    assert client.get(board(sites.a)).status_code == 404


def test_check_in_page_checks_in_and_refuses_the_other_site(client_for, sites, staff):
    client = client_for(staff.site_a)
    form = {
        "name": "张三",
        "document_type": "resident_id",
        "document_number": ID_A,
        "room": room(sites.a, "201").pk,
        "days": 14,
    }
    response = client.post(reverse("quarantine:check_in", args=[sites.a.pk]), form)
    assert response.status_code == 302
    assert Stay.objects.filter(site=sites.a).count() == 1
    form["room"] = room(sites.b, "201").pk
    assert client.post(reverse("quarantine:check_in", args=[sites.b.pk]), form).status_code == 404
    assert not Stay.objects.filter(site=sites.b).exists()


def test_check_in_of_an_occupied_room_shows_why(client_for, sites, staff, people):
    stay_check_in(room=room(sites.a, "201"), persons=[people.b], by=None)
    client = client_for(staff.site_a)
    form = {
        "name": "张三",
        "document_type": "resident_id",
        "document_number": ID_A,
        "room": room(sites.a, "201").pk,
        "days": 14,
    }
    response = client.post(reverse("quarantine:check_in", args=[sites.a.pk]), form)
    assert response.status_code == 200
    assert "room" in response.context["form"].errors  # occupied rooms are not even offered
    assert not Stay.objects.filter(person=people.a).exists()


def test_stay_of_another_site_is_404(client_for, sites, staff, people):
    stay = stay_check_in(room=room(sites.b, "201"), persons=[people.a], by=None)[0]
    assert (
        client_for(staff.site_a).get(reverse("quarantine:stay_detail", args=[stay.pk])).status_code
        == 404
    )
    assert (
        client_for(staff.site_b).get(reverse("quarantine:stay_detail", args=[stay.pk])).status_code
        == 200
    )


def test_check_out_from_the_page(client_for, sites, staff, people):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], days=1, by=None)[0]
    response = client_for(staff.site_a).post(
        reverse("quarantine:stay_detail", args=[stay.pk]),
        {"action": "checkout", "checkout-outcome": "released", "checkout-note": ""},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == "ended"


def test_the_board_refreshes_itself_with_a_fragment(client_for, sites, staff):
    client = client_for(staff.site_a)
    page = client.get(board(sites.a))
    assert b'hx-trigger="every 30s"' in page.content
    fragment = client.get(board(sites.a), HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b"room-grid" in fragment.content


def test_site_board_query_count_does_not_grow_with_stays(
    client_for, sites, staff, people, django_assert_max_num_queries
):
    from shouwang.quarantine.services import rooms_generate
    from shouwang.quarantine.services.stays import person_for_document

    site = sites.a
    site.capacity = 100
    site.save()
    rooms_generate(site=site, first_floor=4, last_floor=6, per_floor=10, by=None)
    for n, number in enumerate(site.rooms.filter(floor__gte=4).values_list("number", flat=True)):
        person, _ = person_for_document(
            name=f"旅客{n}", document_type="passport", document_number=f"E9{n:07d}", area=site.area
        )
        stay = stay_check_in(room=room(site, number), persons=[person], by=None)[0]
        health_log_record(stay=stay, day=timezone.localdate(), morning_temperature="36.5", by=None)
    client = client_for(staff.site_a)
    with django_assert_max_num_queries(20):
        response = client.get(board(site))
    assert response.context["board"].current == 30
    with django_assert_max_num_queries(10):
        client.get(reverse("quarantine:site_list"))


def test_port_staff_of_another_street_finds_nothing(client_for, ports, staff):
    batch = batch_create(
        port=ports.gongbei,
        reference="GB-1",
        expected_count=1,
        persons=[{"name": "陈一", "document_number": PASSPORT_1}],
        by=None,
    )
    mine = client_for(staff.port_1)
    assert mine.get(reverse("quarantine:port_board", args=[ports.gongbei.pk])).status_code == 200
    other = client_for(staff.port_2)
    assert other.get(reverse("quarantine:port_board", args=[ports.gongbei.pk])).status_code == 404
    assert other.get(reverse("quarantine:batch_detail", args=[batch.pk])).status_code == 404
    response = other.post(
        reverse("quarantine:batch_detail", args=[batch.pk]),
        {
            "action": "register",
            "register-document_type": "passport",
            "register-document_number": PASSPORT_1,
        },
    )
    assert response.status_code == 404
    assert not LoopPerson.objects.filter(registered_at__isnull=False).exists()


def test_registration_page_registers_with_one_scan(client_for, ports, staff, sites):
    batch = batch_create(
        port=ports.gongbei,
        reference="GB-1",
        expected_count=1,
        persons=[{"name": "陈一", "document_number": PASSPORT_1}],
        by=None,
    )
    response = client_for(staff.port_1).post(
        reverse("quarantine:batch_detail", args=[batch.pk]),
        {
            "action": "register",
            "register-document_type": "passport",
            "register-document_number": PASSPORT_1,
        },
    )
    assert response.status_code == 302
    assert LoopPerson.objects.get().registered_at is not None


def test_loop_board_query_count(client_for, ports, staff, django_assert_max_num_queries):
    for n in range(5):
        batch_create(
            port=ports.gongbei,
            reference=f"GB-{n}",
            expected_count=1,
            persons=[{"name": "陈一", "document_number": PASSPORT_1}],
            by=None,
        )
    client = client_for(staff.port_1)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("quarantine:port_board", args=[ports.gongbei.pk]))
    assert len(response.context["board"].batches) == 5


def test_site_staff_cannot_reach_port_pages_nor_port_staff_site_pages(
    client_for, sites, ports, staff
):
    assert client_for(staff.site_a).get(reverse("quarantine:port_list")).status_code == 404
    assert client_for(staff.port_1).get(reverse("quarantine:site_list")).status_code == 404


def test_navigation_and_home_links_for_site_and_port_staff(client_for, sites, ports, staff):
    home = client_for(staff.site_a).get(reverse("core:home"))
    labels = [item["label"] for item in home.context["navigation"]]
    assert "隔离点" in labels and "口岸闭环" not in labels
    assert any(link.url_name == "quarantine:site_station" for link in home.context["home_links"])
    station = client_for(staff.site_a).get(reverse("quarantine:site_station"))
    assert station.url == board(sites.a)
    port_home = client_for(staff.port_1).get(reverse("core:home"))
    assert "口岸闭环" in [item["label"] for item in port_home.context["navigation"]]


def test_documents_are_sealed_at_rest(ports, sites, people):
    batch_create(
        port=ports.gongbei,
        reference="GB-1",
        expected_count=1,
        persons=[{"name": "陈一", "document_number": PASSPORT_1}],
        by=None,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LoopPerson._meta.db_table}")
        stored = repr(cursor.fetchall())
    assert PASSPORT_1 not in stored and "E1*****78" in stored


def test_event_page_lists_the_manifest_columns(client_for, tree, users):
    from shouwang.quarantine.services import screening_event_create

    event = screening_event_create(
        name="邮轮", kind="ship", area=tree.S1, held_on=timezone.localdate(), by=None
    )
    page = client_for(users.street_1).get(reverse("quarantine:event_detail", args=[event.pk]))
    assert "姓名*、证件类型、证件号码*" in page.content.decode()
    assert (
        client_for(users.street_2)
        .get(reverse("quarantine:event_detail", args=[event.pk]))
        .status_code
        == 404
    )


def test_sites_are_managed_only_within_the_officers_street(client_for, users, sites, staff, tree):
    today = timezone.localdate()
    street_1 = client_for(users.street_1)
    data = {
        "name": "拱北新建酒店",
        "kind": "hotel",
        "served": "inbound",
        "area": tree.S1.pk,
        "capacity": 120,
        "opens_on": today.isoformat(),
        "template": builtin_template("3x8").pk,
        "staff_per_shift": 6,
    }
    created = street_1.post(reverse("quarantine:site_create"), data)
    site = Site.objects.get(name="拱北新建酒店")
    assert created["Location"] == reverse("quarantine:site_setup", args=[site.pk])
    # Another street's area is not his to choose.
    refused = street_1.post(reverse("quarantine:site_create"), {**data, "area": tree.S2.pk})
    assert "area" in refused.context["form"].errors
    # Street 2's site: no setup page, and closing it by hand does nothing.
    other = reverse("quarantine:site_setup", args=[sites.c.pk])
    assert street_1.get(other).status_code == 404
    closing = {"action": "close", "close-closes_on": today.isoformat()}
    assert street_1.post(other, closing).status_code == 404
    sites.c.refresh_from_db()
    assert sites.c.closes_on is None
    # The site's own staff run its board, not its set-up.
    setup_a = reverse("quarantine:site_setup", args=[sites.a.pk])
    assert client_for(staff.site_a).get(setup_a).status_code == 404
    # Closing the new, empty site keeps its board readable for its manager.
    street_1 = client_for(users.street_1)
    street_1.post(reverse("quarantine:site_setup", args=[site.pk]), closing)
    site.refresh_from_db()
    assert site.closes_on == today
    assert street_1.get(reverse("quarantine:site_board", args=[site.pk])).status_code == 200


def test_a_pasted_handover_list_names_every_bad_line_at_once():
    from shouwang.quarantine.forms import BatchForm

    form = BatchForm(
        {
            "reference": "HG-2020-0311",
            "expected_count": 4,
            "persons": "陈一,E12345678\n陈二\n\n陈三,E22345678,unknown\n,E32345678\n陈五,E42345678",
        }
    )
    assert not form.is_valid()
    assert form.errors["persons"] == [
        "第 2 行：应为“姓名,证件号码”",
        "第 4 行：未知的证件类型",
        "第 5 行：应为“姓名,证件号码”",
    ]
