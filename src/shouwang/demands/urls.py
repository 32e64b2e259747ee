from django.urls import path

from shouwang.demands.views import board, handling, public

app_name = "demands"

urlpatterns = [
    path("", handling.demand_list, name="demand_list"),
    path("new/", handling.demand_create, name="demand_create"),
    path("export/", handling.demand_export, name="demand_export"),
    path("board/", board.board, name="board"),
    path("rules/", handling.settings_list, name="settings_list"),
    path("rules/<int:area_pk>/", handling.settings_edit, name="settings_edit"),
    path("<int:pk>/", handling.demand_detail, name="demand_detail"),
    path("<int:pk>/reveal/", handling.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", handling.demand_action, name="demand_action"),
    path("attachments/<int:pk>/", handling.attachment, name="attachment"),
    path("d/<str:code>/", public.demand_form, name="demand_form"),
    path("d/<str:code>/poster/", public.poster, name="poster"),
    path("t/<str:token>/", public.track, name="track"),
]
