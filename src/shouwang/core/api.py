"""API base: the scoped viewset mixin, and the areas endpoint."""

import django_filters
from rest_framework import serializers, viewsets

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, DELETE, VIEW

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


def register_routes(router) -> None:
    router.register("areas", AreaViewSet, basename="area")
