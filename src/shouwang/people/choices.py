from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    UNKNOWN = "unknown", _("未知")


class Measure(models.TextChoices):
    """Control measures, one active per person at a time."""

    NONE = "none", _("无")
    HEALTH_MONITORING = "health_monitoring", _("健康监测")
    HOME_ISOLATION = "home_isolation", _("居家隔离")
    CENTRALISED_QUARANTINE = "centralised_quarantine", _("集中隔离")
    HOSPITAL = "hospital", _("送医")
    RELEASED = "released", _("已解除")


#: What a person's measure may be changed to: 无 is only where a person starts, and a
#: measure ends as 已解除 (measure_change refuses 无).
CHANGEABLE_MEASURES = [(value, label) for value, label in Measure.choices if value != Measure.NONE]

#: How strict each measure is: a rule proposes the strictest that matched.
MEASURE_STRICTNESS = {
    Measure.NONE: 0,
    Measure.RELEASED: 0,
    Measure.HEALTH_MONITORING: 1,
    Measure.HOME_ISOLATION: 2,
    Measure.CENTRALISED_QUARANTINE: 3,
    Measure.HOSPITAL: 4,
}


class HealthState(models.TextChoices):
    NORMAL = "normal", _("正常")
    FEVER = "fever", _("发热")
    SUSPECTED = "suspected", _("疑似")
    POSITIVE = "positive", _("阳性/无症状")
    CONFIRMED = "confirmed", _("确诊")
    RECOVERED = "recovered", _("治愈")
    DECEASED = "deceased", _("死亡")


class HealthSource(models.TextChoices):
    STAFF = "staff", _("工作人员登记")
    FOLLOW_UP = "follow_up", _("居家隔离随访")
    SELF_DECLARATION = "self_declaration", _("自主申报")
    CHECKPOINT = "checkpoint", _("卡点检测")
    HOSPITAL = "hospital", _("医疗机构")
    QUARANTINE_SITE = "quarantine_site", _("隔离点")


class EpisodeKind(models.TextChoices):
    ARRIVAL = "arrival", _("抵达")
    SCREENING = "screening", _("筛查")
    EXPOSURE = "exposure", _("暴露")


class HistoryKind(models.TextChoices):
    TRAVEL = "travel", _("旅行史")
    RESIDENCE = "residence", _("居住史")
    CONTACT = "contact", _("接触史")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


RISK_LEVEL_RANK = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}


class RuleCondition(models.TextChoices):
    """What a risk rule looks at; its thresholds are the rule's data."""

    RISK_AREA_HISTORY = "risk_area_history", _("近期到过风险地区（旅行或居住）")
    CONTACT_HISTORY = "contact_history", _("有接触史")
    FEVER = "fever", _("体温达到阈值")
    HEALTH_STATE = "health_state", _("健康状态为疑似、阳性或确诊")


class DeclarationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("已退回")


class Symptom(models.TextChoices):
    FEVER = "fever", _("发热")
    COUGH = "cough", _("咳嗽")
    FATIGUE = "fatigue", _("乏力")
    SORE_THROAT = "sore_throat", _("咽痛")
    DIARRHOEA = "diarrhoea", _("腹泻")
    LOSS_OF_SMELL = "loss_of_smell", _("嗅觉或味觉减退")
