from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import Role
from shouwang.core.scoping import ScopedQuerySet, role_paths, subtree_q


class AlertLevel(models.TextChoices):
    INFO = "info", _("提示")
    WARNING = "warning", _("警示")
    URGENT = "urgent", _("紧急")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已接收")
    CLOSED = "closed", _("已办结")


class AlertQuerySet(ScopedQuerySet):
    def for_inbox(self, user):
        """Alerts addressed to a role the user holds, in the subtree where he holds it."""
        held = role_paths(user)
        if held is None:
            return self
        condition = models.Q(pk__in=[])
        for role, path in held:
            condition |= models.Q(role=role) & subtree_q("area__path", [path])
        return self.filter(condition)

    def open(self):
        return self.exclude(status=AlertStatus.CLOSED)


class Alert(models.Model):
    """Something a person must act on (a fever, a missed follow-up, a loop discrepancy, a
    checkpoint flag, an overdue demand), routed to a role in an area: everyone holding that
    role over the area sees it in his inbox until someone closes it."""

    kind = models.CharField(_("类型"), max_length=40)
    level = models.CharField(
        _("级别"), max_length=16, choices=AlertLevel.choices, default=AlertLevel.WARNING
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    role = models.CharField(_("接收角色"), max_length=32, choices=Role.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    #: The record the alert is about, as "app.model:pk", and a link to it.
    subject = models.CharField(_("关联对象"), max_length=100, blank=True, db_index=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收人"),
    )
    acknowledged_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolution = models.TextField(_("处理结果"), blank=True)

    objects = AlertQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "role"], name="alert_status_role")]

    def __str__(self) -> str:
        return self.title
