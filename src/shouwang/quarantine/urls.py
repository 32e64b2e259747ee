from django.urls import path

from shouwang.quarantine.views import loop, screening, sites

app_name = "quarantine"

urlpatterns = [
    path("sites/station/", sites.site_station, name="site_station"),
    path("sites/", sites.site_list, name="site_list"),
    path("sites/new/", sites.site_create_view, name="site_create"),
    path("sites/<int:pk>/", sites.site_board_view, name="site_board"),
    path("sites/<int:pk>/setup/", sites.site_setup, name="site_setup"),
    path("sites/<int:pk>/check-in/", sites.check_in_view, name="check_in"),
    path("rooms/<int:pk>/state/", sites.room_state_view, name="room_state"),
    path("stays/<int:pk>/", sites.stay_detail, name="stay_detail"),
    path("ports/station/", loop.port_station, name="port_station"),
    path("ports/", loop.port_list, name="port_list"),
    path("ports/new/", loop.port_create_view, name="port_create"),
    path("ports/<int:pk>/", loop.port_board, name="port_board"),
    path("batches/<int:pk>/", loop.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/<slug:action>/", loop.batch_action, name="batch_action"),
    path("transfers/<int:pk>/", loop.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/<slug:action>/", loop.transfer_action, name="transfer_action"),
    path("screening/", screening.event_list, name="event_list"),
    path("screening/new/", screening.event_create_view, name="event_create"),
    path("screening/<int:pk>/", screening.event_detail, name="event_detail"),
    path("screening/<int:pk>/screen/", screening.event_screen, name="event_screen"),
    path("screening/<int:pk>/<slug:action>/", screening.event_action, name="event_action"),
]
