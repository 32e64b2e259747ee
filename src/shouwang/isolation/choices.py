from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    ACTIVE = "active", _("隔离中")
    ENDED = "ended", _("已结束")


class OrderOutcome(models.TextChoices):
    """How a home isolation ends, and the measure that follows."""

    RELEASED = "released", _("期满解除")
    EARLY_END = "early_end", _("提前解除")
    CENTRALISED_QUARANTINE = "centralised_quarantine", _("转集中隔离")
    HOSPITAL = "hospital", _("转送医院")


class Slot(models.TextChoices):
    """Temperature is taken twice a day; each slot is due by its hour."""

    MORNING = "morning", _("上午")
    EVENING = "evening", _("下午")


#: The hour (local time) by which each slot's follow-up is due.
SLOT_DUE_HOUR = {Slot.MORNING: 12, Slot.EVENING: 20}


class SlotState(models.TextChoices):
    DONE = "done", _("已随访")
    DUE = "due", _("待随访")
    OVERDUE = "overdue", _("已逾期")
