from django.urls import path

from shouwang.isolation import views

app_name = "isolation"

urlpatterns = [
    path("", views.board, name="order_board"),
    path("today/", views.today, name="today"),
    path("commitment-letter/", views.commitment_template_edit, name="commitment_template"),
    path("new/<int:person_pk>/", views.order_create, name="order_create"),
    path("<int:pk>/", views.order_detail, name="order_detail"),
    path("<int:pk>/follow-up/", views.follow_up_create, name="followup_create"),
    path("<int:pk>/commitment/", views.commitment_print, name="commitment_print"),
    path("<int:pk>/<slug:change>/", views.order_change, name="order_change"),
    path("sign/<str:token>/", views.commitment_sign_view, name="commitment_sign"),
]
