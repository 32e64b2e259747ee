"""Raise, acknowledge and close alerts. Every module raises through ``alert_raise``."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.models import Alert, AlertLevel, AlertStatus, Area


def alert_raise(
    *,
    kind: str,
    area: Area,
    role: str,
    title: str,
    body: str = "",
    subject: str = "",
    link: str = "",
    level: str = AlertLevel.WARNING,
) -> Alert:
    """One alert to everyone holding ``role`` over ``area``. An open alert of the same
    kind about the same subject is not raised twice."""
    if subject:
        existing = (
            Alert.objects.open().filter(kind=kind, subject=subject, role=role, area=area).first()
        )
        if existing is not None:
            return existing
    return Alert.objects.create(
        kind=kind,
        area=area,
        role=role,
        title=title[:200],
        body=body,
        subject=subject,
        link=link,
        level=level,
    )


def inbox_alert(user, pk: int) -> Alert:
    """An alert from the user's inbox, or 404 like any record out of scope."""
    return get_object_or_404(Alert.objects.for_inbox(user), pk=pk)


def alert_acknowledge(*, alert: Alert, by) -> Alert:
    with transaction.atomic():
        if alert.status == AlertStatus.OPEN:
            alert.status = AlertStatus.ACKNOWLEDGED
            alert.acknowledged_by, alert.acknowledged_at = by, timezone.now()
            alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    return alert


def alert_close(*, alert: Alert, by, resolution: str) -> Alert:
    if not resolution.strip():
        raise field_error("resolution", _("请填写处理结果"))
    with transaction.atomic():
        if alert.status == AlertStatus.OPEN:
            alert.acknowledged_by, alert.acknowledged_at = by, timezone.now()
        alert.status, alert.resolution = AlertStatus.CLOSED, resolution.strip()
        alert.closed_by, alert.closed_at = by, timezone.now()
        alert.save()
    return alert
