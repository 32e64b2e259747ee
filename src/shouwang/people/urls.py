from django.urls import path

from shouwang.people import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export/", views.person_export, name="person_export"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/delete/", views.person_delete_view, name="person_delete"),
    path("<int:pk>/reveal/", views.person_reveal_view, name="person_reveal"),
]
