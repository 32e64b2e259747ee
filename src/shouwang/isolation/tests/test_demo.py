from shouwang.demo import loader
from shouwang.isolation import demo as isolation_demo
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.people import demo as people_demo
from shouwang.people.choices import Measure
from shouwang.people.models import Person, RiskArea
from shouwang.people.selectors import active_measures


def test_the_demo_puts_returnees_under_measures_and_isolation(db, monkeypatch):
    def people_and_isolation(context):
        people_demo.load_demo_data(context)
        isolation_demo.load_demo_data(context)

    monkeypatch.setattr(loader, "_load_app_demos", people_and_isolation)
    loader.load_demo(scale=0.002)
    isolated = Person.objects.filter(measure=Measure.HOME_ISOLATION)
    assert isolated.count() == IsolationOrder.objects.filter(status="active").count() == 50
    ids = list(isolated.values_list("pk", flat=True))
    assert set(active_measures(ids).values()) == {Measure.HOME_ISOLATION}
    assert Person.objects.filter(is_key_person=True).count() >= 50
    assert RiskArea.objects.filter(region_code="420100").exists()
    # Orders that started on earlier days have their follow-ups (the seed is fixed).
    assert FollowUp.objects.filter(order__start__lt=loader.timezone.localdate()).exists()
