from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AccessAction, ChangeAction
from shouwang.core.scoping import ScopedQuerySet


class AuditQuerySet(ScopedQuerySet):
    pass


class AuditEvent(models.Model):
    """One create, change, delete or import of a scoped record, in one table the auditor
    can filter. Field values of personal data never appear here: only their names."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=16, choices=ChangeAction.choices)
    model = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    area_path = models.CharField(_("区域路径"), max_length=255, blank=True)

    objects = AuditQuerySet.as_manager()
    scope_path_lookup = "area_path"

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id"]),
            # Scoping asks for a path and the paths under it (= and LIKE 'path.%'). On
            # PostgreSQL one pattern index serves both, where db_index kept two (a plain
            # and a "_like" one) for every row written; elsewhere it is a plain index.
            models.Index(
                fields=["area_path"], name="auditevent_area_path", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} #{self.object_id}"


class AccessLog(models.Model):
    """Every full reveal of personal data and every export: who, when, what and why."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    action = models.CharField(_("操作"), max_length=16, choices=AccessAction.choices)
    model = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    fields = models.CharField(_("字段"), max_length=200, blank=True)
    reason = models.CharField(_("事由"), max_length=200)
    row_count = models.PositiveIntegerField(_("行数"), default=1)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    area_path = models.CharField(_("区域路径"), max_length=255, blank=True, db_index=True)

    objects = AuditQuerySet.as_manager()
    scope_path_lookup = "area_path"

    class Meta:
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} #{self.object_id} ({self.user_id})"
