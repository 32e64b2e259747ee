"""The bare-Django baselines of bench/checkpoints.py: one view that inserts one row,
nothing else, served by gunicorn as ``bench.checkpoints_bare:application`` (the project's
settings and middleware, the baseline the goals name) and as
``bench.checkpoints_bare:device_road`` (the handler devices' passages take,
core.handlers.MachineHandler, with settings.MACHINE_MIDDLEWARE). Never part of the
product's URLs. Served with the product's gunicorn settings (shouwang.gunicorn_config), as
the API is."""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouwang.settings")

from django.conf import settings

settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

BARE_TABLE = "bench_bare_passage"


@csrf_exempt
def insert_one(request):
    body = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (client_uuid, plate, direction, passed_at) "
            "VALUES (%s, %s, %s, now()) RETURNING id",
            [body["client_uuid"], body["plate"], body["direction"]],
        )
        row_id = cursor.fetchone()[0]
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [path("bare/", insert_one)]
application = get_wsgi_application()

from shouwang.core.handlers import MachineHandler  # noqa: E402 - once Django is set up

device_road = MachineHandler(__name__)
