from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    HOTEL = "hotel", _("集中隔离酒店")
    HEALTH_STATION = "health_station", _("健康驿站")
    OTHER = "other", _("其他隔离场所")


class ServedGroup(models.TextChoices):
    """Who a site takes in (seed 001: cross-border drivers; seed 002: inbound persons)."""

    INBOUND = "inbound", _("入境人员")
    CROSS_BORDER_DRIVER = "cross_border_driver", _("跨境货车司机")
    CLOSE_CONTACT = "close_contact", _("密切接触者")
    KEY_AREA_RETURNEE = "key_area_returnee", _("重点地区来返人员")
    OTHER = "other", _("其他")


class RoomType(models.TextChoices):
    SINGLE = "single", _("单人间")
    TWIN = "twin", _("双人间")
    FAMILY = "family", _("家庭房")
    SUITE = "suite", _("套房")


class RoomState(models.TextChoices):
    VACANT = "vacant", _("空闲")
    OCCUPIED = "occupied", _("已入住")
    CLEANING = "cleaning", _("待消杀")
    MAINTENANCE = "maintenance", _("维修")
    RESERVED = "reserved", _("预留")


#: The states a person at the site may set by hand; "occupied" follows the stays.
MANUAL_ROOM_STATES = (
    RoomState.VACANT,
    RoomState.CLEANING,
    RoomState.MAINTENANCE,
    RoomState.RESERVED,
)


class StayStatus(models.TextChoices):
    ACTIVE = "active", _("在住")
    ENDED = "ended", _("已离开")


class StayOutcome(models.TextChoices):
    """Where a person goes at check-out; his control measure follows."""

    RELEASED = "released", _("解除隔离")
    HOSPITAL = "hospital", _("转送医院")
    HOME_ISOLATION = "home_isolation", _("转居家隔离")
    TRANSFER = "transfer", _("转其他隔离点")


class StaySource(models.TextChoices):
    DIRECT = "direct", _("直接入住")
    PORT_LOOP = "port_loop", _("口岸闭环转运")
    SCREENING = "screening", _("筛查安置")
    TRANSFER = "transfer", _("隔离点转入")


class SampleKind(models.TextChoices):
    NUCLEIC_ACID = "nucleic_acid", _("核酸")
    ANTIBODY = "antibody", _("抗体")
    ANTIGEN = "antigen", _("抗原")


class SampleResult(models.TextChoices):
    PENDING = "pending", _("待出结果")
    NEGATIVE = "negative", _("阴性")
    POSITIVE = "positive", _("阳性")


class BatchStatus(models.TextChoices):
    RECEIVING = "receiving", _("接收登记中")
    CLOSED = "closed", _("已核对")


class LoopPlace(models.TextChoices):
    """Where a person of a handover batch is: always exactly one of these."""

    AT_PORT = "at_port", _("在口岸")
    ON_VEHICLE = "on_vehicle", _("转运途中")
    CHECKED_IN = "checked_in", _("已入住隔离点")
    HOME = "home", _("已送达居家隔离")
    MISSING = "missing", _("缺失")


class Destination(models.TextChoices):
    SITE = "site", _("集中隔离点")
    HOME = "home", _("居家隔离")


class TransferStatus(models.TextChoices):
    LOADING = "loading", _("待发车")
    DEPARTED = "departed", _("在途")
    ARRIVED = "arrived", _("已清点")


class DiscrepancyKind(models.TextChoices):
    COUNT = "count", _("人数与交接数不符")
    NOT_ON_LIST = "not_on_list", _("名单外人员")
    NOT_REGISTERED = "not_registered", _("名单内人员未登记")
    NOT_ON_VEHICLE = "not_on_vehicle", _("非本车人员")
    MISSING_ON_ARRIVAL = "missing_on_arrival", _("到达清点缺人")


class EventKind(models.TextChoices):
    SHIP = "ship", _("邮轮/船舶")
    TRAIN = "train", _("列车")
    BUILDING = "building", _("楼宇/小区")
    OTHER = "other", _("其他")


class ManifestRole(models.TextChoices):
    PASSENGER = "passenger", _("旅客")
    CREW = "crew", _("船员/乘务")
