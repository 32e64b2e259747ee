from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "shouwang.policies"
    label = "policies"
    verbose_name = _("惠企政策")

    def ready(self) -> None:
        from shouwang.core.choices import Role
        from shouwang.core.homes import HomeLink, register_home_link
        from shouwang.policies import (
            exports,  # noqa: F401  (registers the lists' exports)
            receivers,  # noqa: F401  (follows enterprises that move)
            services,  # noqa: F401  (registers the ledger importer)
        )

        register_home_link(HomeLink(Role.ENTERPRISE_USER, _("惠企政策计算器"), "policies:mine"))
