from django.urls import path

from shouwang.policies.views import calculator, catalogue, ledger, matching

app_name = "policies"

urlpatterns = [
    path("", calculator.home, name="home"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("calculator/pdf/", calculator.calculator_pdf, name="calculator_pdf"),
    path("poster/", calculator.poster, name="poster"),
    path("mine/", calculator.mine, name="mine"),
    path("enterprises/<int:pk>/", calculator.enterprise_calculator, name="enterprise_calculator"),
    path(
        "enterprises/<int:pk>/pdf/",
        calculator.enterprise_calculator_pdf,
        name="enterprise_calculator_pdf",
    ),
    path("enterprises/<int:pk>/notify/", matching.notify, name="notify"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/export/", catalogue.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", catalogue.catalogue_upload, name="catalogue_upload"),
    path("packages/new/", catalogue.package_edit, name="package_create"),
    path("packages/<int:pk>/", catalogue.package_edit, name="package_edit"),
    path("packages/<int:package_pk>/items/new/", catalogue.item_edit, name="item_create"),
    path("items/<int:pk>/", catalogue.item_edit, name="item_edit"),
    path("matching/", matching.runs, name="runs"),
    path("matching/<int:pk>/", matching.run_detail, name="run_detail"),
    path("entitlements/", matching.entitlements, name="entitlements"),
    path("entitlements/export/", matching.entitlements_export, name="entitlements_export"),
    path("notifications/", matching.notifications, name="notifications"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("ledger/export/", ledger.ledger_export, name="ledger_export"),
    path("ledger/new/", ledger.grant_create, name="grant_create"),
]
