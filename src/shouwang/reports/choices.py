from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class RunKind(models.TextChoices):
    SNAPSHOT = "snapshot", _("每日数据")
    REPORT = "report", _("每日报告")
