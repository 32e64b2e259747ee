from django.urls import path

from shouwang.enterprises.views import dashboard, enterprises, filings, returns, visits

app_name = "enterprises"

urlpatterns = [
    path("", enterprises.enterprise_list, name="enterprise_list"),
    path("new/", enterprises.enterprise_create_view, name="enterprise_create"),
    path("export/", enterprises.enterprise_export, name="enterprise_export"),
    path("<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise_edit"),
    path("phones/<slug:kind>/<int:pk>/", enterprises.phone_reveal_view, name="phone_reveal"),
    path("<int:pk>/members/", enterprises.membership_add_view, name="membership_add"),
    path("members/<int:pk>/remove/", enterprises.membership_remove_view, name="membership_remove"),
    path("<int:enterprise_pk>/filing/", filings.filing_edit, name="filing_edit"),
    path("<int:enterprise_pk>/employees/", returns.employee_upload, name="employee_upload"),
    path("<int:enterprise_pk>/visit/", visits.visit_create, name="visit_create"),
    path("filings/", filings.filing_list, name="filing_list"),
    path("filings/<int:pk>/", filings.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/plan/", filings.filing_plan, name="filing_plan"),
    path("filings/<int:pk>/accept/", filings.filing_accept_view, name="filing_accept"),
    path("filings/<int:pk>/return/", filings.filing_return_view, name="filing_return"),
    path("filings/<int:pk>/resumed/", filings.filing_resumed_view, name="filing_resumed"),
    path("filings/<int:pk>/suspend/", filings.filing_suspend_view, name="filing_suspend"),
    path("problems/<int:pk>/raise/", visits.problem_raise, name="problem_raise"),
    path("problems/<int:pk>/solve/", visits.problem_solve, name="problem_solve"),
    path("trips/", returns.trip_list, name="trip_list"),
    path("trips/new/", returns.trip_create, name="trip_create"),
    path("trips/<int:pk>/", returns.trip_detail, name="trip_detail"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("rules/", dashboard.policy_list, name="policy_list"),
    path("rules/<int:area_pk>/", dashboard.policy_edit, name="policy_edit"),
    path("checklists/new/", dashboard.checklist_edit, name="checklist_create"),
    path("checklists/<int:pk>/", dashboard.checklist_edit, name="checklist_edit"),
]
