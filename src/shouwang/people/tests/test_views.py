import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shouwang.conftest import ID_A
from shouwang.conftest import ID_B as NEW_ID_B
from shouwang.people.choices import Measure
from shouwang.people.models import DeclarationAttempt, Person, RiskArea, RiskRule, SelfDeclaration
from shouwang.people.services import history_entry_record, measure_change


def test_the_list_filters_by_measure_and_counts(client_for, users, people, tree):
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=date(2020, 2, 1), reason="x", by=None
    )
    response = client_for(users.community).get(
        reverse("people:person_list"), {"measure": "home_isolation"}
    )
    assert [p.pk for p in response.context["object_list"]] == [people.a.pk]
    counts = {value: count for value, _label, count in response.context["measure_counts"]}
    assert counts["home_isolation"] == 1 and counts["none"] == 0
    everyone = client_for(users.community).get(reverse("people:person_list"))
    counts = {value: count for value, _label, count in everyone.context["measure_counts"]}
    assert counts == {**counts, "home_isolation": 1, "none": 1}


def test_the_list_with_filters_has_a_flat_query_count(
    client_for, users, people, django_assert_max_num_queries
):
    client = client_for(users.commander)
    with django_assert_max_num_queries(10):
        client.get(
            reverse("people:person_list"), {"is_key_person": "false", "arrival_from": "2020-01-01"}
        )


def test_the_detail_shows_one_timeline(client_for, users, people):
    measure_change(
        person=people.a,
        measure=Measure.HOME_ISOLATION,
        start=date(2020, 2, 1),
        reason="武汉返回",
        by=None,
    )
    response = client_for(users.grid_a).get(reverse("people:person_detail", args=[people.a.pk]))
    assert "武汉返回" in response.content.decode()


def test_a_grid_worker_adds_a_history_entry_from_the_page(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_timeline_add", args=[people.a.pk, "history"]),
        {"kind": "travel", "place": "武汉", "from_date": "2020-01-10", "to_date": "2020-01-20"},
    )
    assert response.status_code == 302


def test_a_place_without_a_region_is_said_to_count_for_nothing(client_for, users, people):
    client = client_for(users.grid_a)
    url = reverse("people:person_timeline_add", args=[people.a.pk, "history"])
    known = {"kind": "travel", "place": "武汉", "from_date": "2020-01-10"}
    typo = {"kind": "travel", "place": "五汉", "from_date": "2020-01-11"}
    said = [str(m) for m in client.post(url, known, follow=True).context["messages"]]
    assert not [m for m in said if "不参与风险地区比对" in m]
    said = [str(m) for m in client.post(url, typo, follow=True).context["messages"]]
    assert [m for m in said if "“五汉”" in m and "不参与风险地区比对" in m]
    page = client.get(reverse("people:person_detail", args=[people.a.pk])).content.decode()
    warned = [line for line in page.split("<li") if 'data-testid="timeline-warning"' in line]
    assert len(warned) == 1 and "五汉" in warned[0]


def test_an_unrecognised_place_corrected_is_matched_against_the_risk_areas(
    client_for, users, people
):
    today = timezone.localdate()
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level="high", valid_from=today - timedelta(days=30)
    )
    RiskRule.objects.create(
        name="武汉", condition="risk_area_history", proposed_measure="home_isolation"
    )
    entry = history_entry_record(
        person=people.a, kind="travel", place="五汉", from_date=today - timedelta(days=3), by=None
    )
    people.a.refresh_from_db()
    assert not people.a.is_key_person
    client = client_for(users.grid_a)
    detail = reverse("people:person_detail", args=[people.a.pk])
    url = reverse("people:history_place_correct", args=[people.a.pk, entry.pk])
    assert f'href="{url}"' in client.get(detail).content.decode()

    assert client.post(url, {"place": " "}).context["form"].errors["place"]
    response = client.post(url, {"place": "湖北省武汉市"}, follow=True)
    assert 'data-testid="timeline-warning"' not in response.content.decode()
    entry.refresh_from_db()
    people.a.refresh_from_db()
    assert (entry.place, entry.region_code) == ("湖北省武汉市", "420100")
    assert people.a.is_key_person and "武汉" in people.a.key_reason
    assert [h.place for h in entry.history.order_by("history_id")] == ["五汉", "湖北省武汉市"]


def test_only_who_may_change_the_person_corrects_a_place(client_for, users, people):
    entry = history_entry_record(
        person=people.a, kind="travel", place="五汉", from_date=date(2020, 1, 20), by=None
    )
    url = reverse("people:history_place_correct", args=[people.a.pk, entry.pk])
    assert client_for(users.grid_b).post(url, {"place": "武汉"}).status_code == 404
    other = reverse("people:history_place_correct", args=[people.b.pk, entry.pk])
    assert client_for(users.grid_b).post(other, {"place": "武汉"}).status_code == 404
    # The supervisor reads the person's page, with the warning, but corrects nothing.
    supervisor = client_for(users.supervisor)
    page = supervisor.get(reverse("people:person_detail", args=[people.a.pk])).content.decode()
    assert 'data-testid="timeline-warning"' in page and url not in page
    assert supervisor.post(url, {"place": "武汉"}).status_code == 404
    entry.refresh_from_db()
    assert entry.place == "五汉"


def test_a_bad_date_is_shown_on_the_field(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_timeline_add", args=[people.a.pk, "history"]),
        {"kind": "travel", "place": "武汉", "from_date": "2020-01-10", "to_date": "2020-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["to_date"]


def test_the_measure_form_offers_no_way_back_to_none(client_for, users, people):
    url = reverse("people:person_timeline_add", args=[people.a.pk, "measure"])
    client = client_for(users.grid_a)
    offered = [value for value, _label in client.get(url).context["form"].fields["measure"].choices]
    assert Measure.NONE not in offered and Measure.RELEASED in offered
    response = client.post(url, {"measure": "none", "start": "2020-02-01", "reason": "x"})
    assert response.status_code == 200 and response.context["form"].errors["measure"]


def test_grid_b_cannot_add_to_a_person_of_grid_a(client_for, users, people):
    url = reverse("people:person_timeline_add", args=[people.a.pk, "measure"])
    assert client_for(users.grid_b).get(url).status_code == 404


def _declaration(tree, **changes):
    return {
        "client_uuid": str(uuid.uuid4()),
        "name": "赵六",
        "document_type": "resident_id",
        "document_number": ID_A,
        "phone": "13900001111",
        "building_code": tree.S1C1GBB1.code,
        "room": "301",
        "origin": "湖北省武汉市江汉区",
        "arrival_date": "2020-01-22",
        "travel_history": "武汉—广州—珠海",
        "symptoms": ["cough"],
        "temperature": "36.8",
        "consent_health": "on",
        "consent_location": "on",
        **changes,
    }


def test_the_public_form_says_the_same_whether_the_person_exists(client, people, tree):
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    known = client.post(url, _declaration(tree))
    unknown = client.post(url, _declaration(tree, document_number="110105198001010032"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert SelfDeclaration.objects.count() == 2 and Person.objects.count() == 3


def test_a_retried_submit_is_not_a_second_declaration(client, tree, db):
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    data = _declaration(tree)
    client.post(url, data)
    client.post(url, data)
    assert SelfDeclaration.objects.count() == 1


def test_the_public_form_is_rate_limited(client, tree, db):
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    statuses = [client.post(url, _declaration(tree)).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert SelfDeclaration.objects.count() == 5 and DeclarationAttempt.objects.count() == 5


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_location": ""}, "consent_health"),
        ({"document_number": "440402199001010015"}, "document_number"),
        ({"arrival_date": "2999-01-01"}, "arrival_date"),
        ({"temperature": "45"}, "temperature"),
    ],
)
def test_bad_declarations_name_the_field(client, tree, db, changes, field):
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    response = client.post(url, _declaration(tree, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not SelfDeclaration.objects.exists()


def test_the_declaration_lands_with_the_buildings_grid_worker(
    client, client_for, users, tree, people
):
    client.post(
        reverse("people:declaration_form", args=[tree.S1C1.code]),
        _declaration(tree, document_number="110105198001010032"),
    )
    declaration = SelfDeclaration.objects.get()
    queue = reverse("people:declaration_list")
    assert list(client_for(users.grid_b).get(queue).context["object_list"]) == [declaration]
    assert list(client_for(users.grid_a).get(queue).context["object_list"]) == []
    detail = reverse("people:declaration_detail", args=[declaration.pk])
    assert client_for(users.grid_a).get(detail).status_code == 404


def test_accepting_registers_the_person_with_arrival_and_history(
    client, client_for, users, tree, db
):
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
    )
    from shouwang.people.models import RiskRule

    RiskRule.objects.create(
        name="武汉", condition="risk_area_history", proposed_measure="home_isolation"
    )
    client.post(reverse("people:declaration_form", args=[tree.S1C1.code]), _declaration(tree))
    declaration = SelfDeclaration.objects.get()
    response = client_for(users.grid_b).post(
        reverse("people:declaration_review", args=[declaration.pk, "accept"])
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.area == tree.S1C1GBB1 and person.room == "301"
    assert person.last_arrival_on == date(2020, 1, 22)
    assert person.is_key_person and "江汉区" in person.key_reason
    # Each place of his 14 days is a history entry with its region; the cough reaches
    # the community as an alert.
    from shouwang.core.models import Alert
    from shouwang.people.models import HistoryEntry

    places = dict(HistoryEntry.objects.filter(person=person).values_list("place", "region_code"))
    assert set(places) == {"湖北省武汉市江汉区", "武汉", "广州", "珠海"}
    assert places["广州"].startswith("4401") and places["珠海"].startswith("4404")
    alert = Alert.objects.get(kind="declared_symptoms")
    assert alert.area == tree.S1C1 and "赵六" in alert.title


def test_the_poster_is_for_staff_of_the_community(client_for, users, tree):
    url = reverse("people:declaration_poster", args=[tree.S1C1.code])
    assert "<svg" in client_for(users.community).get(url).content.decode()
    assert client_for(users.street_2).get(url).status_code == 404


def test_only_district_staff_edit_risk_areas(client_for, users):
    url = reverse("people:riskarea_create")
    assert client_for(users.street_1).get(url).status_code == 404
    response = client_for(users.commander).post(
        url, {"place": "武汉", "level": "high", "valid_from": "2020-01-01"}
    )
    assert response.status_code == 302
    assert RiskArea.objects.get().region_code == "420100"


def test_a_building_head_reviews_only_his_buildings_declarations(client, client_for, users, tree):
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    client.post(url, _declaration(tree, building_code=tree.S1C1GAB1.code))
    client.post(url, _declaration(tree, document_number=NEW_ID_B))
    queue = client_for(users.building_a).get(reverse("people:declaration_list"))
    assert [d.area for d in queue.context["object_list"]] == [tree.S1C1GAB1]


def test_a_search_keeps_to_its_results_on_the_next_page_without_a_url(
    client_for, users, people, tree
):
    Person.objects.bulk_create(
        Person(
            name=f"欧阳{n:02d}",
            document_type="passport",
            document_number=f"E{n:08d}",
            document_hash=f"hash-{n}",
            area=tree.S1C1GA,
        )
        for n in range(35)
    )
    client = client_for(users.commander)
    first = client.post(reverse("people:person_list"), {"q": "欧阳"})
    assert first.context["page_obj"].paginator.count == 35
    page = first.content.decode()
    assert 'name="q" value="欧阳"' in page and "q=" not in page.split("pagination")[1]
    second = client.post(reverse("people:person_list") + "?page=2", {"q": "欧阳"})
    names = [p.name for p in second.context["object_list"]]
    assert len(names) == 5 and all(name.startswith("欧阳") for name in names)


def test_symptoms_declared_on_the_english_form_are_stored_in_the_districts_language(
    client, tree, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    url = reverse("people:declaration_form", args=[tree.S1C1.code])
    assert client.get(url)["Content-Language"] == "en"
    client.post(url, _declaration(tree))
    assert SelfDeclaration.objects.get().symptoms == "咳嗽"


def test_the_timeline_forms_are_titled_in_the_readers_language(client_for, users, people, settings):
    # Their titles are read at import: translated then, they stayed in that language.
    client = client_for(users.grid_a)
    path = reverse("people:person_detail", args=[people.a.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Record health state" in client.get(path).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "登记健康状态" in client.get(path).content.decode()
