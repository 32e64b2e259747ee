"""Checkpoints API: devices and the registration page post passages here.

``POST /api/v1/checkpoints/<id>/passages/`` takes a vehicle and its occupants (or one
person on foot) with the client's UUID and answers with the stored passage and its flags:
201 when new, 200 with ``Idempotent-Replay: true`` for a resend. A device token reaches
only its own checkpoint; a user reaches the checkpoints where he holds checkpoint duty.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.checkpoints.authentication import DeviceTokenAuthentication, device_of
from shouwang.checkpoints.choices import Direction, PassageMode, VehicleKind
from shouwang.checkpoints.flags import flag_message
from shouwang.checkpoints.models import Checkpoint
from shouwang.checkpoints.selectors import checkpoints_visible_to, passages_of
from shouwang.checkpoints.services import passage_register
from shouwang.core.choices import DocumentType
from shouwang.core.idempotency import REPLAY_HEADER


class CheckpointSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Checkpoint
        fields = [
            "id",
            "name",
            "kind",
            "area",
            "location",
            "inbound_label",
            "outbound_label",
            "opens_on",
            "closes_on",
        ]


class OccupantWriteSerializer(serializers.Serializer):
    """Shapes only: the service validates documents, phones and temperatures, so the page
    and the API refuse the same input with the same words."""

    name = serializers.CharField(max_length=50, allow_blank=True)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = serializers.CharField(max_length=30, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    temperature = serializers.CharField(max_length=8, allow_blank=True)
    origin = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    travel = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    destination = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PassageWriteSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    mode = serializers.ChoiceField(choices=PassageMode.choices, default=PassageMode.VEHICLE)
    plate = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    vehicle_kind = serializers.ChoiceField(
        choices=VehicleKind.choices, required=False, allow_blank=True, default=""
    )
    passed_at = serializers.DateTimeField(required=False, default=None)
    occupants = OccupantWriteSerializer(many=True, allow_empty=False)


class FlagSerializer(serializers.Serializer):
    kind = serializers.CharField()
    seat = serializers.IntegerField(allow_null=True)
    detail = serializers.CharField()
    message = serializers.CharField()


# Unbound fields for the two values DRF words differently from str(): times in the
# current zone (ISO 8601), temperatures as strings of one decimal.
_TIME = serializers.DateTimeField()
_TEMPERATURE = serializers.DecimalField(max_digits=3, decimal_places=1)


class OccupantSerializer(serializers.Serializer):
    seat = serializers.IntegerField()
    name = serializers.CharField()
    document_type = serializers.CharField()
    document_number = serializers.CharField(source="document_masked")
    phone = serializers.CharField(source="phone_masked")
    temperature = serializers.DecimalField(max_digits=3, decimal_places=1)
    origin = serializers.CharField()
    travel = serializers.CharField()
    destination = serializers.CharField()
    reason = serializers.CharField()
    registered = serializers.BooleanField()


class PassageSerializer(serializers.Serializer):
    """The fields describe the answer (the OpenAPI schema); ``to_representation`` writes it
    out by hand: building the bound fields of two nested serializers cost the busiest
    endpoint of the system more than its flags. A test holds the two to the same keys."""

    id = serializers.IntegerField()
    client_uuid = serializers.UUIDField()
    checkpoint = serializers.IntegerField(source="checkpoint_id")
    direction = serializers.CharField()
    mode = serializers.CharField()
    plate = serializers.CharField()
    vehicle_kind = serializers.CharField()
    passed_at = serializers.DateTimeField()
    flagged = serializers.BooleanField()
    flags = FlagSerializer(many=True)
    occupants = OccupantSerializer(many=True)

    def to_representation(self, passage) -> dict:
        rows = getattr(passage, "occupant_rows", None)
        occupants = rows if rows is not None else list(passage.occupants.all())
        names = {o.seat: o.name for o in occupants}
        return {
            "id": passage.pk,
            "client_uuid": str(passage.client_uuid),
            "checkpoint": passage.checkpoint_id,
            "direction": passage.direction,
            "mode": passage.mode,
            "plate": passage.plate,
            "vehicle_kind": passage.vehicle_kind,
            "passed_at": _TIME.to_representation(passage.passed_at),
            "flagged": passage.flagged,
            "flags": [{**flag, "message": flag_message(flag, names)} for flag in passage.flags],
            "occupants": [
                {
                    "seat": o.seat,
                    "name": o.name,
                    "document_type": o.document_type,
                    "document_number": o.document_masked,
                    "phone": o.phone_masked,
                    "temperature": _TEMPERATURE.to_representation(o.temperature),
                    "origin": o.origin,
                    "travel": o.travel,
                    "destination": o.destination,
                    "reason": o.reason,
                    "registered": o.person_id is not None,
                }
                for o in occupants
            ],
        }


class CheckpointViewSet(viewsets.ReadOnlyModelViewSet):
    """Checkpoints where the caller is on duty; a device sees only its own."""

    serializer_class = CheckpointSerializer
    authentication_classes = [
        DeviceTokenAuthentication,
        SessionAuthentication,
        TokenAuthentication,
    ]

    def get_object(self):
        device = device_of(self.request)
        if device is not None and self.action == "passages":
            # Authentication loaded the device's checkpoint already.
            if str(device.checkpoint_id) != str(self.kwargs["pk"]):
                raise Http404
            return device.checkpoint
        return super().get_object()

    def get_queryset(self):
        device = device_of(self.request)
        if device is not None:
            return Checkpoint.objects.filter(pk=device.checkpoint_id).select_related("area")
        return checkpoints_visible_to(self.request.user).order_by("id")

    @extend_schema(
        request=PassageWriteSerializer,
        responses={
            201: PassageSerializer,
            200: OpenApiResponse(PassageSerializer, description="a resend: the stored one"),
        },
    )
    @action(detail=True, methods=["get", "post"])
    def passages(self, request, pk=None):
        checkpoint = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(passages_of(checkpoint))
            return self.get_paginated_response(PassageSerializer(page, many=True).data)
        passage, created = register_from_body(
            checkpoint, request.data, by=request.user, device=device_of(request)
        )
        return passage_response(passage, created, Response)


def register_from_body(checkpoint, data, *, by, device) -> tuple:
    """The service's (passage, created) for a request body, or DRF's ValidationError.

    PassageWriteSerializer documents the body; the service checks every value of it (the
    page posts here too), so the body goes to it as it came."""
    data = data if isinstance(data, dict) else {}
    try:
        return passage_register(
            checkpoint=checkpoint,
            by=None if device else by,
            device=device,
            client_uuid=data.get("client_uuid"),
            direction=data.get("direction"),
            mode=data.get("mode") or PassageMode.VEHICLE,
            plate=data.get("plate") or "",
            vehicle_kind=data.get("vehicle_kind") or "",
            occupants=data.get("occupants"),
            passed_at=_passed_at(data.get("passed_at")),
        )
    except DjangoValidationError as error:
        raise serializers.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from None


def passage_response(passage, created: bool, response_class):
    """201 with the passage, or 200 marked as a replay for a resend."""
    response = response_class(
        PassageSerializer(passage).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )
    if not created:
        response[REPLAY_HEADER] = "true"
    return response


def _passed_at(value):
    if value in (None, ""):
        return None
    try:
        return serializers.DateTimeField().to_internal_value(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"passed_at": error.detail}) from None


def register_routes(router) -> None:
    router.register("checkpoints", CheckpointViewSet, basename="checkpoint")
