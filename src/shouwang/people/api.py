"""People API: the register for devices and integrations, scoped like the pages.

Identity numbers and phones are answered masked; a full reveal is a logged action on
the page, never an API field. Writes go through the same services as the pages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from shouwang.core.api import ScopedViewSetMixin
from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.idempotency import idempotent
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, CONTROL
from shouwang.core.scoping import get_visible_or_404
from shouwang.people.choices import CHANGEABLE_MEASURES
from shouwang.people.filters import PersonFilter
from shouwang.people.models import Episode, HealthStateRecord, HistoryEntry, MeasureRecord, Person
from shouwang.people.services import (
    episode_record,
    health_state_record,
    history_entry_record,
    measure_change,
    person_delete,
    person_register,
    person_update,
)


class PersonSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    document_number = serializers.CharField(source="document_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "document_type",
            "document_number",
            "phone",
            "sex",
            "birth_date",
            "nationality",
            "room",
            "workplace",
            "area",
            "measure",
            "health_state",
            "is_key_person",
            "key_reason",
            "proposed_measure",
            "last_arrival_on",
            "created_at",
            "updated_at",
        ]


class ScopedAreaField(serializers.SlugRelatedField):
    """An area by code, among those the caller may change: others read as unknown."""

    def get_queryset(self):
        return Area.objects.visible_to(self.context["request"].user, CHANGE)


class PersonWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = serializers.CharField(max_length=30, write_only=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    area = ScopedAreaField(slug_field="code")


class PersonUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    area = ScopedAreaField(slug_field="code", required=False)


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


def _place(area: Area) -> dict:
    return {"area": area, "home_building": area if area.level == AreaLevel.BUILDING else None}


class PersonViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Person.objects.select_related("area").order_by("id")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def create(self, request):
        """Register a person; the same document again updates the existing record.

        Devices send an ``Idempotency-Key`` header (a UUID they made): a retry with the
        same key is answered with the first reply."""
        return idempotent(request, lambda: self._register(request))

    def _register(self, request):
        incoming = PersonWriteSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            person, created = person_register(
                name=data["name"],
                document_type=data["document_type"],
                document_number=data["document_number"],
                phone=data["phone"],
                by=request.user,
                **_place(data["area"]),
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(
            PersonSerializer(person).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=PersonUpdateSerializer, responses=PersonSerializer)
    def partial_update(self, request, pk=None):
        person = self.get_object()
        incoming = PersonUpdateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            person = person_update(
                person=person,
                name=data.get("name", person.name),
                phone=data.get("phone", person.phone),
                by=request.user,
                **_place(data.get("area", person.area)),
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(PersonSerializer(person).data)

    def destroy(self, request, pk=None):
        person_delete(person=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeasureRecordSerializer(serializers.ModelSerializer):
    measure = serializers.ChoiceField(choices=CHANGEABLE_MEASURES)

    class Meta:
        model = MeasureRecord
        fields = ["id", "person", "measure", "start", "end", "reason", "is_active", "created_at"]
        read_only_fields = ["id", "person", "is_active", "created_at"]


class HealthStateRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthStateRecord
        fields = ["id", "person", "state", "on", "temperature", "source", "created_at"]
        read_only_fields = ["id", "person", "created_at"]


class EpisodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Episode
        fields = ["id", "person", "kind", "started_on", "ended_on", "origin", "origin_code", "note"]
        read_only_fields = ["id", "person", "origin_code"]


class HistoryEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = HistoryEntry
        fields = [
            "id",
            "person",
            "kind",
            "place",
            "region_code",
            "region_name",
            "from_date",
            "to_date",
            "note",
        ]
        read_only_fields = ["id", "person", "region_code", "region_name"]


def _timeline_viewset(model, serializer, service, fields, permission=CHANGE):
    """A person-timeline endpoint: list scoped through the person; create by the service
    for whoever holds ``permission`` over the person, idempotent by the client's UUID."""

    class TimelineViewSet(
        ScopedViewSetMixin,
        mixins.ListModelMixin,
        mixins.RetrieveModelMixin,
        viewsets.GenericViewSet,
    ):
        queryset = model.objects.order_by("-id")
        serializer_class = serializer
        filterset_fields = ["person"]

        def create(self, request):
            return idempotent(request, lambda: self._create(request))

        def _create(self, request):
            incoming = serializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            person = get_visible_or_404(
                Person.objects.select_related("area"),
                request.user,
                permission,
                pk=request.data.get("person"),
            )
            data = {k: v for k, v in incoming.validated_data.items() if k in fields}
            try:
                record = service(person=person, by=request.user, **data)
            except DjangoValidationError as error:
                raise as_api_error(error) from None
            return Response(serializer(record).data, status=status.HTTP_201_CREATED)

    TimelineViewSet.__name__ = f"{model.__name__}ViewSet"
    TimelineViewSet.create = extend_schema(request=serializer, responses=serializer)(
        TimelineViewSet.create
    )
    return TimelineViewSet


MeasureRecordViewSet = _timeline_viewset(
    MeasureRecord,
    MeasureRecordSerializer,
    measure_change,
    {"measure", "start", "end", "reason"},
    permission=CONTROL,
)
HealthStateRecordViewSet = _timeline_viewset(
    HealthStateRecord,
    HealthStateRecordSerializer,
    health_state_record,
    {"state", "on", "temperature", "source"},
)
EpisodeViewSet = _timeline_viewset(
    Episode, EpisodeSerializer, episode_record, {"kind", "started_on", "ended_on", "origin", "note"}
)
HistoryEntryViewSet = _timeline_viewset(
    HistoryEntry,
    HistoryEntrySerializer,
    history_entry_record,
    {"kind", "place", "from_date", "to_date", "note"},
)


def register_routes(router) -> None:
    router.register("people", PersonViewSet, basename="person")
    router.register("measures", MeasureRecordViewSet, basename="measure")
    router.register("health-states", HealthStateRecordViewSet, basename="health-state")
    router.register("episodes", EpisodeViewSet, basename="episode")
    router.register("history-entries", HistoryEntryViewSet, basename="history-entry")
