from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.TextChoices):
    """The departments checkpoint and site staff are drawn from (seed 000: Nantou's 104
    staff came from 7 departments)."""

    POLICE = "police", _("公安")
    TRAFFIC_POLICE = "traffic_police", _("交警")
    HEALTH = "health", _("卫健")
    CITY_MANAGEMENT = "city_management", _("城管")
    VOLUNTEERS = "volunteers", _("志愿者")
    STREET_OFFICE = "street_office", _("街道社区")
    OTHER = "other", _("其他")


class PostKind(models.TextChoices):
    """What a roster is kept for. Each module that owns a kind of post names it here."""

    CHECKPOINT = "checkpoint", _("卡点")
    SITE = "site", _("隔离点")
    PORT = "port", _("口岸分流点")
