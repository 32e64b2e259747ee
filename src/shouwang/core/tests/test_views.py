"""The tree pages, search, home per role, the language switch and building edits."""

import pytest
from django.urls import reverse

from shouwang.conftest import PASSWORD, make_user
from shouwang.core.choices import Role


def test_tree_page_counts_grids_buildings_and_people_per_child(client_for, users, people, tree):
    response = client_for(users.commander).get(reverse("core:area_detail", args=[tree.D.pk]))
    people_column = [str(label) for label in response.context["counter_labels"]].index("人员")
    rows = {row["area"].code: row for row in response.context["children"]}
    assert (rows["S1"]["grids"], rows["S1"]["buildings"]) == (2, 2)
    assert rows["S1"]["counts"][people_column] == 2
    assert (rows["S2"]["grids"], rows["S2"]["buildings"]) == (1, 1)
    assert rows["S2"]["counts"][people_column] == 1
    totals = response.context["totals"]
    assert (totals["grids"], totals["buildings"], totals["counts"][people_column]) == (3, 3, 3)


def test_tree_page_query_count_does_not_grow_with_the_tree(
    client_for, users, people, tree, django_assert_max_num_queries
):
    client = client_for(users.commander)
    with django_assert_max_num_queries(12):
        client.get(reverse("core:area_detail", args=[tree.D.pk]))


def test_area_root_redirects_to_the_users_own_area(client_for, users, tree):
    response = client_for(users.grid_a).get(reverse("core:area_root"))
    assert response.url == reverse("core:area_detail", args=[tree.S1C1GA.pk])


def test_breadcrumb_shows_only_ancestors_in_scope(client_for, users, tree):
    response = client_for(users.grid_a).get(reverse("core:area_detail", args=[tree.S1C1GAB1.pk]))
    assert [a.code for a in response.context["breadcrumb"]] == ["S1C1GA"]


def test_search_by_name_and_by_code(client_for, users, tree):
    client = client_for(users.commander)
    by_name = client.get(reverse("core:area_search"), {"q": "景山"})
    assert {a.code for a in by_name.context["results"]} == {"S2C1", "S2C1GA"}
    by_code = client.get(reverse("core:area_search"), {"q": "S1C1G"})
    assert [a.code for a in by_code.context["results"]] == [
        "S1C1GA",
        "S1C1GAB1",
        "S1C1GB",
        "S1C1GBB1",
    ]


def test_search_answers_htmx_with_a_fragment(client_for, users, tree):
    response = client_for(users.commander).get(
        reverse("core:area_search"), {"q": "景山"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode()
    assert "景山社区" in response.content.decode()


def test_building_edit_keeps_the_phone_when_left_blank(client_for, users, tree):
    from shouwang.core.models import Building

    client = client_for(users.grid_a)
    url = reverse("core:building_edit", args=[tree.S1C1GAB1.pk])
    client.post(
        url,
        {
            "units": 2,
            "floors": 18,
            "households": 70,
            "head_name": "陈",
            "head_phone": "13800001111",
        },
    )
    client.post(
        url, {"units": 2, "floors": 18, "households": 72, "head_name": "陈", "head_phone": ""}
    )
    building = Building.objects.get(pk=tree.S1C1GAB1.pk)
    assert building.households == 72 and building.head_phone == "13800001111"


def test_building_edit_refuses_a_bad_phone(client_for, users, tree):
    response = client_for(users.grid_a).post(
        reverse("core:building_edit", args=[tree.S1C1GAB1.pk]),
        {"units": 2, "floors": 18, "households": 70, "head_name": "陈", "head_phone": "123"},
    )
    assert "head_phone" in response.context["form"].errors


@pytest.mark.parametrize(
    ("user", "visible", "hidden"),
    [
        ("commander", ["辖区", "人员", "导入", "账号", "审计"], []),
        ("street_1", ["辖区", "人员", "账号"], ["导入", "审计"]),
        ("grid_a", ["辖区", "人员"], ["账号", "审计", "导入"]),
        ("auditor", ["审计"], ["人员", "账号"]),
    ],
)
def test_navigation_follows_the_role(client_for, users, user, visible, hidden):
    labels = [
        str(item["label"])
        for item in client_for(getattr(users, user)).get(reverse("core:home")).context["navigation"]
    ]
    assert all(label in labels for label in visible)
    assert not any(label in labels for label in hidden)


def test_home_shows_the_users_areas(client_for, users, people, tree):
    response = client_for(users.grid_a).get(reverse("core:home"))
    card = response.context["area_cards"][0]
    assert card["assignment"].area == tree.S1C1GA
    assert card["buildings"] == 1 and card["counts"][0][1] == 1
    assert response.context["is_grid_worker"]


def test_chinese_is_the_default_whatever_the_browser_says(client, db):
    response = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_the_switch_turns_the_pages_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("core:login"))
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_production_refuses_demo_logins(client, db, settings, tree):
    make_user("demo-grid", tree.S1C1GA, Role.GRID_WORKER)
    settings.DEMO_ALLOWED = False
    response = client.post(reverse("core:login"), {"username": "demo-grid", "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a session


def test_person_search_by_id_number_is_posted_and_finds_by_hash(client_for, users, people):
    from shouwang.conftest import ID_A

    response = client_for(users.street_1).post(reverse("people:person_list"), {"q": ID_A})
    assert list(response.context["object_list"]) == [people.a]


def test_person_list_query_count_is_flat(client_for, users, people, django_assert_max_num_queries):
    client = client_for(users.commander)
    with django_assert_max_num_queries(10):
        client.get(reverse("people:person_list"))


def test_checkpoint_staff_find_their_station_on_the_home_page(client_for, users):
    response = client_for(users.checkpoint).get(reverse("core:home"))
    assert [link.url_name for link in response.context["home_links"]] == [
        "checkpoints:checkpoint_station"
    ]
    assert client_for(users.grid_a).get(reverse("core:home")).context["home_links"] == []
