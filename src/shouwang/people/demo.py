"""Demo data of the people register: the risk list of early 2020 and of today, the rules,
and returnees with their arrival, residence history, measures and key-person verdicts.

At scale 0.01 a few hundred people are under home isolation now and a hundred or so went
through it in early 2020; everything scales linearly and is written in bulk.
"""

from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction
from shouwang.demo.loader import write_rows
from shouwang.people.choices import (
    EpisodeKind,
    HealthSource,
    HealthState,
    HistoryKind,
    Measure,
    RiskLevel,
    RuleCondition,
)
from shouwang.people.models import (
    Episode,
    HealthStateRecord,
    HistoryEntry,
    MeasureRecord,
    Person,
    RiskArea,
    RiskRule,
)
from shouwang.people.services.risk import RiskList, verdict_for

#: Full-scale counts; the demo scale multiplies them.
EARLY_2020_RETURNEES = 15_000
CURRENT_HOME_ISOLATION = 25_000
CURRENT_MONITORING = 5_000
#: The current outbreak's cases over the last 30 days, after Nanshan's 87 confirmed of which
#: 64 were imported (seed 000); asymptomatic and suspected cases beside them. Small scales
#: keep a handful of each so the numbers are never all zero.
CASE_DAYS = 30
CONFIRMED, IMPORTED_SHARE = 87, 64 / 87
POSITIVE_ONLY, SUSPECTED = 30, 12
MIN_CASES = 4

WUHAN_PLACES = [
    ("湖北省武汉市江汉区", "420103", "江汉区"),
    ("湖北省武汉市江岸区", "420102", "江岸区"),
    ("湖北省武汉市武昌区", "420106", "武昌区"),
    ("湖北省武汉市洪山区", "420111", "洪山区"),
    ("湖北省孝感市孝南区", "420902", "孝南区"),
]
CURRENT_PLACES = [
    ("广东省广州市荔湾区", "440103", "荔湾区"),
    ("广东省广州市白云区", "440111", "白云区"),
]


def _risk_list(today: date) -> None:
    RiskArea.objects.bulk_create(
        [
            RiskArea(
                region_code="420100",
                name="武汉市",
                level=RiskLevel.HIGH,
                valid_from=date(2020, 1, 1),
                valid_to=date(2020, 4, 8),
                note="离汉通道管控至2020年4月8日",
            ),
            RiskArea(
                region_code="420000",
                name="湖北省",
                level=RiskLevel.MEDIUM,
                valid_from=date(2020, 1, 20),
                valid_to=date(2020, 3, 25),
            ),
            RiskArea(
                region_code="440103",
                name="荔湾区",
                level=RiskLevel.HIGH,
                valid_from=today - timedelta(days=30),
            ),
            RiskArea(
                region_code="440111",
                name="白云区",
                level=RiskLevel.MEDIUM,
                valid_from=today - timedelta(days=30),
            ),
        ]
    )
    RiskRule.objects.bulk_create(
        [
            RiskRule(
                name="14天内中高风险地区旅居史",
                condition=RuleCondition.RISK_AREA_HISTORY,
                min_level=RiskLevel.MEDIUM,
                within_days=14,
                proposed_measure=Measure.HOME_ISOLATION,
            ),
            RiskRule(
                name="发热（≥37.3℃）",
                condition=RuleCondition.FEVER,
                within_days=14,
                proposed_measure=Measure.HOSPITAL,
            ),
            RiskRule(
                name="密切接触史",
                condition=RuleCondition.CONTACT_HISTORY,
                within_days=14,
                history_kinds=HistoryKind.CONTACT,
                proposed_measure=Measure.CENTRALISED_QUARANTINE,
            ),
            RiskRule(
                name="疑似、阳性或确诊",
                condition=RuleCondition.HEALTH_STATE,
                proposed_measure=Measure.HOSPITAL,
            ),
        ]
    )


CASE_STATES = {
    "confirmed": HealthState.CONFIRMED,
    "positive": HealthState.POSITIVE,
    "suspected": HealthState.SUSPECTED,
}


def _cohorts(context, total_persons: int) -> dict[str, list[int]]:
    sizes = {
        "early_2020": round(EARLY_2020_RETURNEES * context.scale),
        "isolation": round(CURRENT_HOME_ISOLATION * context.scale),
        "monitoring": round(CURRENT_MONITORING * context.scale),
        "confirmed": max(round(CONFIRMED * context.scale), MIN_CASES),
        "positive": max(round(POSITIVE_ONLY * context.scale), MIN_CASES),
        "suspected": max(round(SUSPECTED * context.scale), MIN_CASES),
    }
    wanted = min(sum(sizes.values()), total_persons)
    ids = list(Person.objects.order_by().values_list("pk", flat=True))
    chosen = context.rng.sample(ids, wanted)
    cohorts, start = {}, 0
    for name, size in sizes.items():
        cohorts[name] = chosen[start : start + size]
        start += size
    return cohorts


def _timelines(context, cohorts, today: date):
    """Rows of episodes, history, measures and health states per person; and each
    person's denormalised fields (measure, arrival, health state)."""
    rng, now = context.rng, timezone.now()
    episodes, entries, measures, states, person_fields = [], [], [], [], {}
    for cohort, person_ids in cohorts.items():
        for pk in person_ids:
            health = HealthState.NORMAL
            if cohort == "early_2020":
                arrival = date(2020, 1, 15) + timedelta(days=rng.randrange(20))
                place, code, name = rng.choice(WUHAN_PLACES)
                isolation_end = arrival + timedelta(days=14)
                measures.append(
                    (pk, Measure.HOME_ISOLATION, arrival, isolation_end, "武汉返回", False, now)
                )
                measures.append((pk, Measure.RELEASED, isolation_end, None, "期满解除", True, now))
                measure = Measure.RELEASED
            elif cohort in CASE_STATES:
                found_on = today - timedelta(days=rng.randrange(CASE_DAYS))
                health = CASE_STATES[cohort]
                states.append((pk, health, found_on, None, HealthSource.HOSPITAL, now))
                measure = (
                    Measure.HOSPITAL if cohort == "confirmed" else Measure.CENTRALISED_QUARANTINE
                )
                measures.append((pk, measure, found_on, None, str(health.label), True, now))
                if cohort == "confirmed" and rng.random() >= IMPORTED_SHARE:
                    person_fields[pk] = (measure, None, health)  # a local case: no arrival
                    continue
                arrival = found_on - timedelta(days=rng.randint(1, 10))
                place, code, name = rng.choice(CURRENT_PLACES)
            else:
                days_ago = rng.randrange(14) if cohort == "isolation" else rng.randrange(7)
                arrival = today - timedelta(days=days_ago)
                place, code, name = rng.choice(CURRENT_PLACES)
                measure = (
                    Measure.HOME_ISOLATION if cohort == "isolation" else Measure.HEALTH_MONITORING
                )
                end = arrival + timedelta(days=13 if cohort == "isolation" else 6)
                measures.append((pk, measure, arrival, end, f"{name}返回", True, now))
            stayed_from = arrival - timedelta(days=rng.randint(3, 30))
            episodes.append((pk, EpisodeKind.ARRIVAL, arrival, None, place, code, "", now))
            entries.append(
                (pk, HistoryKind.RESIDENCE, place, code, name, stayed_from, arrival, "", now)
            )
            person_fields[pk] = (measure, arrival, health)
    return episodes, entries, measures, states, person_fields


def load_demo_data(context) -> None:
    today = timezone.localdate()
    _risk_list(today)
    total = Person.objects.count()
    cohorts = _cohorts(context, total)
    episodes, entries, measures, states, person_fields = _timelines(context, cohorts, today)
    write_rows(
        Episode._meta.db_table,
        (
            "person_id",
            "kind",
            "started_on",
            "ended_on",
            "origin",
            "origin_code",
            "note",
            "created_at",
        ),
        episodes,
    )
    write_rows(
        HistoryEntry._meta.db_table,
        (
            "person_id",
            "kind",
            "place",
            "region_code",
            "region_name",
            "from_date",
            "to_date",
            "note",
            "created_at",
        ),
        entries,
    )
    write_rows(
        MeasureRecord._meta.db_table,
        ("person_id", "measure", "start", '"end"', "reason", "is_active", "created_at"),
        measures,
    )
    write_rows(
        HealthStateRecord._meta.db_table,
        ("person_id", "state", '"on"', "temperature", "source", "created_at"),
        states,
    )
    _set_person_fields(person_fields)
    record_bulk_change(
        user=None,
        action=ChangeAction.IMPORT,
        model="people.measurerecord",
        count=len(measures),
        area_path=context.specs[0].code,
        description=f"demo: {len(person_fields)} returnees with their measures",
    )


def _set_person_fields(person_fields: dict[int, tuple[str, date]]) -> None:
    """The denormalised measure, arrival and key-person verdict, in bulk: through a
    temporary table filled by COPY on PostgreSQL (bulk_update's CASE per row is slow at
    tens of thousands), by executemany on SQLite."""
    risk_list = RiskList()
    entries_of: dict[int, list] = {}
    for entry in HistoryEntry.objects.filter(person_id__in=list(person_fields)):
        entries_of.setdefault(entry.person_id, []).append(entry)
    rows = []
    for pk, (measure, arrival, health) in person_fields.items():
        person = Person(pk=pk, measure=measure, last_arrival_on=arrival, health_state=health)
        verdict = verdict_for(person, entries_of.get(pk, []), [], risk_list)
        reasons = "；".join(verdict.reasons)
        rows.append((pk, measure, arrival, health, verdict.is_key, reasons, verdict.measure))
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE demo_person_fields (id bigint, measure text, "
                "arrival date, health text, is_key boolean, reason text, proposed text) "
                "ON COMMIT DROP"
            )
            write_rows(
                "demo_person_fields",
                ("id", "measure", "arrival", "health", "is_key", "reason", "proposed"),
                rows,
            )
            cursor.execute(
                f"UPDATE {table} p SET measure = f.measure, last_arrival_on = f.arrival, "
                "health_state = f.health, is_key_person = f.is_key, key_reason = f.reason, "
                "proposed_measure = f.proposed FROM demo_person_fields f WHERE p.id = f.id"
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET measure = %s, last_arrival_on = %s, health_state = %s, "
                "is_key_person = %s, key_reason = %s, proposed_measure = %s WHERE id = %s",
                [(m, a, h, k, r, pm, pk) for pk, m, a, h, k, r, pm in rows],
            )
