from django.urls import path

from shouwang.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("templates/", views.shift_template_list, name="shifttemplate_list"),
    path("posts/<int:pk>/week/", views.roster_week_view, name="post_week"),
    path("shifts/<int:pk>/", views.shift_edit, name="shift_edit"),
    path("shifts/<int:pk>/handover/", views.shift_handover_view, name="shift_handover"),
]
