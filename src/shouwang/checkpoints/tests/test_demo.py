import pytest
from django.db.models import Sum
from django.urls import reverse

from shouwang.checkpoints import demo as checkpoints_demo
from shouwang.checkpoints.choices import FlagKind
from shouwang.checkpoints.flags import FEVER_THRESHOLD
from shouwang.checkpoints.models import Checkpoint, HourlyCount, Occupant, Passage, WatchedVehicle
from shouwang.core.models import User
from shouwang.demo.loader import load_demo
from shouwang.workforce.models import Shift


@pytest.fixture
def demo(db):
    return load_demo(scale=0.01)


def test_the_demo_has_the_seeds_checkpoints_rosters_and_passages(demo):
    kinds = set(Checkpoint.objects.values_list("kind", flat=True))
    assert kinds == {"highway_exit", "city_boundary", "port", "community_enclosure"}
    boundary = Checkpoint.objects.get(kind="city_boundary")
    assert len(boundary.post.template.slots) == 6 and boundary.post.staff_per_shift == 21
    assert Shift.objects.filter(post=boundary.post).exists()
    passages = Passage.objects.count()
    assert passages > 0
    assert HourlyCount.objects.aggregate(n=Sum("persons"))["n"] == Occupant.objects.count()


def test_the_demo_checkpoint_login_lands_on_the_port_point(demo, client):
    client.force_login(User.objects.get(username="demo-checkpoint"))
    answer = client.get(reverse("checkpoints:checkpoint_station"))
    port = Checkpoint.objects.get(kind="port")
    assert answer.url == reverse("checkpoints:passage_register", args=[port.pk])


def test_the_demo_watches_some_plates_and_counts_fevers_apart_from_other_flags(db, monkeypatch):
    monkeypatch.setattr(checkpoints_demo, "WATCHED_SHARE", 0.2)  # some at a small scale
    load_demo(scale=0.01)
    watched = dict(WatchedVehicle.objects.values_list("plate", "reason"))
    assert len(watched) == 3
    seen = 0
    for passage in Passage.objects.filter(flagged=True):
        for flag in passage.flags:
            assert flag["kind"] in (FlagKind.FEVER, FlagKind.WATCHED_VEHICLE)
            if flag["kind"] == FlagKind.WATCHED_VEHICLE:
                assert watched[passage.plate] == flag["detail"]
                seen += 1
    assert seen > 0
    totals = HourlyCount.objects.aggregate(fevers=Sum("fevers"), flagged=Sum("flagged"))
    assert totals["fevers"] == Occupant.objects.filter(temperature__gte=FEVER_THRESHOLD).count()
    assert totals["flagged"] == Passage.objects.filter(flagged=True).count()
