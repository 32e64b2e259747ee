from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shouwang.reports"
    label = "reports"
    verbose_name = _("数读")

    def ready(self):
        from shouwang.core.homes import HomePanel, register_home_panel
        from shouwang.reports.selectors import home_numbers

        register_home_panel(HomePanel("reports/_home_numbers.html", home_numbers))
