"""A second request handler for machine requests, which need none of the pages' machinery.

A checkpoint's plate camera posts a passage every few seconds, all day. Django's handler
takes each request through every middleware of settings.MIDDLEWARE (sessions, CSRF, login,
messages, lockout, static files) and the whole URL tree, which together cost such a request
as much as its own work. :class:`MachineRouter` sends the requests its test accepts to a
:class:`MachineHandler` instead: the same Django request cycle (signals, connections,
exception handling, logging) with settings.MACHINE_MIDDLEWARE and a URLconf of its own.
Every other request goes to the ordinary handler.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.utils.module_loading import import_string

_UNSUPPORTED_HOOKS = ("process_view", "process_exception", "process_template_response")


class MachineHandler(WSGIHandler):
    """Django's WSGI handler with settings.MACHINE_MIDDLEWARE and ``urlconf``.

    The middleware are called around the view only (``__call__``, or
    ``process_request``/``process_response``): one with view, exception or template
    hooks is refused at start, rather than have its hooks silently skipped."""

    def __init__(self, urlconf: str):
        self.urlconf = urlconf
        super().__init__()

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(settings.MACHINE_MIDDLEWARE):
            middleware = import_string(path)(handler)
            hooks = [hook for hook in _UNSUPPORTED_HOOKS if hasattr(middleware, hook)]
            if hooks:
                raise ImproperlyConfigured(
                    f"MACHINE_MIDDLEWARE: {path} has {', '.join(hooks)}, which "
                    "MachineHandler does not call"
                )
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler

    def get_response(self, request):
        request.urlconf = self.urlconf
        return super().get_response(request)


class MachineRouter:
    """A WSGI application: ``accepts(environ)`` picks the machine handler, else ``pages``."""

    def __init__(self, pages, machine: MachineHandler, accepts: Callable[[dict], bool]):
        self.pages, self.machine, self.accepts = pages, machine, accepts

    def __call__(self, environ, start_response):
        handler = self.machine if self.accepts(environ) else self.pages
        return handler(environ, start_response)
