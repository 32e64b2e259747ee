"""Writes to the people register: register once, update, reveal a sealed value."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, DELETE, REVEAL
from shouwang.core.scoping import ensure_visible, get_visible_or_404, holds
from shouwang.core.services.reveal import reveal_sealed
from shouwang.people.choices import Sex
from shouwang.people.models import Person

REVEALABLE_FIELDS = frozenset({"document_number", "phone"})
DETAIL_FIELDS = ("nationality", "room", "workplace")


@dataclass(frozen=True)
class SealedDocument:
    """A validated document number in the three forms a Person stores."""

    document_type: str
    normalised: str
    lookup_hash: str
    masked: str

    @classmethod
    def from_input(cls, document_type: str, number: str) -> "SealedDocument":
        try:
            normalised = pii.validate_document(document_type, number)
        except ValidationError as error:
            raise field_error("document_number", error.messages[0]) from None
        return cls(
            document_type,
            normalised,
            pii.document_hash(document_type, normalised),
            pii.mask_document(document_type, normalised),
        )

    def derived_sex_and_birth(self) -> tuple[str, object]:
        if self.document_type != DocumentType.RESIDENT_ID:
            return Sex.UNKNOWN, None
        number = self.normalised
        return pii.resident_id_sex(number), pii.resident_id_birth_date(number)


def _apply_phone(person: Person, phone: str) -> None:
    if phone:
        try:
            normalised = pii.validate_phone(phone)
        except ValidationError as error:
            raise field_error("phone", error.messages[0]) from None
        person.phone = normalised
        person.phone_hash = pii.phone_hash(normalised)
        person.phone_masked = pii.mask_phone(normalised)
    else:
        person.phone = person.phone_hash = person.phone_masked = ""


def _apply_place(person: Person, area: Area, home_building: Area | None) -> None:
    if home_building is not None:
        if home_building.level != AreaLevel.BUILDING:
            raise field_error("home_building", _("居住楼栋必须是楼栋一级的区域"))
        area = home_building  # a record points at the lowest area it belongs to
    person.area, person.home_building = area, home_building


def _check_name(name: str) -> None:
    if not name.strip():
        raise field_error("name", _("姓名不能为空"))


def _apply_details(person: Person, details: dict) -> None:
    """Optional fields: those passed as None keep their value."""
    for field in DETAIL_FIELDS:
        value = details.get(field)
        if value is not None:
            setattr(
                person, field, value.strip().upper() if field == "nationality" else value.strip()
            )
    if not re.fullmatch(r"[A-Z]{3}", person.nationality):
        raise field_error("nationality", _("国籍应为三位字母代码（如 CHN）"))


def _save(
    person: Person,
    *,
    name: str,
    phone: str,
    area: Area,
    home_building,
    by,
    details=None,
    keep_blank: bool = False,
) -> None:
    """The writes register and update share; the caller holds the transaction. With
    ``keep_blank``, an empty phone or detail keeps the stored one instead of clearing it."""
    person.name = name.strip()
    if phone.strip() or not keep_blank:
        _apply_phone(person, phone)
    _apply_place(person, area, home_building)
    details = details or {}
    if keep_blank:
        details = {key: value for key, value in details.items() if value and value.strip()}
    _apply_details(person, details)
    person._history_user = by
    person.save()
    ensure_visible(by, person, CHANGE)


def person_register(
    *,
    name: str,
    document_type: str,
    document_number: str,
    area: Area,
    by,
    phone: str = "",
    home_building: Area | None = None,
    nationality: str | None = None,
    room: str | None = None,
    workplace: str | None = None,
) -> tuple[Person, bool]:
    """Create the person, or update the one already registered with this document."""
    document = SealedDocument.from_input(document_type, document_number)
    _check_name(name)
    fields = {
        "name": name,
        "phone": phone,
        "area": area,
        "home_building": home_building,
        "by": by,
        "details": {"nationality": nationality, "room": room, "workplace": workplace},
    }
    try:
        return _register(document, **fields)
    except IntegrityError:
        # Two registrations of one new document at the same moment: the unique hash let
        # one in; the other now finds it and updates it.
        return _register(document, **fields)


def _register(document: SealedDocument, *, name, phone, area, home_building, by, details):
    with transaction.atomic():
        person = (
            Person.objects.select_for_update().filter(document_hash=document.lookup_hash).first()
        )
        created = person is None
        if created:
            person = Person(
                document_type=document.document_type,
                document_number=document.normalised,
                document_hash=document.lookup_hash,
                document_masked=document.masked,
            )
            person.sex, person.birth_date = document.derived_sex_and_birth()
        elif by is not None and not holds(by, CHANGE, person):
            # Staff are told plainly (a 404 would puzzle them and tell them the same);
            # the public self-declaration form never says whether a person exists.
            raise field_error(
                "document_number",
                _(
                    "该证件号码已在其他辖区登记。如该人员已迁入本辖区，"
                    "请联系其原所在社区或上级办理迁移。"
                ),
            )
        # Registering someone already on the register (a checkpoint, a declaration, a
        # second grid worker) fills in what it gives and never erases a phone it lacks.
        _save(
            person,
            name=name,
            phone=phone,
            area=area,
            home_building=home_building,
            by=by,
            details=details,
            keep_blank=not created,
        )
    return person, created


def person_update(
    *,
    person: Person,
    name: str,
    phone: str,
    area: Area,
    home_building: Area | None,
    by,
    nationality: str | None = None,
    room: str | None = None,
    workplace: str | None = None,
) -> Person:
    _check_name(name)
    details = {"nationality": nationality, "room": room, "workplace": workplace}
    with transaction.atomic():
        _save(
            person,
            name=name,
            phone=phone,
            area=area,
            home_building=home_building,
            by=by,
            details=details,
        )
    return person


def person_delete(*, person: Person, by) -> None:
    with transaction.atomic():
        ensure_visible(by, person, DELETE)
        person._history_user = by
        person.delete()


def person_reveal(*, person_id: int, field: str, reason: str, by, request=None) -> str:
    """The full value of one sealed field, for a user allowed to see it, logged."""
    if field not in REVEALABLE_FIELDS:
        raise field_error("field", _("该字段不可查看"))
    person = get_visible_or_404(Person.objects, by, REVEAL, pk=person_id)
    return reveal_sealed(instance=person, field=field, reason=reason, by=by, request=request)
