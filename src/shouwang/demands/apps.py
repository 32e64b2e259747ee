from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "shouwang.demands"
    label = "demands"
    verbose_name = _("企业诉求")

    def ready(self) -> None:
        from shouwang.core.choices import Role
        from shouwang.core.homes import HomeLink, register_home_link
        from shouwang.demands import (  # noqa: F401
            exports,  # registers the export
            receivers,  # visit problems become demands
        )

        register_home_link(HomeLink(Role.ENTERPRISE_USER, _("提出诉求"), "demands:demand_create"))
