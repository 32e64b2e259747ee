from django.db import models
from django.utils.translation import gettext_lazy as _


class ReliefKind(models.TextChoices):
    """What a relief item gives: the ledger totals by it."""

    RENT = "rent", _("租金减免")
    SOCIAL_INSURANCE = "social_insurance", _("社保减免")
    SUBSIDY = "subsidy", _("资金补贴")
    LOAN = "loan", _("贷款贴息")
    TAX = "tax", _("税费减免")
    OTHER = "other", _("其他")


class WindowState(models.TextChoices):
    """Where today stands in an item's application window."""

    OPEN = "open", _("申报中")
    NOT_YET = "not_yet", _("尚未开始申报")
    CLOSED = "closed", _("申报已截止")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("匹配中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
