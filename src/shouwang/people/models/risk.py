from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.text import bracketed
from shouwang.people.choices import HistoryKind, Measure, RiskLevel, RuleCondition


class RiskArea(models.Model):
    """A region declared at risk for a span of days. A province code (ending 0000) or a
    city code (ending 00) covers every county under it."""

    region_code = models.CharField(_("区划代码"), max_length=6, db_index=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("风险地区")
        verbose_name_plural = _("风险地区")
        ordering = ["-valid_from", "region_code"]

    def __str__(self) -> str:
        return self.name + bracketed(self.get_level_display())


class RiskRule(models.Model):
    """A rule district staff edit: a condition with its thresholds, and the measure it
    proposes. Evaluation marks the person key and writes the reason in words."""

    name = models.CharField(_("名称"), max_length=100)
    condition = models.CharField(_("条件"), max_length=24, choices=RuleCondition.choices)
    #: Risk-area rules: the lowest level that counts, and how far back history counts.
    min_level = models.CharField(
        _("最低风险等级"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    within_days = models.PositiveSmallIntegerField(_("追溯天数"), default=14)
    history_kinds = models.CharField(
        _("计入的历史类型"),
        max_length=60,
        default=f"{HistoryKind.TRAVEL},{HistoryKind.RESIDENCE}",
        help_text=_("以逗号分隔：travel, residence, contact"),
    )
    #: Fever rules: the temperature at or above which the rule matches.
    temperature_threshold = models.DecimalField(
        _("体温阈值"), max_digits=3, decimal_places=1, default=37.3
    )
    proposed_measure = models.CharField(
        _("建议措施"), max_length=24, choices=Measure.choices, default=Measure.HOME_ISOLATION
    )
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("研判规则")
        verbose_name_plural = _("研判规则")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def kinds(self) -> set[str]:
        return {kind.strip() for kind in self.history_kinds.split(",") if kind.strip()}
