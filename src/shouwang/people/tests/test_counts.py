"""The kept counts (PersonCount, kept by triggers) against counting the register itself."""

import csv
import importlib
import threading
from collections import Counter
from datetime import date
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shouwang.conftest import trigger_names
from shouwang.core.choices import DocumentType
from shouwang.people.choices import Measure
from shouwang.people.importers import PersonImporter
from shouwang.people.models import Person, PersonCount
from shouwang.people.selectors import (
    person_count_by_path,
    person_count_under,
    register_measure_counts,
)
from shouwang.people.services import measure_change, person_delete, person_register, person_update
from shouwang.people.services.counts import person_counts_compact, person_counts_recount

NEW_ID = "110105198001010032"
OTHER_NEW_ID = "11010519800202003X"
COUNTS_MIGRATION = importlib.import_module("shouwang.people.migrations.0002_person_count")


def _kept() -> dict:
    rows = PersonCount.objects.values_list("area_id", "measure").annotate(total=Sum("n"))
    return {(area_id, measure): n for area_id, measure, n in rows.order_by() if n}


def _counted() -> dict:
    return dict(Counter(Person.objects.values_list("area_id", "measure")))


def test_the_counts_follow_every_kind_of_write_to_the_register(tmp_path, people, tree):
    assert (
        _kept()
        == _counted()
        == {
            (tree.S1C1GAB1.pk, Measure.NONE): 1,
            (tree.S1C1GBB1.pk, Measure.NONE): 1,
            (tree.S2C1GAB1.pk, Measure.NONE): 1,
        }
    )
    d, _ = person_register(
        name="赵六",
        document_type=DocumentType.RESIDENT_ID,
        document_number=NEW_ID,
        area=tree.S1C1GA,
        by=None,
    )
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=date(2020, 2, 1), reason="x", by=None
    )
    # A change that moves nobody (the name) and one that moves him (the area).
    person_update(person=d, name="赵六六", phone="", area=tree.S1C1GA, home_building=None, by=None)
    person_update(person=d, name="赵六六", phone="", area=tree.S2C1GA, home_building=None, by=None)
    assert _kept() == _counted()
    # Queryset writes, which no model signal sees.
    Person.objects.filter(area=tree.S2C1GA).update(measure=Measure.HEALTH_MONITORING)
    Person.objects.filter(pk=people.b.pk).update(area=tree.S1C1GA, measure=Measure.RELEASED)
    assert _kept() == _counted()
    person_delete(person=people.c, by=None)
    Person.objects.filter(pk=d.pk).delete()
    assert _kept() == _counted()
    # The import writes by COPY on PostgreSQL, updating a registered document and adding one.
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "证件号码", "联系电话", "楼栋编码", "房号"])
        writer.writerow(["张三", people.a.document_number, "", "S1C1GBB1", ""])
        writer.writerow(["钱七", OTHER_NEW_ID, "", "S2C1GAB1", ""])
    assert PersonImporter().import_file(path)[0] == 2
    assert _kept() == _counted()
    assert sum(_kept().values()) == Person.objects.count() == 3


def test_the_migration_counts_a_register_that_was_there_before_it(people, tree):
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    COUNTS_MIGRATION.uninstall(None, editor)
    PersonCount.objects.all().delete()
    Person.objects.filter(pk=people.a.pk).update(measure=Measure.HOME_ISOLATION)
    assert _kept() == {}
    COUNTS_MIGRATION.install(None, editor)
    assert _kept() == _counted() and len(_counted()) == 3
    Person.objects.filter(pk=people.a.pk).update(measure=Measure.NONE)  # the triggers are back
    assert _kept() == _counted()


@pytest.mark.postgres
def test_truncating_the_register_empties_the_counts(people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with connection.cursor() as cursor:
        # The fixtures' foreign keys are checked at commit: now, or TRUNCATE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {Person._meta.db_table} CASCADE")
    assert _kept() == {} and PersonCount.objects.count() == 0


def test_the_unfiltered_list_reads_the_counts_and_a_filtered_one_counts_its_rows(
    client_for, users, people
):
    client = client_for(users.commander)
    measure_change(
        person=people.b, measure=Measure.HOME_ISOLATION, start=date(2020, 2, 1), reason="x", by=None
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:person_list"))
    counted = [q["sql"] for q in queries if "GROUP BY" in q["sql"]]
    assert len(counted) == 1 and PersonCount._meta.db_table in counted[0]
    counts = {value: n for value, _label, n in response.context["measure_counts"]}
    assert counts == {**counts, Measure.NONE: 2, Measure.HOME_ISOLATION: 1}
    assert response.context["paginator"].count == 3
    # A filter the counts do not know: the list's own rows are counted.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:person_list"), {"is_key_person": "false"})
    counted = [q["sql"] for q in queries if "GROUP BY" in q["sql"]]
    assert len(counted) == 1 and PersonCount._meta.db_table not in counted[0]
    assert response.context["paginator"].count == 3
    response = client.post(reverse("people:person_list"), {"q": "李四"})
    assert response.context["paginator"].count == 1
    counts = {value: n for value, _label, n in response.context["measure_counts"]}
    assert counts[Measure.HOME_ISOLATION] == 1 and counts[Measure.NONE] == 0


def test_a_user_is_given_the_counts_of_his_own_areas_only(client_for, users, people, tree):
    # The grid worker of grid A: his one person, not grid B's nor the other street's.
    rows, total = register_measure_counts(users.grid_a)
    assert total == 1 and dict((v, n) for v, _label, n in rows)[Measure.NONE] == 1
    assert register_measure_counts(users.grid_a, tree.S1C1)[1] == 1
    assert person_count_under(tree.D, users.grid_a) == 1
    assert person_count_by_path(tree.D, users.grid_a) == {tree.S1C1GAB1.path: 1}
    client = client_for(users.grid_a)
    assert client.get(reverse("people:person_list")).context["paginator"].count == 1
    # His community's list, above his grid, is refused, not counted.
    assert client.get(reverse("people:person_list"), {"area": tree.S1C1.pk}).status_code == 404
    assert person_count_under(tree.D, users.commander) == 3
    assert register_measure_counts(users.nobody)[1] == 0


def test_the_triggers_are_in_place_after_the_migrations(db):
    # A later migration that rebuilds the person table must create them again.
    expected = {f"people_person_counted_{event}" for event in ("insert", "update", "delete")}
    if connection.vendor == "postgresql":
        expected.add("people_person_counted_truncate")
    assert expected <= trigger_names(Person._meta.db_table)
    if connection.vendor == "sqlite":
        # The SQLite triggers add to a row in place: its unique index, which the model does
        # not declare (PostgreSQL keeps several rows), must survive a rebuild of the table.
        indexes = connection.introspection.get_constraints(
            connection.cursor(), PersonCount._meta.db_table
        )
        assert indexes["person_count_one_per_measure"]["unique"]


def test_merging_leaves_one_row_per_area_and_measure_and_the_same_sums(people, tree):
    for measure in (Measure.HOME_ISOLATION, Measure.RELEASED, Measure.NONE):
        Person.objects.filter(pk=people.a.pk).update(measure=measure)
    Person.objects.filter(pk=people.b.pk).update(area=tree.S1C1GAB1)
    before = _kept()
    person_counts_compact()
    assert _kept() == before == _counted()
    keys = list(PersonCount.objects.values_list("area_id", "measure"))
    assert len(keys) == len(set(keys)) == len(before)
    assert not PersonCount.objects.filter(n=0).exists()
    assert person_counts_compact() == 0  # nothing left to merge


def test_a_recount_mends_counts_that_went_wrong(people, tree):
    PersonCount.objects.all().delete()
    PersonCount.objects.create(area=tree.S2C1GAB1, measure=Measure.HOSPITAL, n=7)
    assert person_counts_recount() == 3
    assert _kept() == _counted()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_moving_persons_in_opposite_orders_do_not_wait_on_the_counts(tree):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    movers = []
    for n, area in enumerate((tree.S1C1GAB1, tree.S1C1GBB1) * 2):
        person, _ = person_register(
            name=f"人{n}",
            document_type=DocumentType.RESIDENT_ID,
            document_number=["440402199001010014", "440402198505050023", NEW_ID, OTHER_NEW_ID][n],
            area=area,
            by=None,
        )
        movers.append(person.pk)
    # Each moves one person out of building 1 and one out of building 2, in opposite
    # orders, and holds its first move while the other makes its own.
    barrier, errors = threading.Barrier(2, timeout=20), []

    def move(first, second):
        try:
            with transaction.atomic():
                Person.objects.filter(pk=first).update(area=tree.S2C1GAB1)
                barrier.wait()
                Person.objects.filter(pk=second).update(area=tree.S2C1GAB1)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=(movers[0], movers[1])),
        threading.Thread(target=move, args=(movers[3], movers[2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _kept() == _counted() == {(tree.S2C1GAB1.pk, Measure.NONE): 4}


def test_the_command_merges_or_recounts(people, tree):
    Person.objects.filter(pk=people.a.pk).update(measure=Measure.HOME_ISOLATION)
    out = StringIO()
    call_command("compact_person_counts", stdout=out)
    assert "merged" in out.getvalue() and _kept() == _counted()
    PersonCount.objects.all().delete()
    call_command("compact_person_counts", "--recount", stdout=out)
    assert "3 person counts written" in out.getvalue() and _kept() == _counted()
