import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouwang.settings")
pages = get_wsgi_application()

# Imported once Django is set up (get_wsgi_application does it).
from shouwang.checkpoints.device_api import is_device_passage  # noqa: E402
from shouwang.core.handlers import MachineHandler, MachineRouter  # noqa: E402

# Devices' passages skip the pages' middleware (core.handlers); everything else is as ever.
application = MachineRouter(
    pages, MachineHandler("shouwang.checkpoints.device_urls"), is_device_passage
)
