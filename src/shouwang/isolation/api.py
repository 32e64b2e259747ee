"""Isolation API: orders and follow-ups, scoped like the pages; device writes are
idempotent by a client UUID."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.core.api import ScopedViewSetMixin
from shouwang.core.idempotency import idempotent
from shouwang.core.models import User
from shouwang.core.roles import CONTROL
from shouwang.core.scoping import get_visible_or_404
from shouwang.isolation.choices import Slot
from shouwang.isolation.models import DEFAULT_DAYS, FollowUp, IsolationOrder
from shouwang.isolation.services import follow_up_record, isolation_order_create
from shouwang.people.api import as_api_error
from shouwang.people.models import Person


class IsolationOrderSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grid_worker = serializers.SlugRelatedField(slug_field="username", read_only=True)
    planned_end = serializers.DateField(read_only=True)
    signed = serializers.SerializerMethodField()

    class Meta:
        model = IsolationOrder
        fields = [
            "id",
            "person",
            "area",
            "start",
            "days",
            "planned_end",
            "reason",
            "grid_worker",
            "doctor",
            "status",
            "outcome",
            "ended_on",
            "end_note",
            "signed",
        ]

    def get_signed(self, order) -> bool:
        return order.signature_id is not None


class IsolationOrderWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    start = serializers.DateField()
    days = serializers.IntegerField(default=DEFAULT_DAYS)
    reason = serializers.CharField(max_length=300)
    grid_worker = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    doctor = serializers.CharField(max_length=50)


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = [
            "id",
            "order",
            "day",
            "slot",
            "temperature",
            "symptoms",
            "needs_food",
            "needs_medicine",
            "needs_psychological",
            "note",
            "recorded_at",
        ]
        read_only_fields = ["id", "order", "recorded_at"]


class FollowUpWriteSerializer(serializers.Serializer):
    day = serializers.DateField()
    slot = serializers.ChoiceField(choices=Slot.choices)
    temperature = serializers.DecimalField(max_digits=3, decimal_places=1)
    symptoms = serializers.CharField(max_length=200, required=False, default="")
    needs_food = serializers.BooleanField(default=False)
    needs_medicine = serializers.BooleanField(default=False)
    needs_psychological = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=500, required=False, default="")


class IsolationOrderViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = IsolationOrder.objects.select_related("area", "grid_worker").order_by("-id")
    serializer_class = IsolationOrderSerializer
    filterset_fields = ["status"]

    @extend_schema(request=IsolationOrderWriteSerializer, responses=IsolationOrderSerializer)
    def create(self, request):
        return idempotent(request, lambda: self._create(request))

    def _create(self, request):
        incoming = IsolationOrderWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        person = get_visible_or_404(
            Person.objects.select_related("area"), request.user, CONTROL, pk=data.pop("person")
        )
        try:
            order = isolation_order_create(person=person, by=request.user, **data)
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(IsolationOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpWriteSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        """Record a follow-up from a phone; send an ``Idempotency-Key`` (a UUID)."""
        self.action = "create"  # the write needs CHANGE over the order
        order = self.get_object()
        return idempotent(request, lambda: self._follow_up(request, order))

    def _follow_up(self, request, order):
        incoming = FollowUpWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            follow_up = follow_up_record(order=order, by=request.user, **incoming.validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = FollowUp.objects.order_by("-day", "-id")
    serializer_class = FollowUpSerializer
    filterset_fields = ["order", "day"]


def register_routes(router) -> None:
    router.register("isolation-orders", IsolationOrderViewSet, basename="isolation-order")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
