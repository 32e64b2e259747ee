"""Persons from xlsx or CSV: validated row by row, then written as a stream (COPY on
PostgreSQL) for new documents and as updates for documents already registered."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_update_with_history

from shouwang.core import pii
from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction, DocumentType
from shouwang.core.imports import (
    Column,
    Importer,
    ParsedRow,
    ProgressCallback,
    RowError,
    matching_keys,
    register,
)
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE
from shouwang.core.scoping import path_within, scope_paths
from shouwang.demo.loader import PERSON_COLUMNS, write_rows
from shouwang.people.models import Person
from shouwang.people.services import SealedDocument

_DOCUMENT_TYPES = {
    **{value: value for value in DocumentType.values},
    **{str(label): value for value, label in DocumentType.choices},
    "身份证": DocumentType.RESIDENT_ID,
    "护照": DocumentType.PASSPORT,
    "回乡证": DocumentType.HK_MACAO_PERMIT,
    "台胞证": DocumentType.TAIWAN_PERMIT,
}


def _document_type(text: str) -> str:
    try:
        return _DOCUMENT_TYPES[text.strip()]
    except KeyError:
        raise ValidationError(_("未知的证件类型：%(type)s") % {"type": text}) from None


def seal_document_once(row: ParsedRow, label: str, seen: dict[str, int]) -> RowError | None:
    """Seal the row's document into ``values["document"]``; the row's error when the number
    is not valid for its type or an earlier row of the file has it (``seen``: lookup hash to
    row number, which this fills)."""
    values = row.values
    try:
        document = SealedDocument.from_input(values["document_type"], values["document_number"])
    except ValidationError as error:
        return RowError(row.row, label, error.messages[0])
    values["document"] = document
    if document.lookup_hash in seen:
        repeated = _("与第 %(row)d 行证件号码重复") % {"row": seen[document.lookup_hash]}
        return RowError(row.row, label, repeated)
    seen[document.lookup_hash] = row.row
    return None


def _phone(text: str) -> str:
    return pii.validate_phone(text)


def _nationality(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValidationError(_("国籍应为三位字母代码（如 CHN）"))
    return code


@register
class PersonImporter(Importer):
    kind = "people"
    label = _lazy("人员")
    # Whoever may change persons imports them; each row is checked against his scope.
    permission = CHANGE
    columns = (
        Column("name", _lazy("姓名")),
        Column("document_type", _lazy("证件类型"), required=False, parse=_document_type),
        Column(
            "document_number",
            _lazy("证件号码"),
            ("身份证号", "身份证号码"),
            parse=pii.normalise_document,
            mask=lambda value: value[:4] + "****",
        ),
        Column(
            "phone",
            _lazy("联系电话"),
            ("手机号", "电话"),
            required=False,
            parse=_phone,
            mask=pii.mask_phone,
        ),
        Column("building", _lazy("楼栋编码"), ("居住楼栋编码", "楼栋")),
        Column("room", _lazy("房号"), required=False),
        Column("nationality", _lazy("国籍"), required=False, parse=_nationality),
        Column("workplace", _lazy("工作单位"), required=False),
    )

    def __init__(self, *, user=None, area=None, dry_run: bool = False):
        super().__init__(user=user, area=area)
        self.dry_run = dry_run

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        """The document checksum per type, the building within the importer's scope,
        one row per document, and no taking over another jurisdiction's person."""
        errors: list[RowError] = []
        document_label, building_label = self.label_of("document_number"), self.label_of("building")
        buildings = self._buildings()
        seen: dict[str, int] = {}
        for row in rows:
            values = row.values
            values["document_type"] = values.get("document_type") or DocumentType.RESIDENT_ID
            if error := seal_document_once(row, document_label, seen):
                errors.append(error)
                continue
            building = buildings.get(values["building"])
            if building is None:
                errors.append(
                    RowError(row.row, building_label, _("找不到该楼栋，或不在导入范围内"))
                )
                continue
            values["building_id"] = building[0]
        errors.extend(self._foreign_persons(rows, seen))
        return errors

    def _buildings(self) -> dict[str, tuple[int, str]]:
        buildings = Area.objects.filter(level=AreaLevel.BUILDING)
        if self.user is not None:
            buildings = buildings.visible_to(self.user, CHANGE)
        if self.area is not None:
            buildings = buildings.under(self.area)
        return {code: (pk, path) for code, pk, path in buildings.values_list("code", "pk", "path")}

    def _foreign_persons(self, rows, seen: dict[str, int]) -> list[RowError]:
        if self.user is None:
            return []
        paths = scope_paths(self.user, CHANGE)
        errors = []
        for hash_, path in registered_documents(list(seen), "area__path").items():
            if not path_within(path, paths):
                errors.append(
                    RowError(
                        seen[hash_],
                        self.label_of("document_number"),
                        _("该证件号码已在其他辖区登记"),
                    )
                )
        return errors

    def write(self, rows: list[ParsedRow], progress: ProgressCallback | None = None) -> int:
        if self.dry_run:
            return 0
        existing = registered_documents([row.values["document"].lookup_hash for row in rows], "pk")
        new = [row for row in rows if row.values["document"].lookup_hash not in existing]
        now = timezone.now()
        written = write_rows(
            Person._meta.db_table,
            IMPORT_COLUMNS,
            (sealed_row(row.values, now) for row in new),
            progress=progress,
            total=len(rows),
        )
        updated = _update_registered(rows, existing, self.user)
        record_bulk_change(
            user=self.user,
            action=ChangeAction.IMPORT,
            model="people.person",
            count=written + updated,
            area_path=self.area.path if self.area else "",
            description=f"import: {written} new, {updated} updated",
        )
        return written + updated


IMPORT_COLUMNS = (*PERSON_COLUMNS, "room", "nationality", "workplace")


def registered_documents(hashes: list[str], value: str = "pk") -> dict[str, object]:
    """Document hash to ``value`` for the persons already registered with these hashes."""
    found = {}
    for persons in matching_keys(Person.objects.all(), "document_hash", hashes):
        found.update(persons.values_list("document_hash", value))
    return found


def _sealed_phone(phone: str | None) -> tuple[str, str, str]:
    if not phone:
        return "", "", ""
    return pii.encrypt(phone), pii.phone_hash(phone), pii.mask_phone(phone)


def sealed_row(values: dict, now) -> tuple:
    document = values["document"]
    sex, birth = document.derived_sex_and_birth()
    return (
        values["name"].strip(),
        document.document_type,
        pii.encrypt(document.normalised),
        document.lookup_hash,
        document.masked,
        *_sealed_phone(values.get("phone")),
        sex,
        birth,
        values["building_id"],
        values["building_id"],
        now,
        now,
        values.get("room") or "",
        values.get("nationality") or "CHN",
        values.get("workplace") or "",
    )


_UPDATED_FIELDS = [
    "name",
    "area",
    "home_building",
    "phone",
    "phone_hash",
    "phone_masked",
    "room",
    "nationality",
    "workplace",
    "updated_at",
]


def _update_registered(rows: list[ParsedRow], existing: dict[str, int], user) -> int:
    """A document already registered: its record takes the file's name and building, and
    the phone, room, nationality and workplace the file gives; an empty cell keeps what
    the register holds. Each person's history records the change."""
    pks = {
        row.values["document"].lookup_hash: existing[row.values["document"].lookup_hash]
        for row in rows
        if row.values["document"].lookup_hash in existing
    }
    stored = {
        person.pk: person
        for part in matching_keys(Person.objects.all(), "pk", list(pks.values()))
        for person in part
    }
    persons, now = [], timezone.now()
    for row in rows:
        person = stored.get(pks.get(row.values["document"].lookup_hash))
        if person is None:
            continue
        values = row.values
        person.name = values["name"].strip()
        person.area_id = person.home_building_id = values["building_id"]
        if values.get("phone"):
            phone = values["phone"]
            person.phone, person.phone_hash = phone, pii.phone_hash(phone)
            person.phone_masked = pii.mask_phone(phone)
        for field in ("room", "nationality", "workplace"):
            if values.get(field):
                setattr(person, field, values[field])
        person.updated_at = now
        persons.append(person)
    bulk_update_with_history(persons, Person, _UPDATED_FIELDS, batch_size=1000, default_user=user)
    return len(persons)
