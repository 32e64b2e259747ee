"""A demand's way through: accepted, planned, resolved, then confirmed by the enterprise or
reopened; transfers between handlers; reminders when a time limit passes."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.models import Alert, AlertLevel
from shouwang.core.roles import DEMAND_HANDLE, ENTERPRISE_FILE, REVEAL
from shouwang.core.scoping import ensure_visible
from shouwang.core.services.alerts import alert_close
from shouwang.core.services.reveal import reveal_sealed
from shouwang.demands.choices import (
    DemandStatus,
    Department,
    EventKind,
    FeedbackChannel,
    Stage,
)
from shouwang.demands.models import Demand
from shouwang.demands.services.intake import alert_handler, event_add
from shouwang.demands.services.rules import handler_area, rules_for


def overdue_stages(demand: Demand, now: datetime) -> list[str]:
    """The stages whose time limit has passed with the stage not done."""
    stages = []
    if demand.status == DemandStatus.NEW and now > demand.respond_due_at:
        stages.append(Stage.RESPOND)
    if demand.status in (DemandStatus.NEW, DemandStatus.ACCEPTED, DemandStatus.REOPENED) and (
        now > demand.plan_due_at
    ):
        stages.append(Stage.PLAN)
    if demand.is_open and now > demand.close_due_at:
        stages.append(Stage.CLOSE)
    return stages


def _move(demand: Demand, *, allowed: tuple, status: str, by, permission=DEMAND_HANDLE):
    if demand.status not in allowed:
        raise field_error(
            "status",
            _("当前状态为“%(status)s”，不能办理此操作") % {"status": demand.get_status_display()},
        )
    ensure_visible(by, demand, permission)
    demand.status = status
    demand._history_user = by


def _close_alerts(demand: Demand, stages: list[str], by, resolution: str) -> None:
    """Close the open alerts about this demand that the step just answered."""
    subjects = [f"demands.demand:{demand.pk}:{stage}" for stage in stages]
    if Stage.RESPOND in stages:
        subjects.append(f"demands.demand:{demand.pk}")
    for alert in Alert.objects.open().filter(subject__in=subjects):
        alert_close(alert=alert, by=by, resolution=resolution)


def demand_accept(*, demand: Demand, by) -> Demand:
    with transaction.atomic():
        _move(demand, allowed=(DemandStatus.NEW,), status=DemandStatus.ACCEPTED, by=by)
        demand.accepted_at = timezone.now()
        demand.save()
        event_add(demand, EventKind.ACCEPTED, by=by)
        _close_alerts(demand, [Stage.RESPOND], by, _("已受理"))
    return demand


def demand_transfer(*, demand: Demand, department: str, reason: str, by) -> Demand:
    """Send it to another handler (before it is resolved); the time limits run on."""
    if department not in Department.values:
        raise field_error("department", _("未知的承办单位"))
    if department == demand.department:
        raise field_error("department", _("已由该单位承办"))
    if not reason.strip():
        raise field_error("reason", _("请填写转办理由"))
    with transaction.atomic():
        _move(
            demand,
            allowed=(DemandStatus.NEW, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS),
            status=demand.status,
            by=by,
        )
        before = demand.get_department_display()
        demand.department = department
        demand.handler_area = handler_area(department, demand.street)
        demand.save()
        event_add(
            demand,
            EventKind.TRANSFERRED,
            by=by,
            note=f"{before} → {demand.get_department_display()}：{reason.strip()}",
        )
        transaction.on_commit(lambda: _alert_transferred(demand))
    return demand


def _alert_transferred(demand: Demand) -> None:
    alert_handler(
        demand,
        kind="demand_transferred",
        title=_("转办诉求 %(reference)s：%(name)s")
        % {"reference": demand.reference, "name": demand.enterprise_name},
        stage="transfer",
    )


def demand_plan(*, demand: Demand, plan: str, by) -> Demand:
    if not plan.strip():
        raise field_error("plan", _("请填写办理方案"))
    with transaction.atomic():
        _move(
            demand,
            allowed=(DemandStatus.ACCEPTED, DemandStatus.REOPENED),
            status=DemandStatus.IN_PROGRESS,
            by=by,
        )
        demand.plan, demand.planned_at = plan.strip(), timezone.now()
        demand.save()
        event_add(demand, EventKind.PLANNED, by=by, note=demand.plan)
        _close_alerts(demand, [Stage.PLAN], by, _("已制定方案"))
    return demand


def demand_resolve(*, demand: Demand, resolution: str, by) -> Demand:
    """Done (solved on the spot counts too): the enterprise is asked for its word."""
    if not resolution.strip():
        raise field_error("resolution", _("请填写办理结果"))
    with transaction.atomic():
        _move(
            demand,
            allowed=(DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.REOPENED),
            status=DemandStatus.RESOLVED,
            by=by,
        )
        demand.resolution, demand.resolved_at = resolution.strip(), timezone.now()
        demand.save()
        event_add(demand, EventKind.RESOLVED, by=by, note=demand.resolution)
        _close_alerts(demand, [Stage.PLAN, Stage.CLOSE], by, _("已办结"))
    return demand


def demand_feedback(
    *, demand: Demand, satisfied: bool, rating: int, comment: str, channel: str, by
) -> Demand:
    """The enterprise's word on a resolved demand, given on its own page (or the tracking
    link) or on the handler's return visit: satisfied closes it, otherwise it is reopened
    with fresh time limits for the plan and the close."""
    if channel not in FeedbackChannel.values:
        raise field_error("channel", _("未知的评价方式"))
    if rating not in range(1, 6):
        raise field_error("rating", _("请评分（1 至 5 分）"))
    if not satisfied and not comment.strip():
        raise field_error("comment", _("不满意时请说明原因"))
    # The handler visits back; the enterprise (or whoever holds the tracking link, by=None)
    # answers for itself.
    permission = DEMAND_HANDLE if channel == FeedbackChannel.RETURN_VISIT else ENTERPRISE_FILE
    now = timezone.now()
    with transaction.atomic():
        status = DemandStatus.CONFIRMED if satisfied else DemandStatus.REOPENED
        _move(demand, allowed=(DemandStatus.RESOLVED,), status=status, by=by, permission=permission)
        demand.rating, demand.feedback = rating, comment.strip()[:500]
        demand.feedback_channel = channel
        if satisfied:
            demand.confirmed_at = now
        else:
            demand.reopened_count += 1
            rules = rules_for(demand.area)
            _respond, demand.plan_due_at, demand.close_due_at = rules.due(now)
        demand.save()
        event_add(
            demand,
            EventKind.CONFIRMED if satisfied else EventKind.REOPENED,
            by=by,
            note=_("%(rating)d 分 · %(channel)s%(comment)s")
            % {
                "rating": rating,
                "channel": FeedbackChannel(channel).label,
                "comment": f"：{comment.strip()}" if comment.strip() else "",
            },
        )
    return demand


def demand_reveal_contact(*, demand: Demand, reason: str, by, request=None) -> str:
    """The contact's phone in full, for calling back: logged with who, when and why."""
    return reveal_sealed(
        instance=demand,
        field="contact_phone",
        reason=reason,
        by=by,
        permissions=(DEMAND_HANDLE, REVEAL),
        request=request,
    )


def demands_remind(*, now: datetime | None = None) -> int:
    """Alert the handler of every open demand past a time limit, one open alert per
    demand and stage; run from cron or the periodic task."""
    now = now or timezone.now()
    raised = 0
    overdue = (
        Demand.objects.open()
        .filter(respond_due_at__lt=now)
        .select_related("handler_area")
        .order_by("id")
    )
    for demand in overdue.iterator(chunk_size=500):
        for stage in overdue_stages(demand, now):
            subject = f"demands.demand:{demand.pk}:{stage}"
            if Alert.objects.open().filter(subject=subject).exists():
                continue
            alert_handler(
                demand,
                kind="demand_overdue",
                title=_("诉求 %(reference)s %(stage)s超时：%(name)s")
                % {
                    "reference": demand.reference,
                    "stage": Stage(stage).label,
                    "name": demand.enterprise_name,
                },
                stage=stage,
                level=AlertLevel.URGENT if stage == Stage.CLOSE else AlertLevel.WARNING,
            )
            event_add(demand, EventKind.REMINDED, by=None, note=str(Stage(stage).label))
            raised += 1
    return raised
