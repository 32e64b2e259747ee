from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointKind(models.TextChoices):
    HIGHWAY_EXIT = "highway_exit", _("高速公路出口")
    CITY_BOUNDARY = "city_boundary", _("市界检查站")
    PORT = "port", _("口岸")
    COMMUNITY_ENCLOSURE = "community_enclosure", _("社区封闭卡口")


class Direction(models.TextChoices):
    IN = "in", _("进")
    OUT = "out", _("出")


class PassageMode(models.TextChoices):
    VEHICLE = "vehicle", _("车辆")
    FOOT = "foot", _("步行")


class VehicleKind(models.TextChoices):
    CAR = "car", _("小型客车")
    BUS = "bus", _("大中型客车")
    TRUCK = "truck", _("货车")
    MOTORCYCLE = "motorcycle", _("摩托车")
    OTHER = "other", _("其他")


class FlagKind(models.TextChoices):
    FEVER = "fever", _("体温异常")
    RISK_AREA = "risk_area", _("来自或途经风险地区")
    MEASURE = "measure", _("处于管控措施中")
    WATCHED_VEHICLE = "watched_vehicle", _("布控车辆")
