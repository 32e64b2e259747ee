"""API base: the scoped viewset mixin, and the areas endpoint."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Alert, Area
from shouwang.core.roles import CHANGE, DELETE, VIEW
from shouwang.core.services.alerts import alert_acknowledge, alert_close

ACTION_PERMISSIONS = {
    "list": VIEW,
    "retrieve": VIEW,
    "create": CHANGE,
    "update": CHANGE,
    "partial_update": CHANGE,
    "destroy": DELETE,
}


class ScopedViewSetMixin:
    """Every API read and write finds its records through ``visible_to`` with the
    permission the action needs: out of scope answers 404, exactly like missing."""

    def get_queryset(self):
        permission = ACTION_PERMISSIONS.get(self.action, VIEW)
        return self.queryset.all().visible_to(self.request.user, permission)


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent", "path", "street_kind"]


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label="parent code")

    class Meta:
        model = Area
        fields = ["level", "parent"]


class AreaViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Area.objects.select_related("parent").order_by("path")
    serializer_class = AreaSerializer
    filterset_class = AreaFilter


class AlertSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "level",
            "area",
            "role",
            "title",
            "body",
            "subject",
            "link",
            "status",
            "created_at",
            "acknowledged_at",
            "closed_at",
            "resolution",
        ]


class AlertCloseSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000)


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's inbox: alerts for a role he holds, in the area where he holds it."""

    serializer_class = AlertSerializer

    def get_queryset(self):
        return Alert.objects.for_inbox(self.request.user).select_related("area")

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return Response(
            AlertSerializer(alert_acknowledge(alert=self.get_object(), by=request.user)).data
        )

    @extend_schema(request=AlertCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        incoming = AlertCloseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        alert = alert_close(
            alert=self.get_object(),
            by=request.user,
            resolution=incoming.validated_data["resolution"],
        )
        return Response(AlertSerializer(alert).data)


def register_routes(router) -> None:
    router.register("areas", AreaViewSet, basename="area")
    router.register("alerts", AlertViewSet, basename="alert")
