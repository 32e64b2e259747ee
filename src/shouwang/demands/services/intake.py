"""A demand comes in: from the demand QR code (the public form), from the enterprise's
account, or from a problem a service visit found."""

import secrets
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.choices import AreaLevel, Role
from shouwang.core.errors import field_error
from shouwang.core.models import AlertLevel, Area
from shouwang.core.roles import ENTERPRISE_FILE
from shouwang.core.scoping import ensure_visible
from shouwang.core.services.alerts import alert_raise
from shouwang.core.text import labelled
from shouwang.demands.choices import DemandCategory, DemandSource, Department, EventKind
from shouwang.demands.models import Demand, DemandAttachment, DemandEvent
from shouwang.demands.services.rules import handler_area, rules_for
from shouwang.enterprises.choices import ProblemCategory
from shouwang.enterprises.models import Enterprise, VisitProblem
from shouwang.enterprises.services import normalise_credit_code, street_of
from shouwang.enterprises.services.filings import PLAN_SIGNATURES

ATTACHMENT_MAX_BYTES = 10 * 2**20
ATTACHMENT_MAX_COUNT = 5
#: What an enterprise may attach: the emergency plan's kinds, and spreadsheets.
ATTACHMENT_SIGNATURES = {**PLAN_SIGNATURES, ".xlsx": (b"PK\x03\x04",)}
#: A visit's problem categories in the demands' words.
PROBLEM_CATEGORIES = {
    ProblemCategory.SUPPLIES: DemandCategory.SUPPLIES,
    ProblemCategory.MATERIALS: DemandCategory.SUPPLIES,
    ProblemCategory.WORKFORCE: DemandCategory.WORKERS,
    ProblemCategory.LOGISTICS: DemandCategory.LOGISTICS,
    ProblemCategory.FINANCE: DemandCategory.FUNDING,
    ProblemCategory.RENT: DemandCategory.RENT,
    ProblemCategory.POLICY: DemandCategory.POLICY,
    ProblemCategory.OTHER: DemandCategory.OTHER,
}
HANDLER_ROLES = {Department.STREET: Role.STREET_OFFICER}


def handler_role(department: str) -> str:
    """Who is alerted: the street officers for the street, the command for a department."""
    return HANDLER_ROLES.get(department, Role.DISTRICT_COMMANDER)


def check_attachments(uploads) -> None:
    """At most five files of 10 MB, each a PDF, Word, JPG, PNG or xlsx that is what its
    name says."""
    if len(uploads) > ATTACHMENT_MAX_COUNT:
        raise field_error(
            "attachments", _("最多上传 %(count)d 个附件") % {"count": ATTACHMENT_MAX_COUNT}
        )
    for upload in uploads:
        suffix = Path(upload.name).suffix.lower()
        problem = None
        if suffix not in ATTACHMENT_SIGNATURES:
            problem = _("只接受 PDF、Word、Excel（xlsx）或图片（JPG、PNG）")
        elif upload.size > ATTACHMENT_MAX_BYTES:
            problem = _("不能超过 10 MB")
        else:
            head = upload.read(8)
            upload.seek(0)
            if not head.startswith(ATTACHMENT_SIGNATURES[suffix]):
                problem = _("文件内容与扩展名不符")
        if problem:
            raise field_error("attachments", labelled(upload.name, problem))


def _checked_phone(phone: str, *, required: bool) -> str:
    """A visit's problem may come from an enterprise the register has no phone for."""
    if not phone.strip() and not required:
        return ""
    try:
        return pii.validate_phone(phone)
    except ValidationError as error:
        raise field_error("contact_phone", error.messages[0]) from None


def _demand_area(*, enterprise: Enterprise | None, area: Area) -> tuple[Area, Area]:
    """(area, street): the enterprise's when registered, else where the QR code was."""
    if enterprise is not None:
        return enterprise.area, enterprise.street
    if area.level not in (AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID):
        raise field_error("area", _("请扫描街道或社区的诉求二维码"))
    return area, street_of(area)


def demand_submit(
    *,
    source: str,
    category: str,
    description: str,
    contact_name: str,
    contact_phone: str,
    area: Area | None = None,
    enterprise: Enterprise | None = None,
    enterprise_name: str = "",
    credit_code: str = "",
    attachments=(),
    client_uuid: uuid.UUID | None = None,
    visit_problem: VisitProblem | None = None,
    by=None,
) -> Demand:
    """Take a demand in, route it by category and area, set its time limits, tell its
    handler. A retried submit (same client UUID) returns the first."""
    if client_uuid is not None:
        existing = Demand.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing
    if category not in DemandCategory.values:
        raise field_error("category", _("请选择诉求类别"))
    if not description.strip():
        raise field_error("description", _("请填写诉求内容"))
    if not contact_name.strip():
        raise field_error("contact_name", _("请填写联系人"))
    phone = _checked_phone(contact_phone, required=source != DemandSource.VISIT)
    if credit_code.strip():
        try:
            credit_code = normalise_credit_code(credit_code.strip())
        except ValidationError as error:
            raise field_error("credit_code", error.messages[0]) from None
        if enterprise is None:
            # Never said back to the submitter: whether the code is registered or not, the
            # answer is the same; a registered enterprise's demand simply reaches its street.
            enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
    if enterprise is None and not enterprise_name.strip():
        raise field_error("enterprise_name", _("请填写企业名称"))
    check_attachments(list(attachments))
    demand_area, street = _demand_area(enterprise=enterprise, area=area)
    rules = rules_for(demand_area)
    department = rules.department(category)
    now = timezone.now()
    respond_due, plan_due, close_due = rules.due(now)
    demand = Demand(
        client_uuid=client_uuid,
        tracking_token=secrets.token_urlsafe(24),
        source=source,
        enterprise=enterprise,
        # As the submitter wrote it: the public tracking page never shows the register's.
        enterprise_name=(enterprise_name.strip() or (enterprise.name if enterprise else ""))[:120],
        credit_code=enterprise.credit_code if enterprise else credit_code,
        area=demand_area,
        street=street,
        category=category,
        description=description.strip(),
        contact_name=contact_name.strip()[:50],
        contact_phone=phone,
        contact_phone_hash=pii.phone_hash(phone) if phone else "",
        contact_phone_masked=pii.mask_phone(phone) if phone else "",
        department=department,
        handler_area=handler_area(department, street),
        respond_due_at=respond_due,
        plan_due_at=plan_due,
        close_due_at=close_due,
        visit_problem=visit_problem,
        created_at=now,
    )
    try:
        with transaction.atomic():
            demand._history_user = by
            demand.save()
            demand.reference = f"SQ{timezone.localdate(now):%Y%m%d}{demand.pk:06d}"
            demand.save(update_fields=["reference"])
            if source == DemandSource.ACCOUNT:
                ensure_visible(by, demand, ENTERPRISE_FILE)
            for upload in attachments:
                DemandAttachment.objects.create(
                    demand=demand,
                    enterprise=enterprise,
                    area=demand_area,
                    file=upload,
                    name=Path(upload.name).name[:200],
                    size=upload.size,
                )
            event_add(demand, EventKind.SUBMITTED, by=by)
            transaction.on_commit(lambda: _alert_new(demand))
    except IntegrityError:
        if client_uuid is None:
            raise
        # The same submit arriving twice at once: the unique client UUID let one in.
        return Demand.objects.get(client_uuid=client_uuid)
    return demand


def demand_event(demand: Demand, kind: str, *, by=None, note: str = "", at=None) -> DemandEvent:
    """One step of the demand's record, not yet saved (the demo writes them in bulk)."""
    return DemandEvent(
        demand=demand,
        enterprise_id=demand.enterprise_id,
        area_id=demand.area_id,
        kind=kind,
        note=note,
        by=by,
        at=at or timezone.now(),
    )


def event_add(demand: Demand, kind: str, *, by, note: str = "") -> DemandEvent:
    event = demand_event(demand, kind, by=by, note=note)
    event.save()
    return event


def alert_handler(demand: Demand, *, kind: str, title: str, stage: str = "", level=None):
    """An alert about the demand to whoever handles it, in the area where they sit; one
    open alert per demand (and stage)."""
    return alert_raise(
        kind=kind,
        area=demand.handler_area,
        role=handler_role(demand.department),
        title=title,
        body=demand.description[:300],
        subject=f"demands.demand:{demand.pk}" + (f":{stage}" if stage else ""),
        link=reverse("demands:demand_detail", args=[demand.pk]),
        level=level or AlertLevel.WARNING,
    )


def _alert_new(demand: Demand) -> None:
    alert_handler(
        demand,
        kind="demand_new",
        title=_("新诉求 %(reference)s：%(name)s（%(category)s）")
        % {
            "reference": demand.reference,
            "name": demand.enterprise_name,
            "category": demand.get_category_display(),
        },
    )


def demand_from_visit_problem(*, problem: VisitProblem, by) -> Demand:
    """A problem a service visit found becomes a demand of its enterprise, once; its
    number goes back on the problem."""
    existing = Demand.objects.filter(visit_problem=problem).first()
    if existing is not None:
        return existing
    enterprise = problem.enterprise
    with transaction.atomic():
        demand = demand_submit(
            source=DemandSource.VISIT,
            category=PROBLEM_CATEGORIES.get(problem.category, DemandCategory.OTHER),
            description=problem.description,
            contact_name=enterprise.contact_name or enterprise.legal_representative or "—",
            contact_phone=enterprise.contact_phone or "",
            enterprise=enterprise,
            visit_problem=problem,
            by=by,
        )
        problem.demand_reference = demand.reference
        problem._history_user = by
        problem.save(update_fields=["demand_reference"])
    return demand
