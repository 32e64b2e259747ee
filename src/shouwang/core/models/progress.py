from django.db import models
from django.utils.translation import gettext_lazy as _


class RowProgress(models.Model):
    """How far a background job has gone through a file's rows; its page polls these."""

    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
