from django.urls import path

from shouwang.people import declaration_views, views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export/", views.person_export, name="person_export"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/delete/", views.person_delete_view, name="person_delete"),
    path("<int:pk>/reveal/", views.person_reveal_view, name="person_reveal"),
    path("<int:pk>/add/<slug:kind>/", views.person_timeline_add, name="person_timeline_add"),
    path(
        "<int:pk>/history/<int:entry_pk>/place/",
        views.history_place_correct_view,
        name="history_place_correct",
    ),
    path(
        "declarations/",
        declaration_views.DeclarationListView.as_view(),
        name="declaration_list",
    ),
    path(
        "declarations/<int:pk>/",
        declaration_views.declaration_detail,
        name="declaration_detail",
    ),
    path(
        "declarations/<int:pk>/<slug:decision>/",
        declaration_views.declaration_review,
        name="declaration_review",
    ),
    path("declare/<str:code>/", declaration_views.declaration_form, name="declaration_form"),
    path("declare/<str:code>/done/", declaration_views.declaration_done, name="declaration_done"),
    path(
        "declare/<str:code>/poster/",
        declaration_views.declaration_poster,
        name="declaration_poster",
    ),
    path("risk-areas/", views.RiskAreaListView.as_view(), name="riskarea_list"),
    path("risk-areas/new/", views.risk_area_edit, name="riskarea_create"),
    path("risk-areas/<int:pk>/", views.risk_area_edit, name="riskarea_edit"),
    path("rules/new/", views.risk_rule_edit, name="riskrule_create"),
    path("rules/<int:pk>/", views.risk_rule_edit, name="riskrule_edit"),
]
