from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from shouwang.checkpoints import api as checkpoints_api
from shouwang.core import api as core_api
from shouwang.core.views.home import healthz
from shouwang.demands import api as demands_api
from shouwang.enterprises import api as enterprises_api
from shouwang.isolation import api as isolation_api
from shouwang.people import api as people_api
from shouwang.policies import api as policies_api
from shouwang.quarantine import api as quarantine_api

router = DefaultRouter()
for app_api in (
    core_api,
    people_api,
    checkpoints_api,
    isolation_api,
    enterprises_api,
    quarantine_api,
    policies_api,
    demands_api,
):
    app_api.register_routes(router)

urlpatterns = [
    path("", include("shouwang.core.urls")),
    path("people/", include("shouwang.people.urls")),
    path("isolation/", include("shouwang.isolation.urls")),
    path("checkpoints/", include("shouwang.checkpoints.urls")),
    path("workforce/", include("shouwang.workforce.urls")),
    path("quarantine/", include("shouwang.quarantine.urls")),
    path("enterprises/", include("shouwang.enterprises.urls")),
    path("reports/", include("shouwang.reports.urls")),
    path("policies/", include("shouwang.policies.urls")),
    path("demands/", include("shouwang.demands.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/policies/calculate", policies_api.calculate_view, name="policies_calculate"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
