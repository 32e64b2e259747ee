import pytest
from django.core.exceptions import ValidationError

from shouwang.conftest import ID_A, PHONE_A
from shouwang.core.choices import DocumentType
from shouwang.core.models import AccessLog
from shouwang.people.models import Person
from shouwang.people.services import person_register, person_reveal, person_update


def test_a_second_registration_updates_never_duplicates(people, users, tree):
    person, created = person_register(
        name="张三",
        document_type=DocumentType.RESIDENT_ID,
        document_number=ID_A.lower().replace("4", "4 ", 1),
        phone="13900001111",
        area=tree.S1C1GA,
        home_building=tree.S1C1GAB1,
        by=users.grid_a,
    )
    assert not created and person.pk == people.a.pk
    assert Person.objects.count() == 3
    assert person.phone_masked == "139****1111"


def test_a_second_registration_without_a_phone_keeps_the_stored_one(people, users, tree):
    Person.objects.filter(pk=people.a.pk).update(room="1203", workplace="拱北口岸")
    person, created = person_register(
        name="张三",
        document_type=DocumentType.RESIDENT_ID,
        document_number=ID_A,
        phone="",
        room="",
        workplace="  ",
        area=tree.S1C1GA,
        home_building=tree.S1C1GAB1,
        by=users.grid_a,
    )
    person.refresh_from_db()
    assert not created and person.phone == PHONE_A and person.phone_masked == "138****5678"
    assert person.room == "1203" and person.workplace == "拱北口岸"
    # Editing the record is another matter: there an empty phone clears it.
    person_update(
        person=person,
        name="张三",
        phone="",
        area=tree.S1C1GA,
        home_building=tree.S1C1GAB1,
        by=users.grid_a,
    )
    person.refresh_from_db()
    assert person.phone == "" and person.phone_hash == ""


def test_registering_derives_sex_and_birth_date(people):
    assert people.a.sex == "male" and str(people.a.birth_date) == "1990-01-01"
    assert people.c.sex == "female" and str(people.c.birth_date) == "1949-12-31"


def test_a_passport_holder_has_no_derived_fields(db, tree):
    person, _ = person_register(
        name="John Smith",
        document_type=DocumentType.PASSPORT,
        document_number="e1234567",
        area=tree.S1C1GA,
        by=None,
    )
    assert person.document_number == "E1234567" and person.birth_date is None
    assert person.document_masked == "E1****67"


def test_the_same_number_as_another_document_type_is_another_person(people, tree):
    _, created = person_register(
        name="同号",
        document_type=DocumentType.PASSPORT,
        document_number="E12345678",
        area=tree.S1C1GA,
        by=None,
    )
    _, again = person_register(
        name="同号",
        document_type=DocumentType.HK_MACAO_PERMIT,
        document_number="H12345678",
        area=tree.S1C1GA,
        by=None,
    )
    assert created and again


def test_the_home_building_sets_the_area(people, tree):
    assert people.a.area == tree.S1C1GAB1 and people.a.home_building == tree.S1C1GAB1


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("document_number", {"document_number": "440402199001010015"}),
        ("phone", {"phone": "12345"}),
        ("name", {"name": "  "}),
    ],
)
def test_bad_input_names_the_field(db, tree, field, kwargs):
    arguments = {
        "name": "赵六",
        "document_type": DocumentType.RESIDENT_ID,
        "document_number": ID_A,
        "area": tree.S1C1GA,
        "by": None,
        **kwargs,
    }
    with pytest.raises(ValidationError) as raised:
        person_register(**arguments)
    assert field in raised.value.message_dict
    assert not Person.objects.exists()


def test_a_grid_worker_cannot_take_over_another_grids_record(people, users, tree):
    with pytest.raises(ValidationError, match="已在其他辖区登记"):
        person_register(
            name="李四",
            document_type=DocumentType.RESIDENT_ID,
            document_number="440402198505050023",
            area=tree.S1C1GA,
            by=users.grid_a,
        )
    people.b.refresh_from_db()
    assert people.b.area == tree.S1C1GBB1


def test_update_rechecks_the_scope_after_saving(people, users, tree):
    from django.http import Http404

    with pytest.raises(Http404):
        person_update(
            person=people.a,
            name="张三",
            phone="",
            area=tree.S2C1GA,
            home_building=None,
            by=users.grid_a,
        )
    people.a.refresh_from_db()
    assert people.a.area == tree.S1C1GAB1  # rolled back


def test_reveal_returns_the_value_and_logs(people, users):
    assert (
        person_reveal(
            person_id=people.a.pk, field="document_number", reason="核对", by=users.grid_a
        )
        == ID_A
    )
    assert AccessLog.objects.get().fields == "document_number"


def test_reveal_of_an_unknown_field_is_refused(people, users):
    with pytest.raises(ValidationError):
        person_reveal(person_id=people.a.pk, field="name", reason="x", by=users.grid_a)
