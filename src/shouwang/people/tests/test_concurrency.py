import threading

import pytest
from django.db import connection, connections

from shouwang.conftest import ID_A
from shouwang.core.choices import DocumentType
from shouwang.people.models import Person
from shouwang.people.services import person_register


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_new_document_at_once_make_one_person(tree):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def register(name):
        try:
            barrier.wait()
            results.append(
                person_register(
                    name=name,
                    document_type=DocumentType.RESIDENT_ID,
                    document_number=ID_A,
                    area=tree.S1C1GA,
                    by=None,
                )
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.objects.count() == 1
    assert sorted(created for _, created in results) == [False, True]
