from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckpointsConfig(AppConfig):
    name = "shouwang.checkpoints"
    label = "checkpoints"
    verbose_name = _("卡点")

    def ready(self) -> None:
        from django.core import checks

        from shouwang.checkpoints.offline import offline_files_missing
        from shouwang.core.choices import Role
        from shouwang.core.homes import HomeLink, register_home_link

        register_home_link(
            HomeLink(
                Role.CHECKPOINT_STAFF, _("登记过往车辆和人员"), "checkpoints:checkpoint_station"
            )
        )
        checks.register(offline_files_missing, checks.Tags.staticfiles)
