from datetime import date, timedelta

from shouwang.core.choices import AreaLevel
from shouwang.core.services.areas import area_create
from shouwang.isolation.selectors import measures_over_time
from shouwang.people.choices import Measure
from shouwang.people.models import MeasureRecord, Person

END = date(2020, 3, 31)


def _record(person, measure, began: int, ended: int | None = None, *, active: bool):
    """A measure record ``began`` days before END, and ``ended`` days before it if given."""
    MeasureRecord.objects.create(
        person=person,
        measure=measure,
        start=END - timedelta(days=began),
        end=None if ended is None else END - timedelta(days=ended),
        reason="测试",
        is_active=active,
    )


def _day(chart, day: date) -> dict[str, int]:
    measures = [value for value, _label in chart["measures"]]
    row = next(row for row in chart["rows"] if row[0] == day.isoformat())
    return dict(zip(measures, row[1:], strict=True))


def test_the_chart_counts_each_measure_from_its_start_to_its_end(tree, people):
    isolated = [people.a.pk, people.b.pk, people.c.pk]
    Person.objects.filter(pk__in=isolated).update(measure=Measure.HOME_ISOLATION)
    # a's health monitoring began before the window and ended in it; then home isolation,
    # still in force three days past its planned end.
    _record(people.a, Measure.HEALTH_MONITORING, 90, 20, active=False)
    _record(people.a, Measure.HOME_ISOLATION, 20, 3, active=True)
    # b: a quarantine over before the window, and a release, which the chart leaves out.
    _record(people.b, Measure.CENTRALISED_QUARANTINE, 80, 70, active=False)
    _record(people.b, Measure.RELEASED, 70, active=True)
    # c lives in the other street: counted in the district, not in street 1.
    _record(people.c, Measure.HOSPITAL, 5, active=True)
    chart = measures_over_time(area=tree.S1, days=30, end=END)
    assert (
        len(chart["rows"]) == 30 and chart["rows"][0][0] == (END - timedelta(days=29)).isoformat()
    )
    first = _day(chart, END - timedelta(days=29))
    assert first[Measure.HEALTH_MONITORING] == 1 and first[Measure.CENTRALISED_QUARANTINE] == 0
    handover = _day(chart, END - timedelta(days=20))
    assert handover[Measure.HEALTH_MONITORING] == 0 and handover[Measure.HOME_ISOLATION] == 1
    last = _day(chart, END)
    assert last[Measure.HOME_ISOLATION] == 1 and sum(last.values()) == 1
    assert Measure.RELEASED not in _day(chart, END)
    district = _day(measures_over_time(area=tree.D, days=30, end=END), END)
    assert district[Measure.HOSPITAL] == 1 and district[Measure.HOME_ISOLATION] == 1


def test_a_second_districts_persons_are_not_in_the_first_districts_chart(tree, people):
    # With one root the district's chart reads every record; with two it must not.
    assert _day(measures_over_time(area=tree.D, days=30, end=END), END)[Measure.HOSPITAL] == 0
    other = area_create(level=AreaLevel.DISTRICT, code="E", name="斗门区", parent=None, by=None)
    Person.objects.filter(pk=people.c.pk).update(area=other, measure=Measure.HOSPITAL)
    _record(people.c, Measure.HOSPITAL, 5, active=True)
    _record(people.a, Measure.HOME_ISOLATION, 5, active=True)
    Person.objects.filter(pk=people.a.pk).update(measure=Measure.HOME_ISOLATION)
    district = _day(measures_over_time(area=tree.D, days=30, end=END), END)
    assert district[Measure.HOSPITAL] == 0 and district[Measure.HOME_ISOLATION] == 1
    assert _day(measures_over_time(area=other, days=30, end=END), END)[Measure.HOSPITAL] == 1
