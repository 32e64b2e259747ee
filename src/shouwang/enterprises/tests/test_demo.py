import random

from django.db import connection

from shouwang.core import pii
from shouwang.demo import loader
from shouwang.enterprises.choices import ResumptionState, ScaleCategory
from shouwang.enterprises.demo import load_demo_data
from shouwang.enterprises.models import Employee, Enterprise, EnterpriseMembership, ReturnTrip
from shouwang.enterprises.selectors import resumption_dashboard


def test_demo_enterprises_follow_the_seed_proportions(db, django_user_model):
    # This app's demo alone, on the demo tree and accounts (the loader runs every app's).
    rng = random.Random(2020)
    specs = loader.district_tree(rng)
    ids = loader._write_tree(specs, rng, None)
    loader._write_users(specs, ids, rng)
    load_demo_data(
        loader.DemoContext(specs=specs, area_ids=ids, scale=0.01, rng=rng, progress=None)
    )
    enterprises = Enterprise.objects.all()
    assert enterprises.count() == 480
    industrial = enterprises.filter(scale=ScaleCategory.ABOVE_SCALE_INDUSTRIAL)
    assert industrial.count() == 4
    assert not industrial.exclude(resumption_state=ResumptionState.RESUMED).exists()
    assert enterprises.exclude(scale=ScaleCategory.BELOW_SCALE).count() == 24
    assert enterprises.filter(is_key_project=True).count() == 6
    assert ReturnTrip.objects.count() == 13
    membership = EnterpriseMembership.objects.get(user__username="demo-enterprise")
    assert membership.enterprise.resumption_state == ResumptionState.NOT_FILED
    commander = django_user_model.objects.get(username="demo-commander")
    board = resumption_dashboard(user=commander)
    rates = {row["key"]: row["rate"] for row in board["categories"]}
    assert rates["above_scale_industrial"] == 100.0
    assert 80 <= rates["above_scale"] <= 100
    # Written in bulk, the personal values are sealed all the same.
    with connection.cursor() as cursor:
        for table, column in (
            ("enterprises_enterprise", "contact_phone"),
            ("enterprises_resumptionfiling", "liaison_phone"),
            ("enterprises_employee", "document_number"),
        ):
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")
            stored = [row[0] for row in cursor.fetchall()]
            assert stored and all(value.startswith("v1.") for value in stored), table
    employee = Employee.objects.first()
    assert pii.validate_document("resident_id", employee.document_number)
