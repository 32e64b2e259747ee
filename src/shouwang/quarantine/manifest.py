"""The manifest of a screening event on the core import framework: a ship's or a train's
list (xlsx or CSV in UTF-8, UTF-8 with BOM or GB18030), thousands to tens of thousands of
rows, checked row by row and written in bulk.

Every row ends in the people register exactly once (a known document reuses its person,
a new one is written with COPY), with an arrival or screening episode, its travel,
residence and contact history resolved to region codes, the temperature when the file
has one, and one ``ScreeningEntry`` of the event.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction, DocumentType
from shouwang.core.imports import (
    Column,
    Importer,
    ParsedRow,
    ProgressCallback,
    RowError,
    matching_keys,
    register,
)
from shouwang.demo.loader import PERSON_COLUMNS, write_rows
from shouwang.people.choices import EpisodeKind, HealthSource, HealthState, HistoryKind
from shouwang.people.health import checked_temperature, is_fever
from shouwang.people.importers import (
    _document_type,
    _nationality,
    registered_documents,
    seal_document_once,
)
from shouwang.people.models import Episode, HealthStateRecord, HistoryEntry, Person
from shouwang.people.regions import places_of, resolve_region
from shouwang.quarantine.choices import EventKind, ManifestRole
from shouwang.quarantine.models import ManifestUpload, ScreeningEntry, ScreeningEvent

HISTORY_DAYS = 14
_RESIDENT_SHAPE = re.compile(r"^\d{17}[\dX]$")
_ROLES = {
    **{value: value for value in ManifestRole.values},
    **{str(label): value for value, label in ManifestRole.choices},
    "旅客": ManifestRole.PASSENGER,
    "乘客": ManifestRole.PASSENGER,
    "船员": ManifestRole.CREW,
    "乘务": ManifestRole.CREW,
    "crew": ManifestRole.CREW,
}
_HISTORY_COLUMNS = (
    ("travel_history", HistoryKind.TRAVEL),
    ("residence_history", HistoryKind.RESIDENCE),
    ("contact_history", HistoryKind.CONTACT),
)


def manifest_history(event: ScreeningEvent) -> dict:
    """The span and note of the history a manifest writes for its event: how its entries
    are told from the persons' other history."""
    return {
        "from_date": event.held_on - timedelta(days=HISTORY_DAYS),
        "to_date": event.held_on,
        "note": event.name[:300],
    }


def _role(text: str) -> str:
    try:
        return _ROLES[text.strip()]
    except KeyError:
        raise ValidationError(_("身份应为旅客或船员")) from None


def _temperature(text: str):
    try:
        return checked_temperature(text)
    except ValidationError as error:
        raise ValidationError(error.messages[0]) from None


def _guessed_type(number: str) -> str:
    """Without a type column: 18 characters of digits (and X) are a resident ID, anything
    else a passport, which is what a ship's or a train's manifest holds."""
    return DocumentType.RESIDENT_ID if _RESIDENT_SHAPE.match(number) else DocumentType.PASSPORT


@register
class ManifestImporter(Importer):
    kind = "screening_manifest"
    label = gettext_lazy("筛查名单")
    permission = None  # uploaded from the event's page, not the shared import page
    columns = (
        Column("name", gettext_lazy("姓名")),
        Column("document_type", gettext_lazy("证件类型"), required=False, parse=_document_type),
        Column(
            "document_number",
            gettext_lazy("证件号码"),
            ("身份证号", "护照号"),
            parse=pii.normalise_document,
            mask=lambda value: value[:4] + "****",
        ),
        Column("nationality", gettext_lazy("国籍"), required=False, parse=_nationality),
        Column(
            "group",
            gettext_lazy("舱位/分组"),
            ("舱号", "舱位", "房号", "分组", "家庭"),
            required=False,
        ),
        Column("role", gettext_lazy("身份"), ("旅客/船员",), required=False, parse=_role),
        Column("home_region", gettext_lazy("常住地"), ("籍贯", "居住地"), required=False),
        Column("travel_history", gettext_lazy("旅行史"), ("14天旅行史",), required=False),
        Column("residence_history", gettext_lazy("居住史"), required=False),
        Column("contact_history", gettext_lazy("接触史"), required=False),
        Column("temperature", gettext_lazy("体温"), required=False, parse=_temperature),
    )

    def __init__(self, *, event: ScreeningEvent, user=None):
        super().__init__(user=user, area=event.area)
        self.event = event

    @classmethod
    def for_job(cls, job) -> "ManifestImporter":
        upload = ManifestUpload.objects.select_related("event__area").get(job=job)
        return cls(event=upload.event, user=job.created_by)

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        """Documents by type, duplicates in the file and on the event already, and every
        place named (home region, history) found in GB/T 2260."""
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        document_label = self.label_of("document_number")
        for row in rows:
            values = row.values
            values["document_type"] = values.get("document_type") or _guessed_type(
                values["document_number"]
            )
            if error := seal_document_once(row, document_label, seen):
                errors.append(error)
                continue
            errors.extend(self._places(row))
        errors.extend(self._already_listed(seen))
        return errors

    def _places(self, row: ParsedRow) -> list[RowError]:
        """A Chinese national's home region must be found in GB/T 2260; history places are
        kept as written, with their code when they are in China (abroad has none)."""
        errors, values = [], row.values
        home = (values.get("home_region") or "").strip()
        region = resolve_region(home) if home else None
        if home and region is None and (values.get("nationality") or "CHN") == "CHN":
            errors.append(
                RowError(
                    row.row,
                    self.label_of("home_region"),
                    _("无法识别的地区：%(place)s") % {"place": home},
                )
            )
        values["home_region_code"] = region[0] if region else ""
        values["history"] = [
            (kind, place, resolve_region(place))
            for key, kind in _HISTORY_COLUMNS
            for place in places_of(values.get(key) or "")
        ]
        return errors

    def _already_listed(self, seen: dict[str, int]) -> list[RowError]:
        listed = set()
        on_event = ScreeningEntry.objects.filter(event=self.event)
        for entries in matching_keys(on_event, "person__document_hash", list(seen)):
            listed.update(entries.values_list("person__document_hash", flat=True))
        label = self.label_of("document_number")
        return [RowError(seen[h], label, _("已在本次筛查名单中")) for h in sorted(listed)]

    def write(self, rows: list[ParsedRow], progress: ProgressCallback | None = None) -> int:
        event, now = self.event, timezone.now()
        person_ids = self._persons(rows, now, progress)
        self._timelines(rows, person_ids, now)
        write_rows(
            ScreeningEntry._meta.db_table,
            ENTRY_COLUMNS,
            (_entry_row(event, row, person_ids) for row in rows),
        )
        record_bulk_change(
            user=self.user,
            action=ChangeAction.IMPORT,
            model="quarantine.screeningentry",
            count=len(rows),
            area_path=event.area.path,
            description=f"manifest of {event.name}: {len(rows)} rows",
        )
        if progress:
            progress(len(rows), len(rows))
        return len(rows)

    def _persons(self, rows, now, progress) -> dict[str, int]:
        """Document hash -> person id; the unknown documents written with COPY."""
        hashes = [row.values["document"].lookup_hash for row in rows]
        known = registered_documents(hashes)
        new = [row for row in rows if row.values["document"].lookup_hash not in known]
        written = write_rows(
            Person._meta.db_table,
            (*PERSON_COLUMNS, "nationality"),
            (_person_row(row.values, self.event.area_id, now) for row in new),
            progress=progress,
            total=len(rows),
        )
        if written:
            known.update(registered_documents([row.values["document"].lookup_hash for row in new]))
            record_bulk_change(
                user=self.user,
                action=ChangeAction.IMPORT,
                model="people.person",
                count=written,
                area_path=self.event.area.path,
                description=f"manifest of {self.event.name}: {written} new persons",
            )
        return known

    def _timelines(self, rows, person_ids: dict[str, int], now) -> None:
        """Each person's arrival (a ship or a train) or screening, his history and his
        temperature, in bulk. The rules are evaluated when the event is flagged."""
        event = self.event
        user_id = getattr(self.user, "pk", None)
        arrival = event.kind in (EventKind.SHIP, EventKind.TRAIN)
        kind = EpisodeKind.ARRIVAL if arrival else EpisodeKind.SCREENING
        written = manifest_history(event)
        ids = [person_ids[row.values["document"].lookup_hash] for row in rows]
        write_rows(
            Episode._meta.db_table,
            (
                "person_id",
                "recorded_by_id",
                "created_at",
                "kind",
                "started_on",
                "origin",
                "origin_code",
                "note",
            ),
            ((pk, user_id, now, kind, event.held_on, "", "", event.name[:300]) for pk in ids),
        )
        write_rows(
            HistoryEntry._meta.db_table,
            (
                "person_id",
                "recorded_by_id",
                "created_at",
                "kind",
                "place",
                "region_code",
                "region_name",
                "from_date",
                "to_date",
                "note",
            ),
            (
                (
                    person_ids[row.values["document"].lookup_hash],
                    user_id,
                    now,
                    kind_,
                    place[:100],
                    found[0] if found else "",
                    (found[1] if found else "")[:60],
                    written["from_date"],
                    written["to_date"],
                    written["note"],
                )
                for row in rows
                for kind_, place, found in row.values["history"]
            ),
        )
        readings = [
            (person_ids[row.values["document"].lookup_hash], row.values["temperature"])
            for row in rows
            if row.values.get("temperature") is not None
        ]
        write_rows(
            HealthStateRecord._meta.db_table,
            ("person_id", "recorded_by_id", "created_at", "state", "on", "temperature", "source"),
            (
                (
                    pk,
                    user_id,
                    now,
                    HealthState.FEVER if is_fever(t) else HealthState.NORMAL,
                    event.held_on,
                    t,
                    HealthSource.STAFF,
                )
                for pk, t in readings
            ),
        )
        fevers = [pk for pk, t in readings if is_fever(t)]
        if arrival:
            earlier = Person.objects.exclude(last_arrival_on__gte=event.held_on)
            for persons in matching_keys(earlier, "pk", ids):
                persons.update(last_arrival_on=event.held_on)
        Person.objects.filter(pk__in=fevers, health_state=HealthState.NORMAL).update(
            health_state=HealthState.FEVER
        )


def _person_row(values: dict, area_id: int, now) -> tuple:
    document = values["document"]
    sex, birth = document.derived_sex_and_birth()
    return (
        values["name"].strip()[:50],
        document.document_type,
        pii.encrypt(document.normalised),
        document.lookup_hash,
        document.masked,
        "",
        "",
        "",
        sex,
        birth,
        None,
        area_id,
        now,
        now,
        values.get("nationality") or "CHN",
    )


ENTRY_COLUMNS = (
    "event_id",
    "area_id",
    "person_id",
    "row",
    "name",
    "document_masked",
    "nationality",
    "group",
    "role",
    "home_region",
    "home_region_code",
    "travel_history",
    "residence_history",
    "contact_history",
    "temperature",
    "flagged",
    "reasons",
)


def _entry_row(event: ScreeningEvent, row: ParsedRow, person_ids: dict[str, int]) -> tuple:
    values = row.values
    document = values["document"]
    return (
        event.pk,
        event.area_id,
        person_ids[document.lookup_hash],
        row.row,
        values["name"].strip()[:50],
        document.masked,
        values.get("nationality") or "CHN",
        (values.get("group") or "")[:30],
        values.get("role") or ManifestRole.PASSENGER,
        (values.get("home_region") or "")[:100],
        values.get("home_region_code") or "",
        (values.get("travel_history") or "")[:200],
        (values.get("residence_history") or "")[:200],
        (values.get("contact_history") or "")[:200],
        values.get("temperature"),
        False,
        "",
    )
