from django.urls import path

from shouwang.checkpoints import views

app_name = "checkpoints"

urlpatterns = [
    path("", views.checkpoint_list, name="checkpoint_list"),
    path("station/", views.checkpoint_station, name="checkpoint_station"),
    path("new/", views.checkpoint_create_view, name="checkpoint_create"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("watch/", views.watched_vehicle_list, name="watchedvehicle_list"),
    path("<int:pk>/", views.checkpoint_detail, name="checkpoint_detail"),
    path("<int:pk>/register/", views.passage_register_page, name="passage_register"),
    path("<int:pk>/passages/", views.passage_list, name="passage_list"),
    path("<int:pk>/devices/new/", views.device_create_view, name="device_create"),
    path("devices/<int:pk>/revoke/", views.device_revoke_view, name="device_revoke"),
    path("passages/<int:pk>/", views.passage_detail, name="passage_detail"),
]
