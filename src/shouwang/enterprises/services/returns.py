"""Employees' return: an enterprise's employee list, routing the ones under a measure to
the people register, and the return trips (trains, chartered buses) that bring them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction, DocumentType
from shouwang.core.errors import field_error
from shouwang.core.imports import Column, Importer, ParsedRow, RowError
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_FILE, ENTERPRISE_SERVE
from shouwang.core.scoping import ensure_visible
from shouwang.enterprises.choices import TripKind
from shouwang.enterprises.models import Employee, Enterprise, ReturnTrip
from shouwang.people.choices import MEASURE_STRICTNESS, Measure, RiskLevel
from shouwang.people.models import Person
from shouwang.people.regions import resolve_region
from shouwang.people.selectors import risk_area_matching
from shouwang.people.services import community_alert, measure_change, person_register

#: The measure a return from a risk area puts a worker under, by the area's level.
MEASURE_FOR_RISK = {
    RiskLevel.HIGH: Measure.CENTRALISED_QUARANTINE,
    RiskLevel.MEDIUM: Measure.HOME_ISOLATION,
    RiskLevel.LOW: Measure.HEALTH_MONITORING,
}
ROUTED_MEASURES = frozenset(Measure.values) - {Measure.NONE, Measure.RELEASED}


def return_trip_create(
    *, area: Area, kind: str, code: str, origin: str, arrival_date: date, note: str = "", by
) -> ReturnTrip:
    if kind not in TripKind.values:
        raise field_error("kind", _("未知的车次类型"))
    if not code.strip():
        raise field_error("code", _("请填写车次或车牌"))
    if not origin.strip():
        raise field_error("origin", _("请填写始发地"))
    with transaction.atomic():
        if ReturnTrip.objects.filter(code=code.strip(), arrival_date=arrival_date).exists():
            raise field_error("code", _("同一天已有该车次"))
        trip = ReturnTrip(
            area=area,
            kind=kind,
            code=code.strip(),
            origin=origin.strip(),
            arrival_date=arrival_date,
            note=note.strip(),
        )
        trip._history_user = by
        trip.save()
        ensure_visible(by, trip, ENTERPRISE_SERVE)
    return trip


# --- the employee list ------------------------------------------------------------------


def _parse_document_type(text: str) -> str:
    for value, label in DocumentType.choices:
        if text in (value, str(label)):
            return value
    raise ValidationError(_("未知的证件类型：%(value)s") % {"value": text})


def _parse_measure(text: str) -> str:
    for value, label in Measure.choices:
        if text in (value, str(label)):
            return value
    raise ValidationError(_("未知的管控措施：%(value)s") % {"value": text})


def _parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise ValidationError(_("日期格式应为 2020-02-18")) from None
    if day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天"))
    return day


def _parse_phone(text: str) -> str:
    return pii.validate_phone(text)


def measure_from_history(origin: str, arrival: date | None) -> tuple[str, str]:
    """The measure an origin in a risk area calls for on arrival, and the reason in words."""
    if not origin or arrival is None:
        return Measure.NONE, ""
    region = resolve_region(origin)
    if region is None:
        return Measure.NONE, ""
    code, name = region
    risk_area = risk_area_matching(code, arrival)
    if risk_area is None:
        return Measure.NONE, ""
    reason = _("%(day)s 自%(place)s（%(level)s）返岗") % {
        "day": arrival,
        "place": name,
        "level": risk_area.get_level_display(),
    }
    return MEASURE_FOR_RISK[risk_area.level], reason


class EmployeeImporter(Importer):
    """An enterprise's employee list. Constructed per upload with its enterprise; not on
    the shared import page, which knows nothing of enterprises."""

    kind = "enterprise_employees"
    label = _lazy("企业员工名单")
    columns = (
        Column("name", _lazy("姓名")),
        Column("document_type", _lazy("证件类型"), required=False, parse=_parse_document_type),
        Column("document_number", _lazy("证件号码"), ("身份证号", "身份证号码")),
        Column("phone", _lazy("联系电话"), ("手机", "手机号"), required=False, parse=_parse_phone),
        Column("origin", _lazy("出发地"), ("从何地返回", "来自"), required=False),
        Column(
            "arrival_date", _lazy("返岗抵达日期"), ("抵达日期",), required=False, parse=_parse_date
        ),
        Column("measure", _lazy("管控措施"), required=False, parse=_parse_measure),
        Column("trip", _lazy("返岗车次"), ("车次",), required=False),
    )

    def __init__(self, *, enterprise: Enterprise, user=None):
        super().__init__(user=user, area=enterprise.area)
        self.enterprise = enterprise

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        errors = []
        seen: dict[str, int] = {}
        trip_codes = {row.values.get("trip") for row in rows} - {None}
        trips: dict[str, list[ReturnTrip]] = {}
        for trip in ReturnTrip.objects.filter(code__in=trip_codes).order_by("arrival_date"):
            trips.setdefault(trip.code, []).append(trip)
        label = self.label_of("document_number")
        for row in rows:
            values = row.values
            document_type = values.get("document_type") or DocumentType.RESIDENT_ID
            try:
                number = pii.validate_document(document_type, values["document_number"])
            except ValidationError as error:
                errors.append(RowError(row.row, label, error.messages[0]))
                continue
            values["document_type"], values["document_number"] = document_type, number
            values["document_hash"] = pii.document_hash(document_type, number)
            if values["document_hash"] in seen:
                errors.append(
                    RowError(
                        row.row,
                        label,
                        _("与第 %(row)d 行重复") % {"row": seen[values["document_hash"]]},
                    )
                )
            seen.setdefault(values["document_hash"], row.row)
            if values.get("trip"):
                trip, error = _trip_of(trips.get(values["trip"], []), values.get("arrival_date"))
                if error:
                    errors.append(RowError(row.row, self.label_of("trip"), error))
                values["trip"] = trip
        return errors

    def write(self, rows: list[ParsedRow], progress=None) -> int:
        existing = {e.document_hash: e for e in self.enterprise.staff.all()}
        routed = 0
        for row in rows:
            values = row.values
            employee = existing.get(values["document_hash"]) or Employee(
                enterprise=self.enterprise, document_hash=values["document_hash"]
            )
            employee.area = self.enterprise.area
            employee.name = values["name"]
            employee.document_type = values["document_type"]
            employee.document_number = values["document_number"]
            employee.document_masked = pii.mask_document(
                values["document_type"], values["document_number"]
            )
            phone = values.get("phone") or ""
            employee.phone, employee.phone_masked = phone, pii.mask_phone(phone) if phone else ""
            employee.origin = values.get("origin") or ""
            region = resolve_region(employee.origin) if employee.origin else None
            employee.origin_region_code = region[0] if region else ""
            employee.arrival_date = values.get("arrival_date")
            employee.return_trip = values.get("trip")
            measure, reason = measure_from_history(employee.origin, employee.arrival_date)
            if values.get("measure"):
                measure, reason = values["measure"], _("企业员工名单申报")
            employee._history_user = self.user
            employee.save()
            if measure in ROUTED_MEASURES:
                employee_route(employee=employee, measure=measure, reason=reason, by=self.user)
                routed += 1
        record_bulk_change(
            user=self.user,
            action=ChangeAction.IMPORT,
            model="enterprises.employee",
            count=len(rows),
            area_path=self.enterprise.area.path,
            description=f"{self.enterprise.name}: {len(rows)} employees, {routed} routed",
        )
        ensure_visible(self.user, self.enterprise, ENTERPRISE_FILE)
        return len(rows)


def _trip_of(trips: list[ReturnTrip], arrival: date | None) -> tuple[ReturnTrip | None, str]:
    """The trip of that code the employee came on: the one arriving on his arrival date; a
    code that runs on several days needs the date. (trip, error)."""
    if not trips:
        return None, _("没有这个返岗车次")
    if arrival is not None:
        on_the_day = [trip for trip in trips if trip.arrival_date == arrival]
        if on_the_day:
            return on_the_day[0], ""
        return None, _("该车次没有 %(day)s 抵达的班次") % {"day": arrival}
    if len(trips) > 1:
        return None, _("该车次有多个抵达日期，请填写返岗抵达日期")
    return trips[0], ""


def employee_route(*, employee: Employee, measure: str, reason: str, by) -> Person:
    """Put an employee under ``measure`` in the people register: his existing record if
    the register knows his document, a new one (at his enterprise) if not; never a second.

    The register's writes run as a system job: the enterprise user who uploaded the list
    holds no rights over the people register, and the person may live in any street.
    The upload itself is audited with its uploader, and the community is alerted.
    So an enterprise's list only ever makes a measure stricter: lifting or easing one is
    the community's decision on the person's own record.
    """
    with transaction.atomic():
        person = Person.objects.filter(document_hash=employee.document_hash).first()
        if person is None:
            person, _created = person_register(
                name=employee.name,
                document_type=employee.document_type,
                document_number=employee.document_number,
                phone=employee.phone,
                area=employee.area,
                workplace=employee.enterprise.name,
                by=None,
            )
        stricter = MEASURE_STRICTNESS[measure] > MEASURE_STRICTNESS[person.measure]
        if stricter:
            _change_measure(person, measure, employee.arrival_date, reason)
            community_alert(
                person=person,
                kind="enterprise_employee_measure",
                title=_("%(enterprise)s 员工 %(name)s 需%(measure)s")
                % {
                    "enterprise": employee.enterprise.name,
                    "name": person.name,
                    "measure": Measure(measure).label,
                },
                body=reason,
            )
        employee.person = person
        employee.measure = measure if stricter else person.measure
        employee._history_user = by
        employee.save(update_fields=["person", "measure"])
    return person


def _change_measure(person: Person, measure: str, arrival: date | None, reason: str) -> None:
    """From the day of arrival; from today if the person's current measure began later."""
    today = timezone.localdate()
    try:
        measure_change(
            person=person, measure=measure, start=arrival or today, reason=reason, by=None
        )
    except ValidationError as error:
        if "start" not in getattr(error, "error_dict", {}):
            raise
        measure_change(person=person, measure=measure, start=today, reason=reason, by=None)
