from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DemandCategory(models.TextChoices):
    WORKERS = "workers", _("用工")
    SUPPLIES = "supplies", _("防疫物资")
    LOGISTICS = "logistics", _("物流运输")
    FUNDING = "funding", _("资金")
    RENT = "rent", _("租金")
    POLICY = "policy", _("政策咨询")
    OTHER = "other", _("其他")


class DemandStatus(models.TextChoices):
    NEW = "new", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已办结")
    CONFIRMED = "confirmed", _("已确认")
    REOPENED = "reopened", _("重新办理")


#: Still on someone's desk (a resolved demand waits for the enterprise's word).
OPEN_STATUSES = (
    DemandStatus.NEW,
    DemandStatus.ACCEPTED,
    DemandStatus.IN_PROGRESS,
    DemandStatus.REOPENED,
)


class DemandSource(models.TextChoices):
    QR = "qr", _("扫码提交")
    ACCOUNT = "account", _("企业账号")
    VISIT = "visit", pgettext_lazy("demand channel", "走访发现")


class Department(models.TextChoices):
    """Who a demand is routed to: a district department, or the enterprise's street."""

    STREET = "street", _("属地街道")
    HUMAN_RESOURCES = "human_resources", _("区人力资源局")
    INDUSTRY = "industry", _("区科技和工业信息化局")
    TRANSPORT = "transport", _("区交通运输局")
    FINANCE = "finance", _("区金融工作局")
    STATE_ASSETS = "state_assets", _("区国资局")
    COMMERCE = "commerce", _("区商务局")


class Stage(models.TextChoices):
    RESPOND = "respond", _("受理")
    PLAN = "plan", _("制定方案")
    CLOSE = "close", _("办结")


class FeedbackChannel(models.TextChoices):
    RETURN_VISIT = "return_visit", _("回访")
    ENTERPRISE = "enterprise", _("企业确认")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    ACCEPTED = "accepted", _("受理")
    TRANSFERRED = "transferred", _("转办")
    PLANNED = "planned", _("制定方案")
    RESOLVED = "resolved", _("办结")
    CONFIRMED = "confirmed", _("确认满意")
    REOPENED = "reopened", _("不满意，重新办理")
    REMINDED = "reminded", _("超时提醒")
