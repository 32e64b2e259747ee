from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.enterprises.choices import ProblemCategory, ProblemStatus
from shouwang.enterprises.models.enterprises import EnterpriseScopedQuerySet


class ServiceVisitQuerySet(EnterpriseScopedQuerySet):
    pass


class ServiceVisit(models.Model):
    """A door-knocking service visit (敲门行动): what was found, what was handed over."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="visits", verbose_name=_("企业")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人员"), max_length=200)
    findings = models.TextField(_("走访发现"), blank=True)
    supplies_handed_over = models.CharField(_("送达物资"), max_length=300, blank=True)
    masks_handed_over = models.PositiveIntegerField(_("送达口罩（只）"), default=0)
    policies_handed_over = models.CharField(_("宣讲政策"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ServiceVisitQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("走访服务")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.visited_on}"


class VisitProblemQuerySet(EnterpriseScopedQuerySet):
    pass


class VisitProblem(models.Model):
    """A problem a visit found. Raised, it becomes an enterprise demand (the demands
    module listens to ``signals.visit_problem_raised`` and fills ``demand_reference``)."""

    visit = models.ForeignKey(ServiceVisit, models.CASCADE, related_name="problems")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="visit_problems"
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    category = models.CharField(_("类别"), max_length=12, choices=ProblemCategory.choices)
    description = models.CharField(_("问题描述"), max_length=500)
    status = models.CharField(
        _("状态"), max_length=8, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    demand_reference = models.CharField(_("诉求编号"), max_length=40, blank=True)
    raised_at = models.DateTimeField(_("转诉求时间"), null=True, blank=True)

    objects = VisitProblemQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("走访发现的问题")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.description[:40]
