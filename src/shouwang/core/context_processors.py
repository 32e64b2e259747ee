from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.models import Alert
from shouwang.core.roles import (
    AUDIT,
    CHECKPOINT_DUTY,
    ENTERPRISE_VIEW,
    EXPORT,
    MANAGE_AREAS,
    MANAGE_POSTS,
    MANAGE_USERS,
    PORT_DUTY,
    SITE_DUTY,
    VIEW,
)
from shouwang.core.scoping import scope_paths


def _reads_numbers(user) -> bool:
    from shouwang.reports.selectors import may_read_numbers

    return may_read_numbers(user)


# (permission needed somewhere in the user's scope, or a test of the user; label, url name)
_NAVIGATION = [
    (None, _("首页"), "core:home"),
    (_reads_numbers, _("数读"), "reports:dashboard"),
    (VIEW, _("辖区"), "core:area_root"),
    (VIEW, _("人员"), "people:person_list"),
    (VIEW, _("居家隔离"), "isolation:order_board"),
    (CHECKPOINT_DUTY, _("卡点"), "checkpoints:checkpoint_station"),
    (SITE_DUTY, pgettext_lazy("many", "隔离点"), "quarantine:site_station"),
    (PORT_DUTY, _("口岸闭环"), "quarantine:port_station"),
    (PORT_DUTY, _("筛查"), "quarantine:event_list"),
    (MANAGE_POSTS, _("排班"), "workforce:staff_list"),
    (ENTERPRISE_VIEW, pgettext_lazy("many", "企业"), "enterprises:enterprise_list"),
    (ENTERPRISE_VIEW, _("惠企政策"), "policies:home"),
    (ENTERPRISE_VIEW, _("企业诉求"), "demands:demand_list"),
    (MANAGE_AREAS, _("导入"), "core:import_list"),
    (MANAGE_USERS, _("账号"), "core:user_list"),
    (AUDIT, _("审计"), "core:audit_list"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for permission, label, url_name in _NAVIGATION:
        if callable(permission):
            shown = permission(user)
        else:
            shown = permission is None or scope_paths(user, permission) != []
        if shown:
            url = reverse(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path.startswith(url) if url != "/" else request.path == "/",
                }
            )
    inbox = reverse("core:alert_inbox")
    items.insert(
        1,
        {
            "label": _("预警"),
            "url": inbox,
            "active": request.path.startswith(inbox),
            "badge": Alert.objects.for_inbox(user).open().count(),
        },
    )
    # The user menu offers 我的导出 (My exports) to whoever may export.
    return {"navigation": items, "may_export": scope_paths(user, EXPORT) != []}
