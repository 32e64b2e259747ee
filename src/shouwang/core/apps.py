from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shouwang.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from shouwang.core import audit  # noqa: F401  (connects the history signal)
