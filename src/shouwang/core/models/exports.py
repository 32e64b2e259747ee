from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.fields import EncryptedTextField
from shouwang.core.models.progress import RowProgress


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    READY = "ready", _("可下载")
    FAILED = "failed", _("失败")


#: A job that wrote nothing for this long is not running any more (its worker stopped:
#: a restart during an upgrade); the longest quiet stretch of a district's export, the
#: zipping of its 45 MiB file, takes well under a minute.
STALLED_AFTER = timedelta(minutes=10)
#: A job still queued after this long is waiting for a worker that is not running, or is
#: busy with another long export: its page says so rather than showing an empty bar.
WAITED_LONG_AFTER = timedelta(minutes=2)


class ExportJobQuerySet(models.QuerySet):
    def of(self, user) -> "ExportJobQuerySet":
        """The user's own exports, without their files (a district's list is tens of MiB)
        or their sealed filters (the page asks every second)."""
        return self.filter(created_by=user).defer("content", "query")


class ExportJob(RowProgress):
    """A list on its way out as xlsx, written by a background task.

    The page polls ``processed_rows``. The finished file is kept sealed (core.pii) until
    ``expires_at`` for its exporter alone; each download is an export in the access log.
    """

    kind = models.CharField(_("导出类型"), max_length=64)
    # Stored as written: in the language of the person who exported.
    title = models.CharField(_("名称"), max_length=100)
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    # The list's filters as a query string, sealed: a search may be an ID number.
    query = EncryptedTextField(_("筛选条件"), blank=True)
    reason = models.CharField(_("导出事由"), max_length=200)
    reveal = models.BooleanField(_("完整信息"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    #: What the access log names: the model exported and the fields shown in full.
    model = models.CharField(max_length=100, blank=True, editable=False)
    revealed_fields = models.CharField(max_length=200, blank=True, editable=False)
    content = models.BinaryField(null=True, editable=False)
    message = models.TextField(pgettext_lazy("job message", "说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("导出人")
    )
    created_at = models.DateTimeField(_("导出时间"), auto_now_add=True)
    #: Set each time the running job writes its progress.
    progressed_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("下载截止"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="export_job_user")]

    def __str__(self) -> str:
        return self.title

    @property
    def interrupted(self) -> bool:
        return (
            self.status == ExportStatus.RUNNING
            and self.progressed_at is not None
            and timezone.now() - self.progressed_at > STALLED_AFTER
        )

    @property
    def waited_long(self) -> bool:
        return (
            self.status == ExportStatus.QUEUED
            and timezone.now() - self.created_at > WAITED_LONG_AFTER
        )

    @property
    def running(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING} and not self.interrupted

    @property
    def may_run_again(self) -> bool:
        """Stopped, failed, or its file gone: the page offers the same export again."""
        return (
            self.interrupted
            or self.status == ExportStatus.FAILED
            or (self.status == ExportStatus.READY and not self.downloadable)
        )

    @property
    def downloadable(self) -> bool:
        return self.status == ExportStatus.READY and timezone.now() < self.expires_at
