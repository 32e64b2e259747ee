import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from shouwang.quarantine.models import Stay
from shouwang.quarantine.services import stay_check_in
from shouwang.quarantine.tests.conftest import room


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_checking_two_people_into_the_last_bed_cannot_both_succeed(sites, people, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    site = sites.a
    site.capacity = 1  # one bed left in the whole site, with free rooms beside it
    site.save()
    barrier = threading.Barrier(2)
    done, refused, errors = [], [], []

    def check_in(person, number):
        try:
            barrier.wait()
            done.append(stay_check_in(room=room(site, number), persons=[person], by=users.street_1))
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=check_in, args=(people.a, "201")),
        threading.Thread(target=check_in, args=(people.b, "202")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(done), len(refused)) == (1, 1)
    assert "已满" in str(refused[0])
    assert Stay.objects.filter(site=site).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_check_ins_into_one_vacant_room_at_once_leave_one_in_it(sites, people, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(2)
    done, refused = [], []

    def check_in(person):
        try:
            barrier.wait()
            done.append(stay_check_in(room=room(sites.a, "201"), persons=[person], by=None))
        except ValidationError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check_in, args=(p,)) for p in (people.a, people.b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(done), len(refused)) == (1, 1)
    assert "已有人入住" in str(refused[0])
