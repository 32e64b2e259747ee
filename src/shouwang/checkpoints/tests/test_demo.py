import pytest
from django.db.models import Sum
from django.urls import reverse

from shouwang.checkpoints.models import Checkpoint, HourlyCount, Occupant, Passage
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
