from django.urls import path

from shouwang.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("screen/", views.screen, name="screen"),
    path("refresh/", views.snapshot_refresh, name="snapshot_refresh"),
    path("runs/<int:pk>/", views.run_status, name="run_status"),
    path("daily/", views.report_list, name="report_list"),
    path("daily/request/", views.report_request, name="report_request"),
    path("daily/<int:pk>/<str:kind>/", views.report_file, name="report_file"),
    path("emergency/", views.emergency_create, name="emergency_create"),
]
