"""A device's passage, the request a plate camera makes all day, answered without DRF.

``shouwang.wsgi`` sends ``POST /api/v1/checkpoints/<id>/passages/`` with a device token
and a JSON body here, past the pages' middleware (core.handlers). The token, the body, the
answer and the errors are those of the API view (api.py), which serves every other request
to that address (a user at the registration page, a GET, a form body) and documents it:
the token through the same authentication class, the body through DRF's JSON parser and
the same ``register_from_body``, the answer through the same serializer and JSON renderer,
an error through DRF's exception handler. What is
left out is DRF's per-request machinery (request wrapping, negotiation, parsers), which
cost this request more than its flags.
"""

import io
import logging
import re

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

from shouwang.checkpoints.api import passage_response, register_from_body
from shouwang.checkpoints.authentication import KEYWORD, DeviceTokenAuthentication
from shouwang.checkpoints.reference import ReferenceChanged, last_loaded, reference_data

PASSAGES_ROUTE = "api/v1/checkpoints/<int:pk>/passages/"
_PASSAGES_PATH = re.compile(r"/api/v1/checkpoints/[0-9]+/passages/")
_AUTHORIZATION_PREFIX = KEYWORD.lower() + " "
_PARSER, _RENDERER = JSONParser(), JSONRenderer()
logger = logging.getLogger(__name__)
#: What DRF's exception handler may add to an error besides its body.
_ERROR_HEADERS = ("WWW-Authenticate", "Retry-After")


def is_device_passage(environ: dict) -> bool:
    """Whether a WSGI request is a device posting a passage as JSON."""
    return (
        environ.get("REQUEST_METHOD") == "POST"
        and environ.get("HTTP_AUTHORIZATION", "")[: len(_AUTHORIZATION_PREFIX)].lower()
        == _AUTHORIZATION_PREFIX
        and environ.get("CONTENT_TYPE", "").partition(";")[0].strip() == "application/json"
        and _PASSAGES_PATH.fullmatch(environ.get("PATH_INFO", "")) is not None
    )


def passage_post(request, pk: int):
    # Django checks a connection kept from an earlier request with a round trip of its
    # own before the request's first statement (CONN_HEALTH_CHECKS), which cost a passage
    # as much as either of its two statements. Here a statement that finds the connection
    # dropped by the server makes the request run once more on a new one: a passage is
    # stored once per client UUID, so one written before the drop is answered as a resend.
    # Inside a transaction (an aborted one looks unusable too) nothing is run again.
    kept = connection.connection is not None
    connection.health_check_done = True
    try:
        return _passage_post_current(request, pk)
    except (OperationalError, InterfaceError) as error:
        if not kept or connection.in_atomic_block or connection.is_usable():
            raise
        logger.warning("passage on a dropped database connection, run again: %s", error)
        connection.close()
        return _passage_post_current(request, pk)


def _passage_post_current(request, pk: int):
    try:
        return _passage_post(request, pk, reference=last_loaded)
    except ReferenceChanged:
        # The token was looked up in data found out of date before anything was written:
        # once more, from the data just loaded.
        return _passage_post(request, pk, reference=reference_data)


def _passage_post(request, pk: int, *, reference):
    try:
        authenticated = DeviceTokenAuthentication(reference).authenticate(request)
        if authenticated is None:
            raise exceptions.NotAuthenticated
        device = authenticated[1]
        if device.checkpoint_id != pk:
            raise exceptions.NotFound
        data = _PARSER.parse(io.BytesIO(request.body))
        passage, created = register_from_body(device.checkpoint, data, by=None, device=device)
    except exceptions.APIException as error:
        if isinstance(error, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            error.auth_header = KEYWORD  # as DRF's view does: a 401 names the scheme
        handled = exception_handler(error, {})
        response = _rendered(handled.data, handled.status_code)
        for name in _ERROR_HEADERS:
            if name in handled:
                response[name] = handled[name]
    else:
        response = passage_response(passage, created, _rendered)
    # No answer goes out from data whose version this request has not read: nothing to do
    # after a registration (its write read it); one query after a refusal, or after a
    # resend answered before the flags. Out of date, it raises ReferenceChanged.
    reference_data()
    return response


def _rendered(data, status):
    return HttpResponse(_RENDERER.render(data), status=status, content_type=_RENDERER.media_type)
