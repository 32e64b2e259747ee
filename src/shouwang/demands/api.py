"""Demands API: the enterprise raises its own (a client UUID makes a retry safe), the
handlers read their queue and move demands on; scoped like the pages, phones masked."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.core.idempotency import idempotent
from shouwang.core.roles import DEMAND_HANDLE, ENTERPRISE_FILE, ENTERPRISE_VIEW
from shouwang.core.scoping import get_visible_or_404
from shouwang.demands.choices import DemandCategory, DemandSource, Department, FeedbackChannel
from shouwang.demands.models import Demand
from shouwang.demands.selectors import DemandFilter, demands_visible_to
from shouwang.demands.services import (
    demand_accept,
    demand_feedback,
    demand_plan,
    demand_resolve,
    demand_submit,
    demand_transfer,
)
from shouwang.enterprises.api import _as_api_error
from shouwang.enterprises.models import Enterprise


class DemandSerializer(serializers.ModelSerializer):
    street = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contact_phone = serializers.CharField(source="contact_phone_masked", read_only=True)

    class Meta:
        model = Demand
        fields = [
            "id",
            "reference",
            "source",
            "enterprise",
            "enterprise_name",
            "street",
            "category",
            "description",
            "contact_name",
            "contact_phone",
            "department",
            "status",
            "created_at",
            "respond_due_at",
            "plan_due_at",
            "close_due_at",
            "accepted_at",
            "plan",
            "resolution",
            "resolved_at",
            "rating",
            "feedback",
        ]


class DemandWriteSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    category = serializers.ChoiceField(choices=DemandCategory.choices)
    description = serializers.CharField(max_length=4000)
    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=20)
    client_uuid = serializers.UUIDField(required=False)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class TransferSerializer(serializers.Serializer):
    department = serializers.ChoiceField(choices=Department.choices)
    reason = serializers.CharField(max_length=300)


class FeedbackSerializer(serializers.Serializer):
    satisfied = serializers.BooleanField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class DemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DemandSerializer
    filterset_class = DemandFilter
    permissions = {
        "accept": DEMAND_HANDLE,
        "plan": DEMAND_HANDLE,
        "resolve": DEMAND_HANDLE,
        "transfer": DEMAND_HANDLE,
        "return_visit": DEMAND_HANDLE,
        "confirm": ENTERPRISE_FILE,
    }

    def get_queryset(self):
        permission = self.permissions.get(self.action, ENTERPRISE_VIEW)
        return demands_visible_to(self.request.user, permission=permission).order_by("-id")

    @extend_schema(request=DemandWriteSerializer, responses=DemandSerializer)
    def create(self, request):
        """An enterprise user raises a demand for his enterprise; send a client UUID
        (``Idempotency-Key`` or ``client_uuid``) and a retry returns the first answer."""

        def handler():
            incoming = DemandWriteSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
            enterprise = get_visible_or_404(
                Enterprise.objects.select_related("street"),
                request.user,
                ENTERPRISE_FILE,
                pk=data.pop("enterprise"),
            )
            try:
                demand = demand_submit(
                    source=DemandSource.ACCOUNT, enterprise=enterprise, by=request.user, **data
                )
            except DjangoValidationError as error:
                raise _as_api_error(error) from None
            return Response(DemandSerializer(demand).data, status=201)

        return idempotent(request, handler)

    def _apply(self, change):
        try:
            demand = change(self.get_object())
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(DemandSerializer(demand).data)

    def _text(self, request) -> str:
        incoming = TextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return incoming.validated_data["text"]

    @extend_schema(request=None, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._apply(lambda d: demand_accept(demand=d, by=request.user))

    @extend_schema(request=TextSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        text = self._text(request)
        return self._apply(lambda d: demand_plan(demand=d, plan=text, by=request.user))

    @extend_schema(request=TextSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        text = self._text(request)
        return self._apply(lambda d: demand_resolve(demand=d, resolution=text, by=request.user))

    @extend_schema(request=TransferSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        incoming = TransferSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return self._apply(
            lambda d: demand_transfer(demand=d, by=request.user, **incoming.validated_data)
        )

    def _feedback(self, request, channel):
        incoming = FeedbackSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return self._apply(
            lambda d: demand_feedback(
                demand=d, channel=channel, by=request.user, **incoming.validated_data
            )
        )

    @extend_schema(request=FeedbackSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="return-visit")
    def return_visit(self, request, pk=None):
        return self._feedback(request, FeedbackChannel.RETURN_VISIT)

    @extend_schema(request=FeedbackSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._feedback(request, FeedbackChannel.ENTERPRISE)


def register_routes(router) -> None:
    router.register("demands", DemandViewSet, basename="demand")
