"""Quarantine API for devices: check-in at a site, daily health logs, and the loop events
at a port (register, depart, recount). Every write is idempotent by the client's UUID
(``Idempotency-Key`` header or ``client_uuid``): a resend answers with the first reply.

Validation errors answer 400 naming the field. A refused recount answers 400 too, and the
discrepancy it raised stays recorded (the answer is stored, not an exception).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.core.choices import DocumentType
from shouwang.core.idempotency import idempotent
from shouwang.core.roles import PORT_DUTY, SITE_DUTY
from shouwang.people.api import as_api_error
from shouwang.people.choices import Symptom
from shouwang.quarantine.choices import SampleKind, SampleResult
from shouwang.quarantine.models import HandoverBatch, LoopPerson, Room, Site, Stay, Transfer
from shouwang.quarantine.selectors.loop import transfer_for_recount
from shouwang.quarantine.services import (
    health_log_record,
    loop_register,
    person_for_document,
    stay_check_in,
    transfer_depart,
    transfer_recount,
)


class SiteSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "kind",
            "area",
            "address",
            "served",
            "capacity",
            "opens_on",
            "closes_on",
        ]


class StaySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    document_number = serializers.CharField(source="person.document_masked", read_only=True)
    room = serializers.CharField(source="room.number", read_only=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            "site",
            "room",
            "person",
            "name",
            "document_number",
            "source",
            "checked_in_at",
            "planned_end",
            "status",
            "attention",
            "attention_reason",
            "outcome",
            "checked_out_at",
        ]


class CheckInSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False)
    room = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=50)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    days = serializers.IntegerField(default=14)


class HealthLogSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False)
    day = serializers.DateField()
    morning_temperature = serializers.CharField(required=False, allow_blank=True, default="")
    evening_temperature = serializers.CharField(required=False, allow_blank=True, default="")
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=Symptom.choices), required=False, default=list
    )
    sample_kind = serializers.ChoiceField(
        choices=SampleKind.choices, required=False, allow_blank=True, default=""
    )
    sample_result = serializers.ChoiceField(
        choices=SampleResult.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class LoopPersonSerializer(serializers.ModelSerializer):
    document_number = serializers.CharField(source="document_masked", read_only=True)
    transfer = serializers.SlugRelatedField(slug_field="plate", read_only=True)

    class Meta:
        model = LoopPerson
        fields = [
            "id",
            "batch",
            "name",
            "document_type",
            "document_number",
            "listed",
            "place",
            "destination",
            "site",
            "proposal_reason",
            "confirmed",
            "transfer",
            "registered_at",
            "recounted_at",
        ]


class RegisterSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.PASSPORT
    )
    document_number = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    origin = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class RecountSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.PASSPORT
    )
    document_number = serializers.CharField(max_length=30)


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transfer
        fields = [
            "id",
            "port",
            "destination",
            "site",
            "plate",
            "escort",
            "status",
            "departed_at",
            "arrived_at",
        ]


class BatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandoverBatch
        fields = ["id", "port", "reference", "handed_over_at", "expected_count", "status"]


def _parsed(serializer_class, request) -> dict:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    data = dict(incoming.validated_data)
    data.pop("client_uuid", None)
    return data


def _refused(error: DjangoValidationError) -> Response:
    """A refusal as a stored answer: what the service recorded before refusing (a
    discrepancy) commits with it."""
    return Response(as_api_error(error).detail, status=status.HTTP_400_BAD_REQUEST)


class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    """Sites where the caller is on duty; ``POST {id}/check-ins/`` checks a person in."""

    serializer_class = SiteSerializer

    def get_queryset(self):
        return Site.objects.visible_to(self.request.user, SITE_DUTY).select_related("area")

    @extend_schema(request=CheckInSerializer, responses={201: StaySerializer})
    @action(detail=True, methods=["post"], url_path="check-ins")
    def check_ins(self, request, pk=None):
        site = self.get_object()
        return idempotent(request, lambda: self._check_in(request, site))

    def _check_in(self, request, site):
        data = _parsed(CheckInSerializer, request)
        room = Room.objects.filter(site=site, number=data["room"]).first()
        if room is None:
            return Response({"room": [_("该隔离点没有这个房间")]}, status=400)
        try:
            with transaction.atomic():
                person, _created = person_for_document(
                    name=data["name"],
                    document_type=data["document_type"],
                    document_number=data["document_number"],
                    phone=data["phone"],
                    area=site.area,
                )
                stays = stay_check_in(
                    room=room, persons=[person], days=data["days"], by=request.user
                )
        except DjangoValidationError as error:
            return _refused(error)
        return Response(StaySerializer(stays[0]).data, status=status.HTTP_201_CREATED)


class StayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StaySerializer
    filterset_fields = ["site", "status"]

    def get_queryset(self):
        return (
            Stay.objects.visible_to(self.request.user, SITE_DUTY)
            .select_related("person", "room")
            .order_by("-id")
        )

    @extend_schema(request=HealthLogSerializer, responses={201: StaySerializer})
    @action(detail=True, methods=["post"], url_path="health-logs")
    def health_logs(self, request, pk=None):
        stay = self.get_object()
        return idempotent(request, lambda: self._log(request, stay))

    def _log(self, request, stay):
        data = _parsed(HealthLogSerializer, request)
        try:
            health_log_record(stay=stay, by=request.user, **data)
        except DjangoValidationError as error:
            return _refused(error)
        stay.refresh_from_db()
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)


class BatchViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BatchSerializer

    def get_queryset(self):
        return HandoverBatch.objects.visible_to(self.request.user, PORT_DUTY).order_by("-id")

    @extend_schema(request=RegisterSerializer, responses={201: LoopPersonSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        """A person scanned on arrival at the port: 201 new, 200 already registered."""
        batch = self.get_object()
        return idempotent(request, lambda: self._register(request, batch))

    def _register(self, request, batch):
        data = _parsed(RegisterSerializer, request)
        try:
            entry, created = loop_register(batch=batch, by=request.user, **data)
        except DjangoValidationError as error:
            return _refused(error)
        return Response(
            LoopPersonSerializer(entry).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class TransferViewSet(viewsets.ReadOnlyModelViewSet):
    """Transfer runs of the caller's ports, and those bound for his sites."""

    serializer_class = TransferSerializer

    def get_queryset(self):
        return Transfer.objects.visible_to(self.request.user, PORT_DUTY).order_by("-id")

    def get_object(self):
        return transfer_for_recount(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def depart(self, request, pk=None):
        transfer = self.get_object()
        return idempotent(request, lambda: self._depart(request, transfer))

    def _depart(self, request, transfer):
        try:
            transfer = transfer_depart(transfer=transfer, by=request.user)
        except DjangoValidationError as error:
            return _refused(error)
        return Response(TransferSerializer(transfer).data)

    @extend_schema(request=RecountSerializer, responses={200: LoopPersonSerializer})
    @action(detail=True, methods=["post"])
    def recount(self, request, pk=None):
        """One person counted off the vehicle; someone not on it: 400 and an alert."""
        transfer = self.get_object()
        return idempotent(request, lambda: self._recount(request, transfer))

    def _recount(self, request, transfer):
        data = _parsed(RecountSerializer, request)
        try:
            entry = transfer_recount(transfer=transfer, by=request.user, **data)
        except DjangoValidationError as error:
            return _refused(error)
        return Response(LoopPersonSerializer(entry).data)


def register_routes(router) -> None:
    router.register("quarantine/sites", SiteViewSet, basename="quarantine-site")
    router.register("quarantine/stays", StayViewSet, basename="quarantine-stay")
    router.register("quarantine/batches", BatchViewSet, basename="quarantine-batch")
    router.register("quarantine/transfers", TransferViewSet, basename="quarantine-transfer")
