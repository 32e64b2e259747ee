from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IsolationConfig(AppConfig):
    name = "shouwang.isolation"
    label = "isolation"
    verbose_name = _("居家隔离")

    def ready(self) -> None:
        from shouwang.isolation.timeline import isolation_entries
        from shouwang.people.timeline import register_timeline_source

        register_timeline_source(isolation_entries)
