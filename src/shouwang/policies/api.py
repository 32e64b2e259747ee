"""Policies API: the calculator (``POST /api/v1/policies/calculate``, the same engine as
the pages), the catalogue, the ledger (scoped, one filter set with the page) and the
proactive matches."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_VIEW, RELIEF_RECORD
from shouwang.core.scoping import get_visible_or_404
from shouwang.enterprises.api import _as_api_error
from shouwang.enterprises.models import Enterprise
from shouwang.policies.catalogue import ITEM_FIELDS
from shouwang.policies.engine import calculate
from shouwang.policies.forms import ReliefGrantFilter
from shouwang.policies.models import EnterpriseFigures, PolicyItem, ReliefGrant
from shouwang.policies.profile import Profile, enterprise_profile
from shouwang.policies.selectors import entitlements_visible_to, grants_visible_to
from shouwang.policies.services import grant_record


def _number(**kwargs):
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None, **kwargs
    )


class ProfileSerializer(serializers.Serializer):
    """Shapes only: the profile's own check refuses impossible values, naming the field,
    with the same words as the page."""

    enterprise = serializers.IntegerField(
        required=False, help_text="a registered enterprise: its profile, overridden by the rest"
    )
    industry_division = serializers.CharField(max_length=2, required=False)
    employees = serializers.IntegerField(required=False, allow_null=True)
    revenue_last_year = _number()
    revenue_drop_percent = _number()
    street = serializers.CharField(max_length=40, required=False, allow_blank=True)
    landlord_kind = serializers.CharField(max_length=16, required=False, allow_blank=True)
    monthly_rent = _number()
    social_insurance_base = _number()
    insured_headcount = serializers.IntegerField(required=False, allow_null=True)
    is_key_project = serializers.BooleanField(required=False)
    key_project_level = serializers.CharField(max_length=8, required=False, allow_blank=True)


MATCH_FIELDS = {
    "code": serializers.CharField(),
    "title": serializers.CharField(),
    "package": serializers.CharField(),
    "document_number": serializers.CharField(),
    "amount": serializers.DecimalField(max_digits=16, decimal_places=2),
    "formula": serializers.CharField(),
    "reasons": serializers.ListField(child=serializers.CharField()),
    "article": serializers.CharField(),
    "apply_from": serializers.DateField(allow_null=True),
    "apply_to": serializers.DateField(allow_null=True),
    "window": serializers.CharField(),
    "documents": serializers.ListField(child=serializers.CharField()),
    "department": serializers.CharField(),
    "where_to_apply": serializers.CharField(),
}
CALCULATION = inline_serializer(
    "PolicyCalculation",
    {
        "on": serializers.DateField(),
        "total": serializers.DecimalField(max_digits=16, decimal_places=2),
        "profile": serializers.DictField(),
        "matches": inline_serializer("PolicyMatch", MATCH_FIELDS, many=True),
        "misses": inline_serializer(
            "PolicyMiss",
            {
                "code": serializers.CharField(),
                "title": serializers.CharField(),
                "reasons": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
)


def calculation_data(result) -> dict:
    return {
        "on": result.on,
        "total": f"{result.total:.2f}",
        "profile": {
            key: str(value) if isinstance(value, Decimal) else value
            for key, value in result.profile.as_dict().items()
        },
        "matches": [
            {
                "code": m.item.code,
                "title": m.item.title,
                "package": m.item.package,
                "document_number": m.item.document_number,
                "amount": f"{m.amount:.2f}",
                "formula": m.formula_text,
                "reasons": m.reasons,
                "article": m.item.article,
                "apply_from": m.item.apply_from,
                "apply_to": m.item.apply_to,
                "window": m.window,
                "documents": list(m.item.documents),
                "department": m.item.department,
                "where_to_apply": m.item.where_to_apply,
            }
            for m in result.matches
        ],
        "misses": [
            {"code": m.item.code, "title": m.item.title, "reasons": m.reasons}
            for m in result.misses
        ],
    }


def _profile(request, data: dict) -> Profile:
    values = {}
    enterprise_id = data.pop("enterprise", None)
    if enterprise_id is not None:
        enterprise = get_visible_or_404(
            Enterprise.objects.select_related("street"),
            request.user,
            ENTERPRISE_VIEW,
            pk=enterprise_id,
        )
        figures = EnterpriseFigures.objects.filter(enterprise=enterprise).first()
        base = enterprise_profile(enterprise, figures)
        values = {name: getattr(base, name) for name in Profile.input_names()}
    values.update(data)
    streets = set(Area.objects.filter(level=AreaLevel.STREET).values_list("code", flat=True))
    return Profile.checked(streets=streets, **values)


@extend_schema(request=ProfileSerializer, responses=CALCULATION)
@api_view(["POST"])
def calculate_view(request):
    """Every item in force today for the profile: matches with the amount, the formula
    with its numbers, the article, the window and the documents; the others with the
    condition that failed; the total."""
    incoming = ProfileSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    data = {k: v for k, v in incoming.validated_data.items() if v is not None}
    try:
        profile = _profile(request, data)
    except DjangoValidationError as error:
        raise _as_api_error(error) from None
    return Response(calculation_data(calculate(profile)))


class PolicyItemSerializer(serializers.ModelSerializer):
    package = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PolicyItem
        fields = ["package", *ITEM_FIELDS]


class PolicyItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The active catalogue (public policy: any signed-in caller reads it)."""

    serializer_class = PolicyItemSerializer
    lookup_field = "code"
    queryset = PolicyItem.objects.active().select_related("package").order_by("id")


class ReliefGrantSerializer(serializers.ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    street = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReliefGrant
        fields = [
            "id",
            "enterprise",
            "item",
            "street",
            "relief_kind",
            "amount",
            "granted_on",
            "landlord_kind",
            "landlord_name",
            "note",
        ]


class GrantWriteSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    item = serializers.SlugRelatedField(slug_field="code", queryset=PolicyItem.objects.all())
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    granted_on = serializers.DateField()
    landlord_kind = serializers.CharField(max_length=16, required=False, default="")
    landlord_name = serializers.CharField(max_length=100, required=False, default="")
    note = serializers.CharField(max_length=300, required=False, default="")


class ReliefGrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReliefGrantSerializer
    filterset_class = ReliefGrantFilter

    def get_queryset(self):
        return grants_visible_to(self.request.user).order_by("-granted_on", "-id")

    @extend_schema(request=GrantWriteSerializer, responses=ReliefGrantSerializer)
    def create(self, request):
        incoming = GrantWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        enterprise = get_visible_or_404(
            Enterprise.objects, request.user, RELIEF_RECORD, pk=data.pop("enterprise")
        )
        try:
            grant = grant_record(enterprise=enterprise, by=request.user, **data)
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(ReliefGrantSerializer(grant).data, status=201)


class EntitlementSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    item = serializers.CharField(source="item.code")
    street = serializers.CharField(source="street.code")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    notified = serializers.BooleanField()


class EntitlementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The latest proactive matches the caller may see (an enterprise: its own)."""

    serializer_class = EntitlementSerializer

    def get_queryset(self):
        return (
            entitlements_visible_to(self.request.user)
            .select_related("enterprise", "item", "street")
            .order_by("id")
        )


def register_routes(router) -> None:
    router.register("policy-items", PolicyItemViewSet, basename="policy-item")
    router.register("relief-grants", ReliefGrantViewSet, basename="relief-grant")
    router.register("entitlements", EntitlementViewSet, basename="entitlement")
