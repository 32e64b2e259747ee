from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from shouwang.core.views import accounts, alerts, areas, audit, exports, home, imports

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("core:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("areas/", areas.area_root, name="area_root"),
    path("areas/search/", areas.area_search, name="area_search"),
    path("areas/<int:pk>/", areas.area_detail, name="area_detail"),
    path("areas/<int:pk>/building/", areas.building_edit, name="building_edit"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/<slug:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.csv", imports.import_errors_download, name="import_errors"),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/file/", exports.export_file, name="export_file"),
    path("exports/<int:pk>/again/", exports.export_repeat, name="export_repeat"),
    path("users/", accounts.UserListView.as_view(), name="user_list"),
    path("users/new/", accounts.user_create_view, name="user_create"),
    path("users/<int:pk>/", accounts.user_detail, name="user_detail"),
    path("users/<int:pk>/assignments/", accounts.assignment_add_view, name="assignment_add"),
    path(
        "users/<int:pk>/assignments/<int:assignment_pk>/delete/",
        accounts.assignment_remove_view,
        name="assignment_remove",
    ),
    path("users/<int:pk>/password/", accounts.user_password_reset_view, name="user_password_reset"),
    path("users/<int:pk>/unlock/", accounts.user_unlock_view, name="user_unlock"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("alerts/", alerts.alert_inbox, name="alert_inbox"),
    path("alerts/<int:pk>/acknowledge/", alerts.alert_acknowledge_view, name="alert_acknowledge"),
    path("alerts/<int:pk>/close/", alerts.alert_close_view, name="alert_close"),
]
