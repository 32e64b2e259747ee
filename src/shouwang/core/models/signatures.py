from django.db import models
from django.utils.translation import gettext_lazy as _


class Signature(models.Model):
    """A drawn signature under a text: what was signed (its version and SHA-256), who,
    when and on what device. Commitments of every module point here."""

    document = models.CharField(_("文书"), max_length=64)  # e.g. "home_isolation_commitment"
    text_version = models.CharField(_("文本版本"), max_length=40)
    text = models.TextField(_("签署文本"))
    text_sha256 = models.CharField(_("文本摘要"), max_length=64)
    signer_name = models.CharField(_("签署人"), max_length=50)
    image = models.TextField(_("签名图像"))  # a PNG data URL, as the canvas gives it
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)
    device = models.CharField(_("设备"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("电子签名")
        verbose_name_plural = _("电子签名")

    def __str__(self) -> str:
        return f"{self.signer_name} · {self.document} {self.text_version}"
