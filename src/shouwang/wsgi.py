"""The WSGI application production serves (with shouwang.gunicorn_config).

Importing it loads what requests need: every app's URLs, views and API, and the region
table. gunicorn does that once in its master, before it forks the workers.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouwang.settings")
pages = get_wsgi_application()

# Imported once Django is set up (get_wsgi_application does it).
from django.urls import get_resolver  # noqa: E402

from shouwang.checkpoints.device_api import is_device_passage  # noqa: E402
from shouwang.core.handlers import MachineHandler, MachineRouter  # noqa: E402
from shouwang.people.regions import resolve_region  # noqa: E402

# Devices' passages skip the pages' middleware (core.handlers); everything else is as ever.
application = MachineRouter(
    pages, MachineHandler("shouwang.checkpoints.device_urls"), is_device_passage
)

get_resolver().url_patterns  # noqa: B018 - imports every app's views and API now
resolve_region("广州")  # loads the region table
