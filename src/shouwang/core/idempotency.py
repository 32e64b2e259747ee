"""Idempotent device writes: the client sends a UUID it made (``Idempotency-Key`` header
or a ``client_uuid`` field); the first answer is stored and a retry gets it again."""

import uuid

from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.response import Response

from shouwang.core.models import ClientRequest

REPLAY_HEADER = "Idempotent-Replay"


def client_uuid(request) -> uuid.UUID | None:
    raw = request.headers.get("Idempotency-Key") or request.data.get("client_uuid")
    if not raw:
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise serializers.ValidationError(
            {"client_uuid": ["应为客户端生成的 UUID / must be a UUID made by the client"]}
        ) from None


def _replay(stored: ClientRequest) -> Response:
    response = Response(stored.response, status=stored.status_code)
    response[REPLAY_HEADER] = "true"
    return response


def idempotent(request, handler) -> Response:
    """Run ``handler`` once per (user, client UUID); answer retries with the stored reply.

    The handler's writes and the stored answer commit together. Two copies of one request
    racing each other: the second's insert fails on the unique key, its writes roll back,
    and it answers with the first's reply.
    """
    key = client_uuid(request)
    if key is None:
        return handler()
    endpoint = request.path
    stored = ClientRequest.objects.filter(user=request.user, client_uuid=key).first()
    if stored is not None:
        return _replay(stored)
    try:
        with transaction.atomic():
            response = handler()
            if response.status_code < 500:
                ClientRequest.objects.create(
                    user=request.user,
                    client_uuid=key,
                    endpoint=endpoint,
                    status_code=response.status_code,
                    response=response.data,
                )
            return response
    except IntegrityError:
        stored = ClientRequest.objects.filter(user=request.user, client_uuid=key).first()
        if stored is None:
            raise
        return _replay(stored)
