import re

import pytest
from django.contrib.staticfiles import finders
from django.core.checks import Tags, run_checks
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from shouwang.checkpoints import offline
from shouwang.checkpoints.services import passage_register
from shouwang.checkpoints.tests.conftest import vehicle
from shouwang.workforce.services import roster_plan


@pytest.fixture
def passage_a(checkpoints, staff):
    passage, _ = passage_register(checkpoint=checkpoints.a, by=staff.a, **vehicle())
    return passage


def test_staff_land_on_their_registration_page(checkpoints, staff, client_for):
    answer = client_for(staff.a).get(reverse("checkpoints:checkpoint_station"))
    assert answer.url == reverse("checkpoints:passage_register", args=[checkpoints.a.pk])


def test_a_street_with_several_checkpoints_lands_on_the_list(checkpoints, users, client_for):
    answer = client_for(users.street_1).get(reverse("checkpoints:checkpoint_station"))
    assert answer.url == reverse("checkpoints:checkpoint_list")


def test_the_registration_page_renders_for_a_phone(checkpoints, staff, client_for):
    answer = client_for(staff.a).get(
        reverse("checkpoints:passage_register", args=[checkpoints.a.pk])
    )
    assert answer.status_code == 200
    assert b"sw-register-settings" in answer.content


@pytest.mark.parametrize("location", ["", "沿江高速出口"])
def test_the_checkpoint_line_names_only_what_is_known(checkpoints, staff, client_for, location):
    checkpoints.a.location = location
    checkpoints.a.save(update_fields=["location"])
    answer = client_for(staff.a).get(
        reverse("checkpoints:checkpoint_detail", args=[checkpoints.a.pk])
    )
    line = re.search(r'<p class="text-muted small">(.*?)</p>', answer.content.decode(), re.DOTALL)
    parts = [part.strip() for part in line[1].split("·")]
    assert all(parts)
    assert (location in parts) == bool(location)


def test_the_checkpoint_page_in_english_has_no_chinese_punctuation(
    checkpoints, staff, client_for, settings
):
    roster_plan(post=checkpoints.a.post, first_day=timezone.localdate(), days=1, by=None)
    client = client_for(staff.a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    page = client.get(reverse("checkpoints:checkpoint_detail", args=[checkpoints.a.pk]))
    text = page.content.decode()
    assert "Shift leader: not set" in text and "By shift (" in text
    assert not re.search("[：（）]", text)


def test_the_passage_list_in_english_lists_the_names_with_commas(
    passage_a, checkpoints, staff, client_for, settings
):
    client = client_for(staff.a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("checkpoints:passage_list", args=[checkpoints.a.pk]))
    assert "张三, 李四" in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("checkpoints:passage_list", args=[checkpoints.a.pk]))
    assert "张三、李四" in page.content.decode()


@pytest.mark.parametrize("name", ["passage_register", "checkpoint_detail", "passage_list"])
def test_staff_of_a_cannot_open_b(checkpoints, staff, client_for, name):
    client = client_for(staff.a)
    assert client.get(reverse(f"checkpoints:{name}", args=[checkpoints.a.pk])).status_code == 200
    assert client.get(reverse(f"checkpoints:{name}", args=[checkpoints.b.pk])).status_code == 404
    assert client.get(reverse(f"checkpoints:{name}", args=[checkpoints.c.pk])).status_code == 404


def test_passage_detail_is_scoped_and_masked(passage_a, staff, users, client_for):
    path = reverse("checkpoints:passage_detail", args=[passage_a.pk])
    answer = client_for(staff.a).get(path)
    assert answer.status_code == 200
    assert "440402********0014" in answer.content.decode()
    assert "440402199001010014" not in answer.content.decode()
    assert client_for(staff.b).get(path).status_code == 404
    assert client_for(users.street_2).get(path).status_code == 404
    assert client_for(users.street_1).get(path).status_code == 200


def test_a_passage_recorded_by_no_one_named_says_nothing_of_who(checkpoints, staff, client_for):
    """A passage loaded or registered by the system has neither a device nor a user."""
    passage, _ = passage_register(checkpoint=checkpoints.a, by=None, **vehicle())
    answer = client_for(staff.a).get(reverse("checkpoints:passage_detail", args=[passage.pk]))
    line = re.search(r'<p class="text-muted">(.*?)</p>', answer.content.decode(), re.DOTALL)
    assert "None" not in line[1] and not line[1].rstrip().endswith("·")


def test_the_district_view_lists_what_each_street_may_see(
    checkpoints, passage_a, users, client_for
):
    body = client_for(users.street_2).get(reverse("checkpoints:checkpoint_list")).content.decode()
    assert checkpoints.c.name in body and checkpoints.a.name not in body
    body = client_for(users.commander).get(reverse("checkpoints:checkpoint_list")).content.decode()
    assert checkpoints.a.name in body and checkpoints.c.name in body


def test_roles_without_duty_find_no_checkpoint_pages(checkpoints, users, client_for):
    for user in (users.grid_a, users.auditor, users.nobody):
        client = client_for(user)
        assert client.get(reverse("checkpoints:checkpoint_list")).status_code == 404
        assert (
            client.get(reverse("checkpoints:passage_register", args=[checkpoints.a.pk])).status_code
            == 404
        )


def test_staff_cannot_manage(checkpoints, staff, client_for):
    client = client_for(staff.a)
    assert client.get(reverse("checkpoints:checkpoint_create")).status_code == 404
    answer = client.post(
        reverse("checkpoints:device_create", args=[checkpoints.a.pk]), {"name": "x"}
    )
    assert answer.status_code == 404


def test_a_manager_makes_a_device_and_sees_its_token_once(checkpoints, users, client_for):
    answer = client_for(users.community).post(
        reverse("checkpoints:device_create", args=[checkpoints.a.pk]), {"name": "平板"}
    )
    assert answer.status_code == 200
    assert "swd_" in answer.content.decode()
    other = client_for(users.street_2).post(
        reverse("checkpoints:device_create", args=[checkpoints.a.pk]), {"name": "平板"}
    )
    assert other.status_code == 404


def test_a_manager_creates_a_checkpoint(tree, users, client_for):
    from shouwang.workforce.services import builtin_template

    template = builtin_template("6x4")
    answer = client_for(users.street_1).post(
        reverse("checkpoints:checkpoint_create"),
        {
            "name": "拱北口岸分流点",
            "kind": "port",
            "area": tree.S1.pk,
            "opens_on": "2020-01-26",
            "inbound_label": "入境",
            "outbound_label": "出境",
            "template": template.pk,
            "staff_per_shift": 21,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]


def test_a_manager_cannot_create_in_another_street(tree, users, client_for):
    from shouwang.workforce.services import builtin_template

    answer = client_for(users.street_1).post(
        reverse("checkpoints:checkpoint_create"),
        {
            "name": "越界",
            "kind": "port",
            "area": tree.S2.pk,
            "opens_on": "2020-01-26",
            "template": builtin_template("3x8").pk,
            "staff_per_shift": 3,
        },
    )
    assert answer.status_code == 200  # the form refuses an area out of scope


def test_statistics_pages_use_a_fixed_number_of_queries(
    checkpoints, passage_a, users, client_for, django_assert_max_num_queries
):
    client = client_for(users.commander)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("checkpoints:checkpoint_list")).status_code == 200
    with django_assert_max_num_queries(16):
        path = reverse("checkpoints:checkpoint_detail", args=[checkpoints.a.pk])
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(12):
        path = reverse("checkpoints:passage_list", args=[checkpoints.a.pk])
        assert client.get(path).status_code == 200


def test_the_service_worker_is_served_with_its_scope(client):
    answer = client.get("/checkpoints/sw.js")
    assert answer["Content-Type"] == "application/javascript"
    assert answer["Service-Worker-Allowed"] == "/checkpoints/"


def _worker_cache_name(client) -> str:
    return re.search(
        r'const CACHE = CACHE_PREFIX \+ "([^"]+)"', client.get("/checkpoints/sw.js").text
    ).group(1)


def _find_instead(monkeypatch, name, path):
    """Static file ``name`` found at ``path`` (None: not found)."""
    found = finders.find
    monkeypatch.setattr(finders, "find", lambda n, *a, **k: path if n == name else found(n))


def test_the_service_worker_changes_when_an_offline_file_does(client, monkeypatch, tmp_path):
    """Phones install a new worker only when its text changes: a new register.js must
    change it, and an unchanged release must not (or every phone would fetch it all)."""
    script = tmp_path / "register.js"
    script.write_text("// release 1")
    _find_instead(monkeypatch, "checkpoints/register.js", str(script))
    first = _worker_cache_name(client)
    assert _worker_cache_name(client) == first
    script.write_text("// release 2, a little longer")
    assert _worker_cache_name(client) != first
    for name in offline.OFFLINE_STATIC_FILES:
        assert f'"{static(name)}"' in client.get("/checkpoints/sw.js").text


def test_a_missing_offline_file_fails_the_system_check(monkeypatch):
    assert offline.offline_files_missing() == []
    _find_instead(monkeypatch, "vendor/htmx/htmx.min.js", None)
    (error,) = offline.offline_files_missing()
    assert error.id == "checkpoints.E001"
    assert "vendor/htmx/htmx.min.js" in error.msg
    # Registered: `manage.py check` (and migrate, at each release) reports it.
    assert error in run_checks(tags=[Tags.staticfiles])
