"""People API (read side of the register; the people issue adds the writes)."""

from rest_framework import serializers, viewsets

from shouwang.core.api import ScopedViewSetMixin
from shouwang.people.models import Person


class PersonSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    document_number = serializers.CharField(source="document_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "document_type", "document_number", "phone", "sex",
                  "birth_date", "area", "created_at"]


class PersonViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Masked always: a full reveal is a logged action on the page, not an API field."""

    queryset = Person.objects.select_related("area").order_by("id")
    serializer_class = PersonSerializer


def register_routes(router) -> None:
    router.register("people", PersonViewSet, basename="person")
