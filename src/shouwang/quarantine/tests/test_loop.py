import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shouwang.core.models import Alert, AlertStatus
from shouwang.core.services.alerts import alert_close
from shouwang.people.choices import Measure
from shouwang.people.models import Person
from shouwang.quarantine.choices import Destination, DiscrepancyKind, LoopPlace, TransferStatus
from shouwang.quarantine.models import Discrepancy, LoopPerson, Stay
from shouwang.quarantine.selectors.loop import loop_board
from shouwang.quarantine.services import (
    batch_close,
    batch_create,
    loop_confirm,
    loop_register,
    transfer_create,
    transfer_depart,
    transfer_finish,
    transfer_recount,
)
from shouwang.quarantine.tests.conftest import PASSPORT_1, PASSPORT_2, PASSPORT_3

LIST = [
    {"name": "陈一", "document_number": PASSPORT_1},
    {"name": "陈二", "document_number": PASSPORT_2},
]


def places(batch):
    return dict(LoopPerson.objects.filter(batch=batch).values_list("name", "place"))


@pytest.fixture
def batch(ports, staff):
    return batch_create(
        port=ports.gongbei, reference="GB-0001", expected_count=2, persons=LIST, by=staff.port_1
    )


def test_the_loop_from_handover_to_check_in(
    batch, sites, staff, django_capture_on_commit_callbacks
):
    for document in (PASSPORT_1, PASSPORT_2):
        entry, created = loop_register(
            batch=batch, document_number=document, origin="香港", by=staff.port_1
        )
        assert created and entry.place == LoopPlace.AT_PORT
        assert entry.destination == Destination.SITE and entry.site is not None
    assert Person.objects.filter(name__in=["陈一", "陈二"]).count() == 2
    entries = list(LoopPerson.objects.filter(batch=batch))
    loop_confirm(entries=entries, destination=Destination.SITE, site=sites.a, by=staff.port_1)
    transfer = transfer_create(
        port=batch.port, plate="粤C12345", escort="刘警官", entries=entries, by=staff.port_1
    )
    assert set(places(batch).values()) == {LoopPlace.ON_VEHICLE}
    transfer_depart(transfer=transfer, by=staff.port_1)
    with django_capture_on_commit_callbacks(execute=True):
        first = transfer_recount(transfer=transfer, document_number=PASSPORT_1, by=staff.site_a)
    assert first.place == LoopPlace.CHECKED_IN and first.stay.site == sites.a
    assert first.person.__class__.objects.get(pk=first.person_id).measure == (
        Measure.CENTRALISED_QUARANTINE
    )
    assert places(batch) == {"陈一": LoopPlace.CHECKED_IN, "陈二": LoopPlace.ON_VEHICLE}
    transfer_recount(transfer=transfer, document_number=PASSPORT_2, by=staff.port_1)
    transfer_finish(transfer=transfer, by=staff.port_1)
    assert set(places(batch).values()) == {LoopPlace.CHECKED_IN}
    assert Stay.objects.filter(site=sites.a).count() == 2
    assert not Discrepancy.objects.exists()


def test_a_rescan_at_the_port_does_not_register_twice(batch, staff):
    loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_1)
    _entry, created = loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_1)
    assert not created
    assert LoopPerson.objects.filter(batch=batch).count() == 2


def test_someone_not_on_the_list_raises_an_open_alert(batch, staff):
    with pytest.raises(ValidationError) as error:
        loop_register(batch=batch, document_number=PASSPORT_3, by=staff.port_1)
    assert "name" in error.value.message_dict
    entry, _ = loop_register(batch=batch, document_number=PASSPORT_3, name="王外", by=staff.port_1)
    assert not entry.listed
    discrepancy = Discrepancy.objects.get(kind=DiscrepancyKind.NOT_ON_LIST)
    assert discrepancy.alert.status == AlertStatus.OPEN
    assert Alert.objects.for_inbox(staff.port_1).open().count() == 1


def test_a_list_shorter_than_the_count_is_a_discrepancy_at_once(ports, staff):
    batch_create(
        port=ports.gongbei, reference="GB-2", expected_count=3, persons=LIST, by=staff.port_1
    )
    assert Discrepancy.objects.filter(kind=DiscrepancyKind.COUNT).count() == 1


def test_closing_registration_marks_the_unregistered_missing(batch, staff):
    loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_1)
    batch_close(batch=batch, by=staff.port_1)
    assert places(batch) == {"陈一": LoopPlace.AT_PORT, "陈二": LoopPlace.MISSING}
    kinds = set(Discrepancy.objects.values_list("kind", flat=True))
    assert kinds == {DiscrepancyKind.NOT_REGISTERED, DiscrepancyKind.COUNT}


def _on_the_road(batch, sites, staff):
    for document in (PASSPORT_1, PASSPORT_2):
        loop_register(batch=batch, document_number=document, by=staff.port_1)
    entries = list(LoopPerson.objects.filter(batch=batch))
    loop_confirm(entries=entries, destination=Destination.SITE, site=sites.a, by=staff.port_1)
    transfer = transfer_create(
        port=batch.port, plate="粤C12345", escort="刘警官", entries=entries, by=staff.port_1
    )
    return transfer_depart(transfer=transfer, by=staff.port_1)


def test_recount_of_someone_not_on_the_vehicle_is_refused_and_alerted(batch, sites, staff):
    transfer = _on_the_road(batch, sites, staff)
    with pytest.raises(ValidationError, match="不在本车名单上"):
        transfer_recount(transfer=transfer, document_number=PASSPORT_3, by=staff.site_a)
    discrepancy = Discrepancy.objects.get(kind=DiscrepancyKind.NOT_ON_VEHICLE)
    assert discrepancy.transfer == transfer
    assert set(places(batch).values()) == {LoopPlace.ON_VEHICLE}


def test_missing_on_arrival_stays_open_until_closed(batch, sites, staff):
    transfer = _on_the_road(batch, sites, staff)
    transfer_recount(transfer=transfer, document_number=PASSPORT_1, by=staff.site_a)
    transfer_finish(transfer=transfer, by=staff.site_a)
    assert places(batch)["陈二"] == LoopPlace.MISSING
    board = loop_board(
        port=batch.port, day=timezone.localdate(transfer.departed_at), user=staff.port_1
    )
    assert (board.delivered, board.missing, len(board.open_discrepancies)) == (1, 1, 1)
    alert = board.open_discrepancies[0].alert
    alert_close(alert=alert, by=staff.port_1, resolution="已联系，另车送达")
    board = loop_board(
        port=batch.port, day=timezone.localdate(transfer.departed_at), user=staff.port_1
    )
    assert board.open_discrepancies == []


def test_a_vehicle_goes_to_one_destination_and_only_with_confirmed_people(batch, sites, staff):
    loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_1)
    entry = LoopPerson.objects.get(batch=batch, document_hash__isnull=False, name="陈一")
    with pytest.raises(ValidationError, match="去向未确认"):
        transfer_create(
            port=batch.port, plate="粤C12345", escort="刘", entries=[entry], by=staff.port_1
        )
    with pytest.raises(ValidationError) as error:
        transfer_create(port=batch.port, plate="ABC", escort="刘", entries=[entry], by=staff.port_1)
    assert "plate" in error.value.message_dict


def test_recount_before_departure_is_refused(batch, sites, staff):
    loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_1)
    entries = list(LoopPerson.objects.filter(batch=batch, registered_at__isnull=False))
    loop_confirm(entries=entries, by=staff.port_1)
    transfer = transfer_create(
        port=batch.port, plate="粤C12345", escort="刘", entries=entries, by=staff.port_1
    )
    assert transfer.status == TransferStatus.LOADING
    with pytest.raises(ValidationError, match="未发车"):
        transfer_recount(transfer=transfer, document_number=PASSPORT_1, by=staff.port_1)


def test_home_isolation_is_proposed_when_the_rules_allow_and_he_lives_here(ports, staff, people):
    from shouwang.conftest import ID_A

    batch = batch_create(
        port=ports.gongbei,
        reference="GB-3",
        expected_count=1,
        persons=[{"name": "张三", "document_number": ID_A, "document_type": "resident_id"}],
        by=staff.port_1,
    )
    entry, _ = loop_register(
        batch=batch, document_number=ID_A, document_type="resident_id", by=staff.port_1
    )
    assert entry.destination == Destination.HOME
    loop_confirm(entries=[entry], by=staff.port_1)
    transfer = transfer_create(
        port=ports.gongbei, plate="粤C54321", escort="李", entries=[entry], by=staff.port_1
    )
    transfer_depart(transfer=transfer, by=staff.port_1)
    entry = transfer_recount(
        transfer=transfer, document_number=ID_A, document_type="resident_id", by=staff.port_1
    )
    assert entry.place == LoopPlace.HOME
    people.a.refresh_from_db()
    assert people.a.measure == Measure.HOME_ISOLATION
    assert people.a.area == people.a.home_building  # his record was not moved


def test_port_staff_of_another_street_cannot_register(batch, staff):
    with pytest.raises(ValidationError, match="不在该点位值守"):
        loop_register(batch=batch, document_number=PASSPORT_1, by=staff.port_2)
    assert not LoopPerson.objects.filter(registered_at__isnull=False).exists()


def test_site_staff_of_another_site_cannot_recount(batch, sites, staff):
    transfer = _on_the_road(batch, sites, staff)
    with pytest.raises(ValidationError, match="不能清点"):
        transfer_recount(transfer=transfer, document_number=PASSPORT_1, by=staff.site_b)


def test_a_missing_person_found_goes_back_to_the_port_and_his_alert_closes(
    batch, sites, staff, client_for
):
    from django.urls import reverse

    transfer = _on_the_road(batch, sites, staff)
    transfer_recount(transfer=transfer, document_number=PASSPORT_1, by=staff.site_a)
    transfer_finish(transfer=transfer, by=staff.site_a)
    missing = LoopPerson.objects.get(batch=batch, name="陈二")
    url = reverse("quarantine:batch_action", args=[batch.pk, "found"])
    # Site staff cannot, nor can anyone without a note.
    assert client_for(staff.site_a).post(url, {"entry": missing.pk, "note": "x"}).status_code == 404
    client = client_for(staff.port_1)
    client.post(url, {"entry": missing.pk, "note": ""})
    missing.refresh_from_db()
    assert missing.place == LoopPlace.MISSING
    client.post(url, {"entry": missing.pk, "note": "在服务区找到，由民警送回口岸"})
    missing.refresh_from_db()
    assert (missing.place, missing.transfer, missing.confirmed) == (LoopPlace.AT_PORT, None, False)
    alert = Discrepancy.objects.get(loop_person=missing).alert
    assert alert.status == AlertStatus.CLOSED and "服务区" in alert.resolution
    # He goes on the next vehicle like anyone waiting at the port.
    loop_confirm(entries=[missing], destination=Destination.SITE, site=sites.a, by=staff.port_1)
    again = transfer_create(
        port=batch.port, plate="粤C54321", escort="刘警官", entries=[missing], by=staff.port_1
    )
    assert LoopPerson.objects.get(pk=missing.pk).transfer == again
