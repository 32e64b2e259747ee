"""The URLconf of device requests (core.handlers.MachineHandler): the passage endpoint,
then every other URL, so that ``reverse()`` inside such a request (an alert's link) finds
the pages as anywhere else."""

from django.conf import settings
from django.urls import include, path

from shouwang.checkpoints import device_api

urlpatterns = [
    path(device_api.PASSAGES_ROUTE, device_api.passage_post),
    path("", include(settings.ROOT_URLCONF)),
]
