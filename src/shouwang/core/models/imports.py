from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.models.progress import RowProgress
from shouwang.core.scoping import ScopedQuerySet


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    VALIDATING = "validating", _("校验中")
    VALIDATED = "validated", _("待确认")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("全部正确才导入")
    GOOD_ROWS = "good_rows", _("只导入正确的行")


class ImportJobQuerySet(ScopedQuerySet):
    pass


class ImportJob(RowProgress):
    """One uploaded file on its way in: validation, preview, the user's choice, the write.

    Background tasks update ``processed_rows`` as they go; the page polls it.
    """

    kind = models.CharField(_("导入类型"), max_length=32)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    column_mapping = models.JSONField(_("列对应"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    mode = models.CharField(_("导入方式"), max_length=16, choices=ImportMode.choices, blank=True)
    error_rows = models.PositiveIntegerField(_("错误行数"), default=0)
    written_rows = models.PositiveIntegerField(_("已写入"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    preview = models.JSONField(_("预览"), default=list, blank=True)
    message = models.TextField(pgettext_lazy("job message", "说明"), blank=True)
    # Messages are stored as written: in the language of the person who uploaded.
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    # Empty only for a superuser's import into a database that has no tree yet.
    area = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入范围"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
