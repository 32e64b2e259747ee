import io
import json

import pytest
from django.core.management import CommandError, call_command

from shouwang.core.choices import AreaLevel, DocumentType, Role
from shouwang.core.models import Area, Assignment, Building, User
from shouwang.demo.loader import DemoRefused, load_demo
from shouwang.people.models import Person


@pytest.fixture
def demo(db):
    return load_demo(scale=0.001)


def test_the_demo_district_has_xiangzhous_shape(demo):
    counts = {level: Area.objects.filter(level=level).count() for level in AreaLevel.values}
    assert counts == {"district": 1, "street": 9, "community": 126, "grid": 473, "building": 8222}
    assert Building.objects.exclude(head_name="").count() == 8222
    assert (
        Assignment.objects.filter(role=Role.GRID_WORKER, user__username__startswith="gw").count()
        == 1892
    )
    assert Area.objects.get(code="440402100").street_kind == "town"


def test_residents_follow_the_scale(demo):
    assert Person.objects.count() == round(937_800 * 0.001) == demo.residents


def test_demo_residents_are_valid_sealed_and_unique(demo):
    from shouwang.core import pii

    sample = Person.objects.order_by("?")[:50]
    for person in sample:
        pii.validate_document(person.document_type, person.document_number)
        assert person.document_masked == pii.mask_document(
            person.document_type, person.document_number
        )
        assert person.document_hash == pii.document_hash(
            person.document_type, person.document_number
        )
        assert person.area.level == AreaLevel.BUILDING
    assert Person.objects.values("document_hash").distinct().count() == Person.objects.count()


def test_one_demo_login_per_role(demo, settings):
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["role"] for line in lines} == set(Role.values)
    for line in lines:
        user = User.objects.get(username=line["username"])
        assert user.check_password(settings.DEMO_PASSWORD)
        assert Area.objects.filter(code=line["area_code"]).exists()


def test_the_demo_loads_only_into_an_empty_database(demo):
    with pytest.raises(DemoRefused):
        load_demo(scale=0.001)


def test_the_command_with_if_empty_leaves_a_database_alone(demo):
    call_command("demo", "--scale", "0.001", "--if-empty", verbosity=0)
    assert Person.objects.count() == demo.residents


def test_production_refuses_demo_data(db, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--scale", "0.001", verbosity=0)
    assert not Area.objects.exists()


def test_the_allocator_makes_only_valid_unique_resident_ids():
    import random

    from shouwang.core import pii
    from shouwang.demo import names
    from shouwang.demo.loader import _DAYS_OF_BIRTH, ResidentIdAllocator

    regions = names.LOCAL_REGIONS + names.OTHER_REGIONS
    allocator = ResidentIdAllocator(regions)
    rng = random.Random(7)
    numbers = [
        allocator.allocate(rng.randrange(len(regions)), rng.randrange(_DAYS_OF_BIRTH), male)[0]
        for male in [rng.random() < 0.5 for _ in range(20_000)]
    ]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert pii.validate_document(DocumentType.RESIDENT_ID, number) == number
