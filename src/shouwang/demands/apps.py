from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "shouwang.demands"
    label = "demands"
    verbose_name = _("企业诉求")

    def ready(self) -> None:
        from shouwang.demands import receivers  # noqa: F401  (visit problems become demands)
