import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from shouwang.demo import loader
from shouwang.enterprises import demo as enterprises_demo
from shouwang.policies import demo
from shouwang.policies.engine import calculate
from shouwang.policies.models import EnterpriseFigures, MatchingRun, PolicyItem, ReliefGrant
from shouwang.policies.profile import enterprise_profile
from shouwang.policies.services import matching_run_execute


def _load(scale):
    rng = random.Random(2020)
    specs = loader.district_tree(rng)
    ids = loader._write_tree(specs, rng, None)
    loader._write_users(specs, ids, rng)
    context = loader.DemoContext(specs=specs, area_ids=ids, scale=scale, rng=rng, progress=None)
    enterprises_demo.load_demo_data(context)
    demo.load_demo_data(context)


def test_the_demo_ledger_holds_the_seeds_totals_at_scale(db):
    _load(0.01)
    rent = ReliefGrant.objects.filter(relief_kind="rent")
    parks = rent.exclude(landlord_kind="private").aggregate(amount=Sum("amount"), n=Count("id"))
    # 1.01 bn yuan for 12,100 enterprises at scale 1: 10.1 m for 121 at 0.01.
    assert parks == {"amount": Decimal("10100000"), "n": 121}
    private = rent.filter(landlord_kind="private").aggregate(amount=Sum("amount"), n=Count("id"))
    # 30.63 m yuan for 571 at scale 1: 6 enterprises, 30.63 m × 6 / 571.
    assert private == {"amount": Decimal("321856"), "n": 6}
    fund = ReliefGrant.objects.filter(item__code="xz-fund-small-micro").aggregate(s=Sum("amount"))
    assert fund["s"] <= Decimal("600000")  # 60 m of the 100 m yuan fund, scaled
    # Every grant is its item's formula on the enterprise's own figures.
    for grant in ReliefGrant.objects.select_related("enterprise__street", "item")[:60]:
        figures = EnterpriseFigures.objects.filter(enterprise=grant.enterprise).first()
        result = calculate(enterprise_profile(grant.enterprise, figures))
        amounts = {m.item.code: m.amount for m in result.matches}
        assert amounts.get(grant.item.code) == grant.amount, grant.item.code


def test_the_demo_catalogue_is_current_and_the_first_matching_is_queued(db):
    _load(0.002)
    today = timezone.localdate()
    rent = PolicyItem.objects.get(code="xz-rent-soe-one-month")
    assert rent.apply_from == today - timedelta(days=46)  # 15 February → 1 April 2020
    assert rent.window_state(today) == "open"
    assert ReliefGrant.objects.filter(granted_on__gt=today).count() == 0
    run = MatchingRun.objects.get()
    assert run.status == "queued"
    run = matching_run_execute(run=run)
    assert run.status == "done" and run.entitlements > 0
