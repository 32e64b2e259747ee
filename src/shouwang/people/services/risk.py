"""Risk areas, risk rules and their evaluation: which persons are key, and why."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.roles import MANAGE_AREAS
from shouwang.core.scoping import scope_paths
from shouwang.core.text import list_of
from shouwang.people.choices import (
    MEASURE_STRICTNESS,
    RISK_LEVEL_RANK,
    HealthState,
    HistoryKind,
    Measure,
    RiskLevel,
    RuleCondition,
)
from shouwang.people.models import HealthStateRecord, HistoryEntry, Person, RiskArea, RiskRule
from shouwang.people.selectors import covering_codes, gravest_listed

GRAVE_STATES = (HealthState.SUSPECTED, HealthState.POSITIVE, HealthState.CONFIRMED)
EVALUATION_CHUNK = 2000


def _check_district_staff(by) -> None:
    """The risk list and rules are the district's: held over the whole tree."""
    if by is not None and scope_paths(by, MANAGE_AREAS) == []:
        raise PermissionError("only district staff manage risk areas and rules")


# --- evaluation ------------------------------------------------------------------------


@dataclass
class Verdict:
    reasons: list[str]
    measure: str

    @property
    def is_key(self) -> bool:
        return bool(self.reasons)


class RiskList:
    """The active rules and the risk areas, loaded once for a batch of persons."""

    def __init__(self):
        self.rules = list(RiskRule.objects.filter(is_active=True))
        self.areas_by_code = defaultdict(list)
        for area in RiskArea.objects.all():
            self.areas_by_code[area.region_code].append(area)
        # The words of a reason, translated once for the batch instead of once a person.
        self.history_words = _("%(place)s%(kind)s %(span)s")
        self.kind_labels = {value: str(label) for value, label in HistoryKind.choices}
        self.level_labels = {value: str(label) for value, label in RiskLevel.choices}

    def area_matching(self, region_code: str, on: date) -> RiskArea | None:
        return gravest_listed(self.areas_by_code, region_code, on)


def _window(rule: RiskRule, reference: date) -> date:
    return reference - timedelta(days=rule.within_days)


def _history_reason(entry: HistoryEntry, risk_list: RiskList, area: RiskArea | None = None) -> str:
    span = f"{entry.from_date}" + (f" 至 {entry.to_date}" if entry.to_date else "")
    words = risk_list.history_words % {
        "place": entry.region_name or entry.place,
        "kind": risk_list.kind_labels[entry.kind],
        "span": span,
    }
    return f"{words}（{risk_list.level_labels[area.level]}）" if area else words


def _matches(rule, person, entries, readings, risk_list, reference) -> list[str]:
    since = _window(rule, reference)
    if rule.condition == RuleCondition.RISK_AREA_HISTORY:
        reasons = []
        for entry in entries:
            last_day = entry.to_date or entry.from_date
            if entry.kind not in rule.kinds() or not entry.region_code or last_day < since:
                continue
            area = risk_list.area_matching(entry.region_code, last_day)
            if area and RISK_LEVEL_RANK[area.level] >= RISK_LEVEL_RANK[rule.min_level]:
                reasons.append(_history_reason(entry, risk_list, area))
        return reasons
    if rule.condition == RuleCondition.CONTACT_HISTORY:
        return [
            _history_reason(entry, risk_list)
            for entry in entries
            if entry.kind == HistoryKind.CONTACT and (entry.to_date or entry.from_date) >= since
        ]
    if rule.condition == RuleCondition.FEVER:
        hot = [
            reading
            for reading in readings
            if reading.temperature is not None
            and reading.temperature >= rule.temperature_threshold
            and reading.on >= since
        ]
        hottest = max(hot, key=lambda reading: reading.temperature, default=None)
        if hottest is None:
            return []
        return [
            _("发热 %(temperature)s（%(day)s）")
            % {"temperature": hottest.temperature, "day": hottest.on}
        ]
    if rule.condition == RuleCondition.HEALTH_STATE and person.health_state in GRAVE_STATES:
        return [_("健康状态：%(state)s") % {"state": person.get_health_state_display()}]
    return []


def verdict_for(person, entries, readings, risk_list: RiskList) -> Verdict:
    reference = person.last_arrival_on or timezone.localdate()
    reasons, measure = [], ""
    for rule in risk_list.rules:
        matched = _matches(rule, person, entries, readings, risk_list, reference)
        if matched:
            reasons.extend(matched)
            if MEASURE_STRICTNESS[rule.proposed_measure] > MEASURE_STRICTNESS.get(measure, -1):
                measure = rule.proposed_measure
    return Verdict(list(dict.fromkeys(reasons)), measure)


def persons_evaluate(person_ids, *, risk_list: RiskList | None = None) -> int:
    """Evaluate the rules for these persons in a few queries per chunk; returns how many
    changed. Derived data, reproducible from the timelines: written without history. The
    reasons are stored in the district's language, whoever's request set off the check."""
    with translation.override(settings.LANGUAGE_CODE):
        return _evaluate(list(person_ids), risk_list or RiskList())


def _evaluate(ids: list, risk_list: RiskList) -> int:
    changed = 0
    for start in range(0, len(ids), EVALUATION_CHUNK):
        chunk = ids[start : start + EVALUATION_CHUNK]
        entries, readings = defaultdict(list), defaultdict(list)
        for entry in HistoryEntry.objects.filter(person_id__in=chunk):
            entries[entry.person_id].append(entry)
        for reading in HealthStateRecord.objects.filter(
            person_id__in=chunk, temperature__isnull=False
        ):
            readings[reading.person_id].append(reading)
        updates = []
        for person in Person.objects.filter(pk__in=chunk).only(
            "pk",
            "health_state",
            "last_arrival_on",
            "is_key_person",
            "key_reason",
            "proposed_measure",
        ):
            verdict = verdict_for(person, entries[person.pk], readings[person.pk], risk_list)
            reason = "；".join(verdict.reasons)
            if (person.is_key_person, person.key_reason, person.proposed_measure) != (
                verdict.is_key,
                reason,
                verdict.measure,
            ):
                person.is_key_person, person.key_reason = verdict.is_key, reason
                person.proposed_measure = verdict.measure
                updates.append(person)
        Person.objects.bulk_update(
            updates, ["is_key_person", "key_reason", "proposed_measure"], batch_size=500
        )
        changed += len(updates)
    return changed


def person_evaluate(*, person: Person, by=None) -> Person:
    """Re-evaluate one person after his history or health changed."""
    persons_evaluate([person.pk])
    person.refresh_from_db(fields=["is_key_person", "key_reason", "proposed_measure"])
    return person


def persons_to_reevaluate() -> list[int]:
    """Everyone a rule could match or has matched: with history, a temperature reading,
    a grave state, or marked key now."""
    ids = set(HistoryEntry.objects.values_list("person_id", flat=True))
    ids |= set(
        HealthStateRecord.objects.filter(temperature__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    ids |= set(Person.objects.filter(is_key_person=True).values_list("pk", flat=True))
    ids |= set(Person.objects.filter(health_state__in=GRAVE_STATES).values_list("pk", flat=True))
    return sorted(ids)


def _reevaluate_on_commit() -> None:
    from shouwang.people.tasks import reevaluate_all

    transaction.on_commit(lambda: reevaluate_all.enqueue())


# --- the managed list ------------------------------------------------------------------


def risk_area_save(
    *,
    by,
    region_code: str,
    name: str,
    level: str,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
    risk_area: RiskArea | None = None,
) -> RiskArea:
    _check_district_staff(by)
    if not covering_codes(region_code):
        raise field_error("region_code", _("区划代码应为6位数字（GB/T 2260）"))
    if level not in RiskLevel.values:
        raise field_error("level", _("未知的风险等级"))
    if valid_to is not None and valid_to < valid_from:
        raise field_error("valid_to", _("截止日期不能早于生效日期"))
    if not name.strip():
        raise field_error("name", _("请填写名称"))
    risk_area = risk_area or RiskArea()
    risk_area.region_code, risk_area.name, risk_area.level = region_code, name.strip(), level
    risk_area.valid_from, risk_area.valid_to, risk_area.note = valid_from, valid_to, note
    with transaction.atomic():
        risk_area._history_user = by
        risk_area.save()
        _reevaluate_on_commit()
    return risk_area


def risk_area_delete(*, risk_area: RiskArea, by) -> None:
    _check_district_staff(by)
    with transaction.atomic():
        risk_area._history_user = by
        risk_area.delete()
        _reevaluate_on_commit()


RULE_FIELDS = (
    "name",
    "condition",
    "min_level",
    "within_days",
    "history_kinds",
    "temperature_threshold",
    "proposed_measure",
    "is_active",
)


def risk_rule_save(*, by, rule: RiskRule | None = None, **fields) -> RiskRule:
    _check_district_staff(by)
    rule = rule or RiskRule()
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"unknown rule field {name}")
        setattr(rule, name, value)
    if rule.condition not in RuleCondition.values:
        raise field_error("condition", _("未知的条件"))
    if rule.proposed_measure not in Measure.values:
        raise field_error("proposed_measure", _("未知的措施"))
    unknown = rule.kinds() - set(HistoryKind.values)
    if unknown:
        raise field_error(
            "history_kinds", _("未知的历史类型：%(kinds)s") % {"kinds": list_of(sorted(unknown))}
        )
    with transaction.atomic():
        rule._history_user = by
        rule.save()
        _reevaluate_on_commit()
    return rule
