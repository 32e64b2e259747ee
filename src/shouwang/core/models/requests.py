from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientRequest(models.Model):
    """A device's write, remembered by the UUID the device made for it, so that a retry
    after a dropped connection gets the first answer instead of a second record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    client_uuid = models.UUIDField(_("客户端编号"))
    endpoint = models.CharField(_("接口"), max_length=200)
    status_code = models.PositiveSmallIntegerField(_("状态码"))
    response = models.JSONField(_("应答"), null=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("设备请求")
        verbose_name_plural = _("设备请求")
        constraints = [
            models.UniqueConstraint(fields=["user", "client_uuid"], name="one_answer_per_uuid")
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.client_uuid}"
