"""The permission boundaries of the tree, crossed on purpose through pages and API."""

import re

import pytest
from django.urls import reverse

from shouwang.core.models import Area
from shouwang.core.scoping import scope_paths
from shouwang.people.models import Person


def test_scope_paths_keep_only_the_outermost_subtrees(users, tree):
    from shouwang.core.choices import Role
    from shouwang.core.models import Assignment

    Assignment.objects.create(user=users.street_1, area=tree.S1C1, role=Role.COMMUNITY_OFFICER)
    users.street_1.__dict__.pop("_shouwang_scope_cache", None)
    assert scope_paths(users.street_1) == [tree.S1.path]


def test_district_commander_sees_everything(users, people):
    assert Person.objects.visible_to(users.commander).count() == 3
    assert Area.objects.visible_to(users.commander).count() == 11


def test_street_officer_sees_all_his_grids_and_nothing_of_the_next_street(users, people, tree):
    visible = set(Person.objects.visible_to(users.street_1))
    assert visible == {people.a, people.b}
    assert not Area.objects.visible_to(users.street_1).filter(path__startswith="D.S2").exists()


def test_grid_worker_sees_only_his_grid(users, people):
    assert list(Person.objects.visible_to(users.grid_a)) == [people.a]


def test_building_head_sees_only_his_building(users, people):
    assert list(Person.objects.visible_to(users.building_a)) == [people.a]


def test_a_user_without_assignment_sees_nothing(users, people):
    assert not Person.objects.visible_to(users.nobody).exists()
    assert not Area.objects.visible_to(users.nobody).exists()


def test_a_prefix_that_is_not_a_path_boundary_does_not_leak(db, tree, users):
    from shouwang.core.choices import AreaLevel
    from shouwang.core.services.areas import area_create

    # "S1C1GA" is a string prefix of "S1C1GAX": a sibling, not a child.
    sibling = area_create(
        level=AreaLevel.GRID, code="S1C1GAX", name="相邻网格", parent=tree.S1C1, by=None
    )
    assert Area.objects.visible_to(users.grid_a).filter(pk=sibling.pk).count() == 0


# --- pages ----------------------------------------------------------------------------


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", content)


@pytest.mark.parametrize("name", ["people:person_detail", "people:person_edit"])
def test_grid_worker_cannot_open_another_grids_person(client_for, users, people, name):
    response = client_for(users.grid_a).get(reverse(name, args=[people.b.pk]))
    assert response.status_code == 404


def test_out_of_scope_looks_exactly_like_missing(client_for, users, people):
    client = client_for(users.grid_a)
    missing_url = reverse("people:person_detail", args=[999_999])
    hidden_url = reverse("people:person_detail", args=[people.b.pk])
    missing, hidden = client.get(missing_url), client.get(hidden_url)
    assert missing.status_code == hidden.status_code == 404
    # Identical but for the CSRF token, masked afresh for every response, and the page's
    # own address, which the language switch returns to.
    assert without_csrf(missing.content).replace(missing_url.encode(), b"") == without_csrf(
        hidden.content
    ).replace(hidden_url.encode(), b"")


def test_grid_worker_list_shows_only_his_grid(client_for, users, people):
    response = client_for(users.grid_a).get(reverse("people:person_list"))
    assert list(response.context["object_list"]) == [people.a]


def test_grid_worker_cannot_filter_the_list_by_another_grid(client_for, users, people, tree):
    response = client_for(users.grid_a).get(reverse("people:person_list"), {"area": tree.S1C1GB.pk})
    assert response.status_code == 404


def test_grid_worker_cannot_change_another_grids_person(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_edit", args=[people.b.pk]), {"name": "改名"}
    )
    assert response.status_code == 404
    people.b.refresh_from_db()
    assert people.b.name == "李四"


def test_grid_worker_cannot_delete_another_grids_person(client_for, users, people):
    response = client_for(users.grid_a).post(reverse("people:person_delete", args=[people.b.pk]))
    assert response.status_code == 404
    assert Person.objects.filter(pk=people.b.pk).exists()


def test_grid_worker_cannot_delete_even_his_own(client_for, users, people):
    # Deleting a record is an officer's decision, not a grid worker's.
    response = client_for(users.grid_a).post(reverse("people:person_delete", args=[people.a.pk]))
    assert response.status_code == 404


def test_grid_worker_cannot_export(client_for, users, people, export_through):
    response = export_through(
        client_for(users.grid_a), reverse("people:person_export"), {"reason": "试试"}
    )
    assert response.status_code == 404


def test_grid_worker_cannot_move_a_person_out_of_his_grid(client_for, users, people, tree):
    response = client_for(users.grid_a).post(
        reverse("people:person_edit", args=[people.a.pk]),
        {"name": "张三", "building_code": tree.S2C1GAB1.code},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "不在您的管辖范围内" in response.content.decode()
    people.a.refresh_from_db()
    assert people.a.area == tree.S1C1GAB1


def test_grid_worker_cannot_reveal_another_grids_person(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_reveal", args=[people.b.pk]),
        {"field": "phone", "reason": "随访"},
    )
    assert response.status_code == 404


def test_street_officer_cannot_open_the_next_streets_area(client_for, users, tree):
    client = client_for(users.street_1)
    assert client.get(reverse("core:area_detail", args=[tree.S1C1.pk])).status_code == 200
    assert client.get(reverse("core:area_detail", args=[tree.S2.pk])).status_code == 404
    assert client.get(reverse("core:area_detail", args=[tree.D.pk])).status_code == 404


def test_area_search_finds_only_inside_the_scope(client_for, users, tree):
    response = client_for(users.grid_a).get(reverse("core:area_search"), {"q": "栋"})
    assert [a.code for a in response.context["results"]] == ["S1C1GAB1"]


def test_building_head_cannot_edit_another_building(client_for, users, tree):
    client = client_for(users.building_a)
    assert client.get(reverse("core:building_edit", args=[tree.S1C1GAB1.pk])).status_code == 200
    assert client.get(reverse("core:building_edit", args=[tree.S1C1GBB1.pk])).status_code == 404


def test_supervisor_reads_but_cannot_change(client_for, users, people):
    client = client_for(users.supervisor)
    assert client.get(reverse("people:person_detail", args=[people.c.pk])).status_code == 200
    assert client.get(reverse("people:person_edit", args=[people.c.pk])).status_code == 404


# --- API ------------------------------------------------------------------------------


def test_api_list_is_scoped(api_for, users, people):
    response = api_for(users.grid_a).get("/api/v1/people/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [people.a.pk]


def test_api_read_of_another_grid_is_404(api_for, users, people):
    assert api_for(users.grid_a).get(f"/api/v1/people/{people.b.pk}/").status_code == 404


def test_api_change_of_another_grid_is_404(api_for, users, people):
    response = api_for(users.grid_a).patch(
        f"/api/v1/people/{people.b.pk}/", {"name": "改名"}, format="json"
    )
    assert response.status_code == 404
    people.b.refresh_from_db()
    assert people.b.name == "李四"


def test_api_delete_of_another_grid_is_404(api_for, users, people):
    assert api_for(users.grid_a).delete(f"/api/v1/people/{people.b.pk}/").status_code == 404
    assert Person.objects.filter(pk=people.b.pk).exists()


def test_api_create_in_another_grid_is_refused(api_for, users, tree):
    response = api_for(users.grid_a).post(
        "/api/v1/people/",
        {
            "name": "赵六",
            "document_number": "440402199001010014",
            "area": tree.S1C1GB.code,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "area" in response.json()
    assert not Person.objects.exists()


def test_api_areas_are_scoped(api_for, users, tree):
    response = api_for(users.grid_a).get("/api/v1/areas/")
    assert [row["code"] for row in response.json()["results"]] == ["S1C1GA", "S1C1GAB1"]
    assert api_for(users.grid_a).get(f"/api/v1/areas/{tree.S1C1GB.pk}/").status_code == 404


def test_api_never_answers_full_numbers(api_for, users, people):
    body = api_for(users.commander).get(f"/api/v1/people/{people.a.pk}/").content.decode()
    assert "440402199001010014" not in body and "13812345678" not in body
    assert "440402********0014" in body and "138****5678" in body
