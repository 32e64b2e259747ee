import random

from shouwang.demands import demo
from shouwang.demands.models import Demand
from shouwang.demo import loader
from shouwang.enterprises import demo as enterprises_demo
from shouwang.enterprises.choices import ProblemStatus
from shouwang.enterprises.models import VisitProblem


def test_demo_demands_in_every_state_and_raised_problems_become_demands(db):
    rng = random.Random(2020)
    specs = loader.district_tree(rng)
    ids = loader._write_tree(specs, rng, None)
    loader._write_users(specs, ids, rng)
    context = loader.DemoContext(specs=specs, area_ids=ids, scale=0.05, rng=rng, progress=None)
    enterprises_demo.load_demo_data(context)
    demo.load_demo_data(context)
    assert Demand.objects.filter(source="qr").count() == 30
    assert set(Demand.objects.values_list("status", flat=True)) == {
        "new", "accepted", "in_progress", "resolved", "confirmed", "reopened",
    }  # fmt: skip
    raised = VisitProblem.objects.filter(status=ProblemStatus.RAISED)
    assert raised.exists()
    assert not raised.filter(demand_reference="").exists()
    for problem in raised:
        assert Demand.objects.get(visit_problem=problem).reference == problem.demand_reference
    assert not Demand.objects.filter(reference__isnull=True).exists()
    assert all(d.events.exists() for d in Demand.objects.all()[:20])
