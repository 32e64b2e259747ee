"""One timeline of everything about a person. Other modules add their entries by
registering a source (isolation adds its orders and follow-ups)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from shouwang.core.text import bracketed
from shouwang.people.models import Episode, HealthStateRecord, HistoryEntry, MeasureRecord


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # a short label: "措施", "健康", "旅居史"...
    text: str
    link: str = ""
    warning: str = ""
    #: Where whoever may change the person corrects what the warning is about.
    correction: str = ""


TimelineSource = Callable[[object], list[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def _own_entries(person) -> list[TimelineEntry]:
    entries = []
    for record in MeasureRecord.objects.filter(person=person):
        span = f"{record.start} – {record.end or ''}"
        entries.append(
            TimelineEntry(
                record.start,
                str(MeasureRecord._meta.verbose_name),
                f"{record.get_measure_display()}{bracketed(span)} {record.reason}".rstrip(),
            )
        )
    for record in HealthStateRecord.objects.filter(person=person):
        temperature = f" {record.temperature} °C" if record.temperature is not None else ""
        entries.append(
            TimelineEntry(
                record.on,
                str(HealthStateRecord._meta.verbose_name),
                f"{record.get_state_display()}{temperature} · {record.get_source_display()}",
            )
        )
    for episode in Episode.objects.filter(person=person):
        origin = f" {episode.origin}" if episode.origin else ""
        entries.append(
            TimelineEntry(
                episode.started_on, episode.get_kind_display(), f"{origin} {episode.note}".strip()
            )
        )
    for entry in HistoryEntry.objects.filter(person=person):
        code = bracketed(entry.region_code) if entry.region_code else ""
        entries.append(
            TimelineEntry(
                entry.from_date,
                entry.get_kind_display(),
                f"{entry.place}{code} {entry.from_date} – {entry.to_date or ''}",
                # The risk-area rules match region codes: a place without one never matches.
                warning="" if entry.region_code else _("未识别的地区：不参与风险地区比对"),
                correction=""
                if entry.region_code
                else reverse("people:history_place_correct", args=[person.pk, entry.pk]),
            )
        )
    return entries


def person_timeline(person) -> list[TimelineEntry]:
    """Newest first. A handful of queries, one per kind of entry."""
    entries = _own_entries(person)
    for source in _SOURCES:
        entries.extend(source(person))
    return sorted(entries, key=lambda entry: entry.day, reverse=True)
