"""Login, lockout, idle expiry, Argon2, and the scoped account management page."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from shouwang.conftest import PASSWORD
from shouwang.core.choices import Role
from shouwang.core.models import Assignment, User


def test_login_and_logout(client, users):
    response = client.post(reverse("core:login"), {"username": "grid_a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_pages_need_a_login(client, db):
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("core:login"))


def test_passwords_are_hashed_with_argon2(settings, users):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User.objects.create_user("argon", password=PASSWORD)
    assert identify_hasher(user.password).algorithm == "argon2"


def test_the_production_hasher_is_argon2():
    from shouwang import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_repeated_failures_lock_the_account(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "grid_a", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "grid_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_a_failure_short_of_the_limit_still_lets_the_user_in(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("core:login"), {"username": "grid_a", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "grid_a", "password": PASSWORD})
    assert response.status_code == 302


def test_sessions_expire_after_thirty_idle_minutes(client_for, users, settings):
    client = client_for(users.grid_a)
    client.get(reverse("core:home"))
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request restarts the idle clock
    assert client.session.get_expiry_age() == 30 * 60


def test_password_change(client_for, users):
    client = client_for(users.grid_a)
    form = client.get(reverse("core:password_change"))
    assert form.status_code == 200
    assert b"sw-navbar" in form.content  # the product's page, not the admin site's
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    done = client.get(response.url)
    assert done.status_code == 200
    assert b"sw-navbar" in done.content
    users.grid_a.refresh_from_db()
    assert users.grid_a.check_password("a-new-long-passphrase")


# --- account management ---------------------------------------------------------------


def test_street_officer_lists_only_accounts_under_his_street(client_for, users):
    response = client_for(users.street_1).get(reverse("core:user_list"))
    names = {user.username for user in response.context["object_list"]}
    assert {"street_1", "community", "grid_a", "grid_b", "building_a", "checkpoint"} <= names
    assert not names & {"street_2", "charlie", "commander", "auditor"}


def test_street_officer_cannot_open_an_account_of_the_next_street(client_for, users):
    client = client_for(users.street_1)
    assert client.get(reverse("core:user_detail", args=[users.charlie.pk])).status_code == 404
    assert (
        client.post(
            reverse("core:user_password_reset", args=[users.charlie.pk]),
            {"password": "x-new-long-passphrase"},
        ).status_code
        == 404
    )


@pytest.mark.parametrize("user", ["grid_a", "building_a", "auditor", "supervisor", "checkpoint"])
def test_roles_without_account_management_cannot_reach_it(client_for, users, user):
    client = client_for(getattr(users, user))
    assert client.get(reverse("core:user_list")).status_code == 404
    assert client.get(reverse("core:user_create")).status_code == 404


def test_street_officer_creates_an_account_in_his_street(client_for, users, tree):
    response = client_for(users.street_1).post(
        reverse("core:user_create"),
        {
            "username": "new_worker",
            "display_name": "新网格员",
            "area": tree.S1C1GA.pk,
            "password": "a-long-enough-passphrase",
        },
    )
    created = User.objects.get(username="new_worker")
    assert response.status_code == 302 and created.area == tree.S1C1GA


def test_street_officer_cannot_create_an_account_in_the_next_street(client_for, users, tree):
    response = client_for(users.street_1).post(
        reverse("core:user_create"),
        {
            "username": "spy",
            "display_name": "x",
            "area": tree.S2C1GA.pk,
            "password": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not User.objects.filter(username="spy").exists()


def add_role(client, user, **data):
    return client.post(reverse("core:assignment_add", args=[user.pk]), data, follow=True)


def test_street_officer_assigns_a_grid_worker(client_for, users, tree):
    add_role(client_for(users.street_1), users.grid_b, role=Role.GRID_WORKER, area=tree.S1C1GA.pk)
    assert Assignment.objects.filter(user=users.grid_b, area=tree.S1C1GA).exists()


def test_a_role_must_fit_the_level_of_its_area(client_for, users, tree):
    response = add_role(
        client_for(users.street_1), users.grid_b, role=Role.GRID_WORKER, area=tree.S1C1.pk
    )
    assert "网格员只能设在网格一级" in response.content.decode()
    assert not Assignment.objects.filter(user=users.grid_b, area=tree.S1C1).exists()


def test_street_officer_cannot_hand_out_district_roles(client_for, users, tree):
    response = add_role(
        client_for(users.street_1), users.grid_b, role=Role.AUDITOR, area=tree.S1.pk
    )
    assert "只能由区指挥部授予" in response.content.decode()
    assert not Assignment.objects.filter(user=users.grid_b, role=Role.AUDITOR).exists()


def test_street_officer_cannot_assign_in_the_next_street(client_for, users, tree):
    add_role(client_for(users.street_1), users.grid_b, role=Role.GRID_WORKER, area=tree.S2C1GA.pk)
    assert not Assignment.objects.filter(user=users.grid_b, area=tree.S2C1GA).exists()


def test_building_head_is_assigned_by_building_code(client_for, users, tree):
    add_role(
        client_for(users.community), users.grid_b, role=Role.BUILDING_HEAD, building_code="S1C1GBB1"
    )
    assert Assignment.objects.filter(user=users.grid_b, area=tree.S1C1GBB1).exists()


def test_a_building_outside_the_scope_is_not_found_by_code(client_for, users, tree):
    response = add_role(
        client_for(users.community), users.grid_b, role=Role.BUILDING_HEAD, building_code="S2C1GAB1"
    )
    assert "找不到该楼栋" in response.content.decode()


def test_commander_removes_an_assignment(client_for, users):
    assignment = users.grid_a.assignments.get()
    client_for(users.commander).post(
        reverse("core:assignment_remove", args=[users.grid_a.pk, assignment.pk])
    )
    assert not users.grid_a.assignments.exists()


def test_manager_deactivates_an_account_which_then_cannot_log_in(client_for, users, tree, client):
    client_for(users.community).post(
        reverse("core:user_detail", args=[users.grid_a.pk]),
        {
            "display_name": "grid_a",
            "area": tree.S1C1GA.pk,
        },
    )
    users.grid_a.refresh_from_db()
    assert not users.grid_a.is_active
    client.logout()
    response = client.post(reverse("core:login"), {"username": "grid_a", "password": PASSWORD})
    assert response.status_code == 200  # the form again


def test_a_street_officer_cannot_take_over_a_commander_homed_in_his_street(client_for, users, tree):
    from shouwang.conftest import make_user

    chief = make_user("chief", tree.S1, Role.DISTRICT_COMMANDER)
    Assignment.objects.filter(user=chief).update(area=tree.D)
    client = client_for(users.street_1)
    assert client.get(reverse("core:user_detail", args=[chief.pk])).status_code == 404
    response = client.post(
        reverse("core:user_password_reset", args=[chief.pk]), {"password": "taken-over-passphrase"}
    )
    assert response.status_code == 404
    chief.refresh_from_db()
    assert chief.check_password(PASSWORD)
    listed = client.get(reverse("core:user_list")).context["object_list"]
    assert chief not in listed


def test_a_community_officer_cannot_manage_his_street_officer(client_for, users, tree):
    from shouwang.conftest import make_user

    officer = make_user("officer_at_home", tree.S1C1, Role.STREET_OFFICER)
    Assignment.objects.filter(user=officer).update(area=tree.S1)
    client = client_for(users.community)
    assert client.get(reverse("core:user_detail", args=[officer.pk])).status_code == 404


def test_nobody_but_a_superuser_manages_a_superuser(client_for, users, tree):
    root = User.objects.create_superuser("root", password=PASSWORD, area=tree.S1)
    assert (
        client_for(users.commander).get(reverse("core:user_detail", args=[root.pk])).status_code
        == 404
    )


def test_a_manager_unlocks_a_locked_account(client, client_for, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "grid_a", "password": "wrong"})
    manager = client_for(users.community)
    page = manager.get(reverse("core:user_detail", args=[users.grid_a.pk]))
    assert page.context["locked"]
    manager.post(reverse("core:user_unlock", args=[users.grid_a.pk]))
    assert not manager.get(reverse("core:user_detail", args=[users.grid_a.pk])).context["locked"]
    client.logout()
    response = client.post(reverse("core:login"), {"username": "grid_a", "password": PASSWORD})
    assert response.status_code == 302


def test_unlocking_is_scoped_too(client_for, users):
    response = client_for(users.street_2).post(reverse("core:user_unlock", args=[users.grid_a.pk]))
    assert response.status_code == 404
