"""Self-declaration from a community's QR code: the public form, its rate limit, and the
review that turns a declaration into the register's records."""

import uuid
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.choices import AreaLevel
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE
from shouwang.core.scoping import ensure_visible
from shouwang.people.choices import (
    DeclarationStatus,
    EpisodeKind,
    HealthSource,
    HealthState,
    HistoryKind,
)
from shouwang.people.health import checked_temperature
from shouwang.people.models import DeclarationAttempt, SelfDeclaration
from shouwang.people.regions import places_of, resolve_region
from shouwang.people.services.persons import SealedDocument, person_register
from shouwang.people.services.timelines import (
    community_alert,
    episode_record,
    health_state_record,
    history_entry_record,
)

#: Submissions one client address may make per window, across all worker processes.
RATE_LIMIT = 5
RATE_WINDOW = timedelta(minutes=10)


class RateLimited(Exception):
    pass


def declaration_rate_check(*, client_address: str, now=None) -> None:
    """Count this submission; refuse past the limit. Stored in the database so every
    worker process sees the same count; old attempts are pruned as we go."""
    now = now or timezone.now()
    client_hash = pii.lookup_hash(f"declaration-client:{client_address}")
    with transaction.atomic():
        DeclarationAttempt.objects.filter(created_at__lt=now - RATE_WINDOW).delete()
        recent = DeclarationAttempt.objects.filter(
            client_hash=client_hash, created_at__gte=now - RATE_WINDOW
        ).count()
        if recent >= RATE_LIMIT:
            raise RateLimited
        DeclarationAttempt.objects.create(client_hash=client_hash)


def _declared_building(community: Area, building_code: str) -> Area:
    if not building_code.strip():
        return community
    building = Area.objects.filter(
        code=building_code.strip(), level=AreaLevel.BUILDING, path__startswith=community.path + "."
    ).first()
    if building is None:
        raise field_error("building", _("本社区没有该楼栋，请从列表中选择"))
    return building


def self_declaration_submit(
    *,
    client_uuid: uuid.UUID,
    community: Area,
    name: str,
    document_type: str,
    document_number: str,
    phone: str,
    building_code: str,
    room: str,
    origin: str,
    arrival_date: date,
    travel_history: str,
    symptoms: str,
    temperature,
    consent_health: bool,
    consent_location: bool,
) -> SelfDeclaration:
    """Store a declaration for review. A retried submit (same client UUID) returns the
    first; whether the person is registered already is never looked at here."""
    existing = SelfDeclaration.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        return existing
    if community.level != AreaLevel.COMMUNITY:
        raise field_error("community", _("请扫描社区的二维码"))
    if not name.strip():
        raise field_error("name", _("姓名不能为空"))
    document = SealedDocument.from_input(document_type, document_number)
    try:
        normalised_phone = pii.validate_phone(phone)
    except Exception as error:
        raise field_error("phone", error.messages[0]) from None
    if arrival_date > timezone.localdate():
        raise field_error("arrival_date", _("抵达日期不能晚于今天"))
    if not (consent_health and consent_location):
        raise field_error("consent_health", _("需单独同意处理健康信息和行踪信息，方可提交"))
    if not origin.strip():
        raise field_error("origin", _("请填写从何地来"))
    temperature = checked_temperature(temperature)
    area = _declared_building(community, building_code)
    region = resolve_region(origin)
    declaration = SelfDeclaration(
        client_uuid=client_uuid,
        community=community,
        area=area,
        name=name.strip(),
        document_type=document.document_type,
        document_number=document.normalised,
        document_masked=document.masked,
        phone=normalised_phone,
        phone_masked=pii.mask_phone(normalised_phone),
        room=room.strip(),
        origin=origin.strip(),
        origin_code=region[0] if region else "",
        arrival_date=arrival_date,
        travel_history=travel_history.strip(),
        symptoms=symptoms,
        temperature=temperature,
        consent_health=consent_health,
        consent_location=consent_location,
    )
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError:
        # The same submit arriving twice at once: the unique client UUID let one in.
        return SelfDeclaration.objects.get(client_uuid=client_uuid)
    return declaration


def declaration_accept(*, declaration: SelfDeclaration, by) -> SelfDeclaration:
    """Register (or update) the person and add the arrival, the place he came from and
    any temperature to his timelines; the rules then evaluate him."""
    if declaration.status != DeclarationStatus.PENDING:
        raise field_error("status", _("该申报已审核"))
    with transaction.atomic():
        ensure_visible(by, declaration, CHANGE)
        area = declaration.area
        person, _created = person_register(
            name=declaration.name,
            document_type=declaration.document_type,
            document_number=declaration.document_number,
            phone=declaration.phone,
            area=area,
            home_building=area if area.level == AreaLevel.BUILDING else None,
            room=declaration.room,
            by=by,
        )
        arrival = episode_record(
            person=person,
            kind=EpisodeKind.ARRIVAL,
            started_on=declaration.arrival_date,
            origin=declaration.origin,
            note=_("自主申报"),
            by=by,
        )
        # The place he came from and each place of his 14 days, one history entry each,
        # so the risk rules read every region he names.
        since = declaration.arrival_date - timedelta(days=14)
        for place in dict.fromkeys([declaration.origin, *places_of(declaration.travel_history)]):
            history_entry_record(
                person=person,
                episode=arrival,
                kind=HistoryKind.TRAVEL,
                place=place,
                from_date=since,
                to_date=declaration.arrival_date,
                note=declaration.travel_history[:300],
                by=by,
            )
        if declaration.temperature is not None or declaration.symptoms:
            health_state_record(
                person=person,
                state=HealthState.NORMAL,
                on=declaration.created_at.date(),
                source=HealthSource.SELF_DECLARATION,
                temperature=declaration.temperature,
                by=by,
            )
        if declaration.symptoms:
            community_alert(
                person=person,
                kind="declared_symptoms",
                title=_("%(name)s 自主申报有症状：%(symptoms)s")
                % {"name": person.name, "symptoms": declaration.symptoms},
            )
        declaration.status, declaration.person = DeclarationStatus.ACCEPTED, person
        declaration.reviewed_by, declaration.reviewed_at = by, timezone.now()
        declaration._history_user = by
        declaration.save()
    return declaration


def declaration_reject(*, declaration: SelfDeclaration, note: str, by) -> SelfDeclaration:
    if declaration.status != DeclarationStatus.PENDING:
        raise field_error("status", _("该申报已审核"))
    if not note.strip():
        raise field_error("review_note", _("请填写退回原因"))
    with transaction.atomic():
        ensure_visible(by, declaration, CHANGE)
        declaration.status, declaration.review_note = DeclarationStatus.REJECTED, note.strip()
        declaration.reviewed_by, declaration.reviewed_at = by, timezone.now()
        declaration._history_user = by
        declaration.save()
    return declaration
