from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnterprisesConfig(AppConfig):
    name = "shouwang.enterprises"
    label = "enterprises"
    verbose_name = _("企业复工复产")

    def ready(self) -> None:
        from shouwang.core.counters import AreaCounter, register_counter
        from shouwang.enterprises import (  # noqa: F401  (register the importer and the export)
            exports,
            importers,
        )
        from shouwang.enterprises.selectors import (
            enterprise_count_by_path,
            enterprise_count_under,
        )

        register_counter(
            AreaCounter(
                "enterprises",
                pgettext_lazy("many", "企业"),
                enterprise_count_by_path,
                enterprise_count_under,
            )
        )
