from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuarantineConfig(AppConfig):
    name = "shouwang.quarantine"
    label = "quarantine"
    verbose_name = _("集中隔离")

    def ready(self) -> None:
        from shouwang.core.choices import Role
        from shouwang.core.homes import HomeLink, register_home_link
        from shouwang.people.timeline import register_timeline_source
        from shouwang.quarantine import manifest  # noqa: F401  (registers the importer)
        from shouwang.quarantine.selectors.sites import stay_timeline_entries

        register_home_link(HomeLink(Role.SITE_STAFF, _("隔离点看板"), "quarantine:site_station"))
        register_home_link(HomeLink(Role.PORT_STAFF, _("口岸闭环登记"), "quarantine:port_station"))
        register_timeline_source(stay_timeline_entries)
