from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.choices import Role
from shouwang.core.scoping import ScopedQuerySet


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. ``area`` is where the account belongs: whoever manages
    accounts in that subtree manages this one. Superusers may have none."""

    area = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属区域"),
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def roles(self) -> set[str]:
        return {assignment.role for assignment in self.assignments.all()}


class AssignmentQuerySet(ScopedQuerySet):
    pass


class Assignment(models.Model):
    """A user holds a role in an area and, with it, that area's subtree."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="assignments", verbose_name=_("用户")
    )
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="assignments", verbose_name=_("区域")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="unique_assignment")
        ]
        ordering = ["area__path", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area}"
