from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "shouwang.policies"
    label = "policies"
    verbose_name = _("惠企政策")

    def ready(self) -> None:
        from shouwang.policies import (
            receivers,  # noqa: F401  (follows enterprises that move)
            services,  # noqa: F401  (registers the ledger importer)
        )
