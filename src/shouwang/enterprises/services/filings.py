"""Resumption filing under commitment (复工报备承诺制) and the rules a district sets for it.

draft -> filed -> accepted -> resumed, with returned (back to the enterprise, with reasons)
and suspended (stopped again) on the way. Where the district chose commitment without
review, filing is acceptance.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_FILE, ENTERPRISE_REVIEW
from shouwang.core.scoping import ensure_visible
from shouwang.core.services.signatures import signature_record
from shouwang.core.text import list_of
from shouwang.enterprises.choices import ChecklistAnswer, FilingStatus
from shouwang.enterprises.models import (
    Checklist,
    ChecklistItem,
    Enterprise,
    ResumptionFiling,
    ResumptionPolicy,
)

COMMITMENT_DOCUMENT = "enterprise_resumption_commitment"
PLAN_MAX_BYTES = 10 * 2**20
# Accepted emergency plans by extension, with the bytes such a file starts with.
PLAN_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
}
OPEN_STATUSES = (
    FilingStatus.DRAFT,
    FilingStatus.FILED,
    FilingStatus.RETURNED,
    FilingStatus.ACCEPTED,
    FilingStatus.RESUMED,
)


# --- the district's rules ----------------------------------------------------------------


def policy_for(area: Area) -> ResumptionPolicy:
    """The nearest policy at or above ``area``; the defaults where none is set."""
    paths = [*area.ancestor_paths(), area.path]
    policies = ResumptionPolicy.objects.filter(area__path__in=paths).select_related(
        "area", "checklist"
    )
    nearest = max(policies, key=lambda policy: len(policy.area.path), default=None)
    return nearest or ResumptionPolicy(area=area)


def policy_save(
    *,
    area: Area,
    notice_days: int,
    review_required: bool,
    review_days: int,
    checklist: Checklist | None,
    commitment_text: str,
    by,
) -> ResumptionPolicy:
    if not commitment_text.strip():
        raise field_error("commitment_text", _("承诺书文本不能为空"))
    if checklist is not None and not area.path.startswith(checklist.area.path):
        raise field_error("checklist", _("只能选用本区域或上级区域制定的清单"))
    with transaction.atomic():
        policy = ResumptionPolicy.objects.filter(area=area).first() or ResumptionPolicy(area=area)
        text_changed = policy.pk is not None and policy.commitment_text != commitment_text.strip()
        policy.notice_days = notice_days
        policy.review_required = review_required
        policy.review_days = review_days
        policy.checklist = checklist
        policy.commitment_text = commitment_text.strip()
        if text_changed:
            # A signature names the version of the text it was given under.
            policy.commitment_version = str(int(policy.commitment_version or "0") + 1)
        policy._history_user = by
        policy.save()
        ensure_visible(by, policy, ENTERPRISE_REVIEW)
    return policy


def checklist_save(
    *, area: Area, name: str, items: list[tuple[str, str]], by, checklist: Checklist | None = None
) -> Checklist:
    """Create or replace a checklist; ``items`` are (group, text) in order. Filings keep
    the text they were answered under, so replacing items changes no filing."""
    if not name.strip():
        raise field_error("name", _("名称不能为空"))
    items = [(group.strip(), text.strip()) for group, text in items if text.strip()]
    if not items:
        raise field_error("items", _("清单至少要有一项"))
    with transaction.atomic():
        checklist = checklist or Checklist(area=area)
        checklist.name = name.strip()
        checklist._history_user = by
        checklist.save()
        ensure_visible(by, checklist, ENTERPRISE_REVIEW)
        checklist.items.all().delete()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(checklist=checklist, position=index, group=group, text=text)
            for index, (group, text) in enumerate(items, start=1)
        )
    return checklist


# --- filing -----------------------------------------------------------------------------


@dataclass
class FilingDetails:
    planned_date: date | None = None
    employees_total: int = 0
    employees_returning: int = 0
    employees_from_risk_areas: int = 0
    employees_in_isolation: int = 0
    liaison_name: str = ""
    liaison_phone: str = ""

    def check_counts(self) -> None:
        for name in ("employees_returning", "employees_from_risk_areas", "employees_in_isolation"):
            if getattr(self, name) > self.employees_total:
                raise field_error(name, _("不能超过员工总数"))

    def check_complete(self, *, earliest: date) -> None:
        if self.planned_date is None:
            raise field_error("planned_date", _("请填写计划复工日期"))
        if self.planned_date < earliest:
            raise field_error(
                "planned_date",
                _("计划复工日期不能早于 %(earliest)s（须提前报备）") % {"earliest": earliest},
            )
        if self.employees_total < 1:
            raise field_error("employees_total", _("请填写员工总数"))
        if not self.liaison_name.strip():
            raise field_error("liaison_name", _("请填写健康联络员"))
        if not self.liaison_phone:
            raise field_error("liaison_phone", _("请填写联络员电话"))


def _apply_details(filing: ResumptionFiling, details: FilingDetails) -> None:
    details.check_counts()
    filing.planned_date = details.planned_date
    filing.employees_total = details.employees_total
    filing.employees_returning = details.employees_returning
    filing.employees_from_risk_areas = details.employees_from_risk_areas
    filing.employees_in_isolation = details.employees_in_isolation
    filing.liaison_name = details.liaison_name.strip()
    if details.liaison_phone:
        try:
            phone = pii.validate_phone(details.liaison_phone)
        except ValidationError as error:
            raise field_error("liaison_phone", error.messages[0]) from None
        filing.liaison_phone, filing.liaison_phone_masked = phone, pii.mask_phone(phone)


def _answered_checklist(checklist: Checklist | None, answers: dict[int, str]) -> list[dict]:
    if checklist is None:
        return []
    items = list(checklist.items.all())
    missing = [
        item.position for item in items if answers.get(item.position) not in ChecklistAnswer.values
    ]
    if missing:
        raise field_error(
            "checklist",
            _("清单第 %(items)s 项未作答") % {"items": list_of(str(n) for n in missing)},
        )
    return [
        {
            "position": item.position,
            "group": item.group,
            "text": item.text,
            "answer": answers[item.position],
        }
        for item in items
    ]


def check_emergency_plan(upload) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in PLAN_SIGNATURES:
        raise field_error("emergency_plan", _("应急处置预案只接受 PDF、Word 或图片（JPG、PNG）"))
    if upload.size > PLAN_MAX_BYTES:
        raise field_error("emergency_plan", _("应急处置预案不能超过 10 MB"))
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(PLAN_SIGNATURES[suffix]):
        raise field_error("emergency_plan", _("文件内容与扩展名不符"))


def _set_state(filing: ResumptionFiling, status: str, by) -> None:
    """Save the filing in ``status`` and mirror it on its enterprise."""
    filing.status = status
    filing._history_user = by
    filing.save()
    enterprise = filing.enterprise
    enterprise.resumption_state = status
    if status == FilingStatus.RESUMED:
        enterprise.resumed_on = filing.resumed_on
    elif status == FilingStatus.SUSPENDED:
        enterprise.suspended_on = timezone.localdate()
    enterprise._history_user = by
    enterprise.save(update_fields=["resumption_state", "resumed_on", "suspended_on"])


def filing_to_edit(*, enterprise: Enterprise, by) -> ResumptionFiling:
    """The enterprise's open filing, or a blank one not yet saved (none is open, or it was
    suspended): opening the filing page writes nothing, the first save does."""
    ensure_visible(by, enterprise, ENTERPRISE_FILE)
    filing = enterprise.filings.filter(status__in=OPEN_STATUSES).first()
    if filing is None:
        filing = ResumptionFiling(
            enterprise=enterprise, area=enterprise.area, status=FilingStatus.DRAFT
        )
    return filing


def filing_start(*, enterprise: Enterprise, by) -> ResumptionFiling:
    """The enterprise's open filing, or a new draft when it has none (or was suspended)."""
    with transaction.atomic():
        filing = filing_to_edit(enterprise=enterprise, by=by)
        if filing.pk is None:
            _set_state(filing, FilingStatus.DRAFT, by)
            ensure_visible(by, filing, ENTERPRISE_FILE)
    return filing


def _check_editable(filing: ResumptionFiling) -> None:
    if filing.status not in (FilingStatus.DRAFT, FilingStatus.RETURNED):
        raise field_error("status", _("只有草稿或退回的报备可以修改"))


def filing_save_draft(*, filing: ResumptionFiling, details: FilingDetails, by) -> ResumptionFiling:
    _check_editable(filing)
    with transaction.atomic():
        _apply_details(filing, details)
        filing._history_user = by
        filing.save()
        ensure_visible(by, filing, ENTERPRISE_FILE)
    return filing


def filing_submit(
    *,
    filing: ResumptionFiling,
    details: FilingDetails,
    answers: dict[int, str],
    emergency_plan,
    signer_name: str,
    signature_image: str,
    by,
    request=None,
) -> ResumptionFiling:
    """File: every answer given, the plan attached, the commitment signed. Accepted at
    once where the district chose commitment without review."""
    _check_editable(filing)
    policy = policy_for(filing.area)
    today = timezone.localdate()
    details.check_complete(earliest=today + timedelta(days=policy.notice_days))
    answered = _answered_checklist(policy.checklist, answers)
    if emergency_plan is not None:
        check_emergency_plan(emergency_plan)
    elif not filing.emergency_plan:
        raise field_error("emergency_plan", _("请上传应急处置预案"))
    with transaction.atomic():
        _apply_details(filing, details)
        filing.checklist_name = policy.checklist.name if policy.checklist else ""
        filing.checklist_answers = answered
        if emergency_plan is not None:
            filing.emergency_plan.save(emergency_plan.name, emergency_plan, save=False)
        filing.signature = signature_record(
            document=COMMITMENT_DOCUMENT,
            text_version=policy.commitment_version,
            text=f"{filing.enterprise.name}（{filing.enterprise.credit_code}）\n"
            f"{policy.commitment_text}",
            signer_name=signer_name,
            image=signature_image,
            request=request,
        )
        filing.filed_at = timezone.now()
        filing.review_reason = ""
        if policy.review_required:
            filing.review_due_on = today + timedelta(days=policy.review_days)
            status = FilingStatus.FILED
        else:
            filing.accepted_on_filing = True
            filing.reviewed_at = filing.filed_at
            status = FilingStatus.ACCEPTED
        _set_state(filing, status, by)
        ensure_visible(by, filing, ENTERPRISE_FILE)
    return filing


def _review(filing: ResumptionFiling, status: str, by, reason: str = "") -> ResumptionFiling:
    if filing.status != FilingStatus.FILED:
        raise field_error("status", _("只有已报备、待审核的报备可以受理或退回"))
    with transaction.atomic():
        ensure_visible(by, filing, ENTERPRISE_REVIEW)
        filing.reviewed_at = timezone.now()
        filing.reviewed_by = by
        filing.review_reason = reason
        _set_state(filing, status, by)
    return filing


def filing_accept(*, filing: ResumptionFiling, by) -> ResumptionFiling:
    return _review(filing, FilingStatus.ACCEPTED, by)


def filing_return(*, filing: ResumptionFiling, reason: str, by) -> ResumptionFiling:
    if not reason.strip():
        raise field_error("reason", _("请填写退回理由"))
    return _review(filing, FilingStatus.RETURNED, by, reason.strip())


def filing_mark_resumed(*, filing: ResumptionFiling, resumed_on: date, by) -> ResumptionFiling:
    if filing.status != FilingStatus.ACCEPTED:
        raise field_error("status", _("报备受理后才能登记复工"))
    if resumed_on > timezone.localdate():
        raise field_error("resumed_on", _("复工日期不能晚于今天"))
    if filing.planned_date and resumed_on < filing.planned_date:
        raise field_error(
            "resumed_on",
            _("复工日期不能早于计划复工日期 %(day)s") % {"day": filing.planned_date},
        )
    with transaction.atomic():
        ensure_visible(by, filing, ENTERPRISE_FILE)
        filing.resumed_on = resumed_on
        _set_state(filing, FilingStatus.RESUMED, by)
    return filing


def filing_suspend(*, filing: ResumptionFiling, reason: str, by) -> ResumptionFiling:
    """Stop an enterprise again (a case among its staff, measures not kept)."""
    if filing.status not in (FilingStatus.ACCEPTED, FilingStatus.RESUMED):
        raise field_error("status", _("只有已受理或已复工的企业可以停工"))
    if not reason.strip():
        raise field_error("reason", _("请填写停工原因"))
    with transaction.atomic():
        ensure_visible(by, filing, ENTERPRISE_REVIEW)
        filing.suspended_reason = reason.strip()
        _set_state(filing, FilingStatus.SUSPENDED, by)
    return filing
