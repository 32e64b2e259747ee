"""API base: the scoped viewset mixin, and the areas endpoint."""

import django_filters
from rest_framework import serializers, viewsets

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.roles import VIEW


class ScopedViewSetMixin:
    """Every API read goes through ``visible_to``: out of scope answers 404 like missing."""

    permission = VIEW

    def get_queryset(self):
        return self.queryset.all().visible_to(self.request.user, self.permission)


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
