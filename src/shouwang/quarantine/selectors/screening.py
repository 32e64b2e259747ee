"""Reads of screening events and the event report."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from shouwang.core.roles import MANAGE_POSTS, PORT_DUTY
from shouwang.core.scoping import scope_paths, subtree_q
from shouwang.people.health import FEVER_AT
from shouwang.people.models import HistoryEntry
from shouwang.quarantine.manifest import manifest_history
from shouwang.quarantine.models import ScreeningEntry, ScreeningEvent


def events_for_duty(user):
    """Events where the user screens (port duty) or organises (manages posts)."""
    events = ScreeningEvent.objects.select_related("area")
    condition = Q(pk__in=[])
    for permission in (PORT_DUTY, MANAGE_POSTS):
        paths = scope_paths(user, permission)
        if paths is None:
            return events
        condition |= subtree_q("area__path", paths)
    return events.filter(condition)


def event_for_duty(user, pk: int) -> ScreeningEvent:
    found = events_for_duty(user).filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found


def entry_for_screening(event: ScreeningEvent, key: str):
    """A manifest entry by its row number or its document (a scanner types the document)."""
    from shouwang.core import pii
    from shouwang.core.choices import DocumentType

    key = key.strip()
    entries = ScreeningEntry.objects.filter(event=event).select_related("person", "event")
    if key.isdigit() and len(key) <= 6:
        return entries.filter(row=int(key)).first()
    normalised = pii.normalise_document(key)
    hashes = [pii.document_hash(kind, normalised) for kind in DocumentType.values]
    return entries.filter(person__document_hash__in=hashes).first()


@dataclass
class EventReport:
    event: ScreeningEvent
    on_manifest: int
    screened: int
    fevers: int
    flagged: int
    placed: int
    not_placed: int
    per_site: list
    reasons: list
    flagged_entries: list


def screening_report(event: ScreeningEvent, *, limit: int = 500) -> EventReport:
    """Screened, flagged with reasons, placed per site, not yet placed. Four queries."""
    entries = ScreeningEntry.objects.filter(event=event)
    counts = entries.aggregate(
        total=Count("id"),
        screened=Count("id", filter=Q(temperature__isnull=False)),
        fevers=Count("id", filter=Q(temperature__gte=FEVER_AT)),
        flagged_count=Count("id", filter=Q(flagged=True)),
        placed=Count("id", filter=Q(flagged=True, stay__isnull=False)),
    )
    per_site = list(
        entries.filter(stay__isnull=False)
        .values_list("stay__site__name")
        .annotate(n=Count("id"))
        .order_by("stay__site__name")
    )
    flagged = list(
        entries.filter(flagged=True)
        .select_related("stay__site", "stay__room")
        .order_by("row")[:limit]
    )
    reasons = Counter()
    for entry in flagged:
        for reason in entry.reasons.split("；"):
            if reason:
                reasons[reason.split(" ")[0]] += 1
    return EventReport(
        event=event,
        on_manifest=counts["total"],
        screened=counts["screened"],
        fevers=counts["fevers"],
        flagged=counts["flagged_count"],
        placed=counts["placed"],
        not_placed=counts["flagged_count"] - counts["placed"],
        per_site=per_site,
        reasons=reasons.most_common(20),
        flagged_entries=flagged,
    )


#: Rows named for each unresolved place; a place abroad may be on hundreds.
ROWS_SHOWN = 10


@dataclass(frozen=True)
class UnresolvedPlace:
    place: str
    rows: list[int]  # the manifest's rows that name it

    @property
    def rows_shown(self) -> list[int]:
        return self.rows[:ROWS_SHOWN]

    @property
    def rows_not_shown(self) -> int:
        return max(len(self.rows) - ROWS_SHOWN, 0)


def unresolved_places(event: ScreeningEvent) -> list[UnresolvedPlace]:
    """The places of the manifest's history that name no region in China (a typo, a place
    abroad), the most frequent first, with the rows that name them. The risk-area rules
    match regions, so these are never matched when the event is flagged: the staff see
    them before. Only what this manifest wrote, not the persons' other history."""
    row = ScreeningEntry.objects.filter(event=event, person_id=OuterRef("person_id"))
    found = (
        HistoryEntry.objects.filter(
            person_id__in=ScreeningEntry.objects.filter(event=event).values("person_id"),
            region_code="",
            **manifest_history(event),
        )
        .annotate(row=Subquery(row.values("row")[:1]))
        .values_list("place", "row")
    )
    rows = defaultdict(set)
    for place, on_row in found:
        rows[place].add(on_row)
    places = [UnresolvedPlace(place, sorted(numbers)) for place, numbers in rows.items()]
    return sorted(places, key=lambda place: (-len(place.rows), place.place))


def entries_to_screen(event: ScreeningEvent, limit: int = 20):
    return ScreeningEntry.objects.filter(event=event, temperature__isnull=True).order_by("row")[
        :limit
    ]
