from django.db import models
from django.utils.translation import gettext_lazy as _


class ScaleCategory(models.TextChoices):
    """Where the statistics office counts an enterprise (统计上的规模以上/以下)."""

    ABOVE_SCALE_INDUSTRIAL = "above_scale_industrial", _("规上工业")
    ABOVE_SCALE = "above_scale", _("其他规上")
    BELOW_SCALE = "below_scale", _("规下")


class SizeClass(models.TextChoices):
    """《统计上大中小微型企业划分办法（2017）》."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class LandlordKind(models.TextChoices):
    GOVERNMENT = "government", _("政府物业")
    STATE_OWNED = "state_owned", _("国企物业")
    SHAREHOLDING = "shareholding", _("股份合作公司物业")
    PRIVATE = "private", _("私人业主")
    OWN = "own", _("自有物业")


class KeyProjectLevel(models.TextChoices):
    PROVINCE = "province", _("省重点")
    CITY = "city", _("市重点")
    DISTRICT = "district", _("区重点")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FILED = "filed", _("已报备")
    ACCEPTED = "accepted", _("已受理")
    RETURNED = "returned", _("已退回")
    RESUMED = "resumed", _("已复工")
    SUSPENDED = "suspended", _("已停工")


class ResumptionState(models.TextChoices):
    """An enterprise's place on the way back to work, for lists and the dashboard."""

    NOT_FILED = "not_filed", _("未报备")
    DRAFT = "draft", _("草稿")
    FILED = "filed", _("已报备")
    ACCEPTED = "accepted", _("已受理")
    RETURNED = "returned", _("已退回")
    RESUMED = "resumed", _("已复工")
    SUSPENDED = "suspended", _("已停工")


class ChecklistAnswer(models.TextChoices):
    DONE = "done", _("已落实")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class TripKind(models.TextChoices):
    TRAIN = "train", _("返岗专列")
    CHARTERED_BUS = "chartered_bus", _("点对点包车")


class ProblemCategory(models.TextChoices):
    SUPPLIES = "supplies", _("防疫物资")
    WORKFORCE = "workforce", _("用工")
    LOGISTICS = "logistics", _("物流运输")
    MATERIALS = "materials", _("原材料")
    FINANCE = "finance", _("资金")
    RENT = "rent", _("租金")
    POLICY = "policy", _("政策咨询")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RAISED = "raised", _("已转诉求")
    SOLVED = "solved", _("已现场解决")
