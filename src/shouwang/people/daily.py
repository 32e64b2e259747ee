"""The people register's part of the daily numbers: cases and people under each measure."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from shouwang.people.choices import EpisodeKind, HealthState, Measure
from shouwang.people.models import Episode, HealthStateRecord, MeasureRecord
from shouwang.reports.sections import (
    Figure,
    Ratio,
    Section,
    add,
    grouped,
    merged,
    per_area,
    under,
)

#: A case is imported when the person arrived from elsewhere within this many days before
#: it was found (seed 000: 64 of Nanshan's 87 confirmed cases were imported).
IMPORTED_WITHIN_DAYS = 14
CASE_STATES = (HealthState.SUSPECTED, HealthState.POSITIVE, HealthState.CONFIRMED)
MEASURES_COUNTED = (
    Measure.HOME_ISOLATION,
    Measure.CENTRALISED_QUARANTINE,
    Measure.HEALTH_MONITORING,
    Measure.HOSPITAL,
)
PERSONS = _("人")


def count_cases(day, area):
    """New and cumulative confirmed and positive cases, current suspected ones, and the
    confirmed cases by source, from each case person's health-state timeline."""
    case_persons = under(HealthStateRecord.objects, area).filter(state__in=CASE_STATES, on__lte=day)
    records = (
        HealthStateRecord.objects.filter(person__in=case_persons.values("person_id"), on__lte=day)
        .order_by("person_id", "on", "id")
        .values_list("person_id", "person__area_id", "state", "on")
    )
    timelines = defaultdict(list)
    area_of = {}
    for person_id, area_id, state, on in records:
        timelines[person_id].append((state, on))
        area_of[person_id] = area_id
    first_confirmed = {
        person_id: min(on for state, on in timeline if state == HealthState.CONFIRMED)
        for person_id, timeline in timelines.items()
        if any(state == HealthState.CONFIRMED for state, _on in timeline)
    }
    imported = _imported(first_confirmed)
    counts = {}
    for person_id, timeline in timelines.items():
        area_id = area_of[person_id]
        for state, key in (
            (HealthState.CONFIRMED, "confirmed"),
            (HealthState.POSITIVE, "positive"),
        ):
            firsts = [on for s, on in timeline if s == state]
            if firsts:
                add(counts, area_id, f"{key}_total")
                if min(firsts) == day:
                    add(counts, area_id, f"{key}_new")
        if timeline[-1][0] == HealthState.SUSPECTED:
            add(counts, area_id, "suspected_current")
            if timeline[-1][1] == day:
                add(counts, area_id, "suspected_new")
        if person_id in first_confirmed:
            add(
                counts,
                area_id,
                "confirmed_imported" if person_id in imported else "confirmed_local",
            )
    return counts


def _imported(first_confirmed: dict) -> set[int]:
    if not first_confirmed:
        return set()
    arrivals = Episode.objects.filter(
        person_id__in=list(first_confirmed), kind=EpisodeKind.ARRIVAL
    ).values_list("person_id", "started_on")
    window = timedelta(days=IMPORTED_WITHIN_DAYS)
    return {
        person_id
        for person_id, started_on in arrivals
        if first_confirmed[person_id] - window <= started_on <= first_confirmed[person_id]
    }


def count_measures(day, area):
    """People under each measure at the end of the day: a measure lasts from its start
    until it is changed (an ended record's ``end`` is the day it stopped)."""
    rows = (
        under(MeasureRecord.objects, area)
        .filter(measure__in=MEASURES_COUNTED, start__lte=day)
        .filter(Q(is_active=True) | Q(end__gt=day))
        .values_list("person__area_id", "measure")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {}
    for area_id, measure, n in rows:
        add(counts, area_id, f"measure_{measure}", n)
    return counts


def count_arrivals(day, area):
    arrivals = under(Episode.objects, area).filter(kind=EpisodeKind.ARRIVAL, started_on=day)
    return grouped({}, per_area(arrivals, "person__area_id"), "arrivals_new")


SECTIONS = [
    Section(
        key="cases",
        label=_("病例"),
        figures=(
            Figure("confirmed_new", _("新增确诊"), _("例")),
            Figure("confirmed_total", _("累计确诊"), _("例")),
            Figure("positive_new", _("新增阳性/无症状"), _("例")),
            Figure("positive_total", _("累计阳性/无症状"), _("例")),
            Figure("suspected_new", _("新增疑似"), _("例")),
            Figure("suspected_current", _("现有疑似"), _("例")),
            Figure("confirmed_imported", _("确诊中输入病例"), _("例")),
            Figure("confirmed_local", _("确诊中本地病例"), _("例")),
        ),
        count=count_cases,
        ratios=(
            Ratio("imported_share", _("输入病例占比"), "confirmed_imported", "confirmed_total"),
        ),
        headline=("confirmed_new", "confirmed_total", "positive_total", "suspected_current"),
        trend=("confirmed_new", "positive_new", "suspected_new"),
    ),
    Section(
        key="measures",
        label=_("人员管控"),
        figures=(
            Figure("measure_home_isolation", _("居家隔离"), PERSONS),
            Figure("measure_centralised_quarantine", _("集中隔离"), PERSONS),
            Figure("measure_health_monitoring", _("健康监测"), PERSONS),
            Figure("measure_hospital", _("送医"), PERSONS),
            Figure("arrivals_new", _("当日抵达登记"), PERSONS),
        ),
        count=lambda day, area: merged(count_measures(day, area), count_arrivals(day, area)),
        headline=("measure_home_isolation", "measure_centralised_quarantine"),
        trend=(
            "measure_home_isolation",
            "measure_centralised_quarantine",
            "measure_health_monitoring",
        ),
    ),
]
