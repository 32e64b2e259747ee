from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shouwang.people"
    label = "people"
    verbose_name = _("人员")

    def ready(self) -> None:
        from shouwang.core.counters import AreaCounter, register_counter
        from shouwang.people import (  # noqa: F401  (register the importer and the export)
            exports,
            importers,
        )
        from shouwang.people.selectors import person_count_by_path, person_count_under

        register_counter(AreaCounter("people", _("人员"), person_count_by_path, person_count_under))
