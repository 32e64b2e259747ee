"""Enterprises API: the register and the resumption filings, scoped like the pages.

An enterprise user reads his own enterprises and their filings only, and files for them
(``submit``); officers read their subtree and review filings. Contact phones are answered
masked.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shouwang.core.models import Area
from shouwang.core.roles import (
    ENTERPRISE_FILE,
    ENTERPRISE_REVIEW,
    ENTERPRISE_SERVE,
    ENTERPRISE_VIEW,
)
from shouwang.core.scoping import get_visible_or_404
from shouwang.enterprises.models import Enterprise, ResumptionFiling
from shouwang.enterprises.services import (
    EnterpriseProfile,
    FilingDetails,
    enterprise_create,
    enterprise_update,
    filing_accept,
    filing_mark_resumed,
    filing_return,
    filing_start,
    filing_submit,
    filing_suspend,
)

PROFILE_FIELDS = list(EnterpriseProfile.__dataclass_fields__)


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class EnterpriseSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    street = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contact_phone = serializers.CharField(source="contact_phone_masked", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "area",
            "street",
            "industry_section",
            "scale",
            "size_class",
            *PROFILE_FIELDS,
            "resumption_state",
            "resumed_on",
        ]


class ServedAreaField(serializers.SlugRelatedField):
    """An area by code among those the caller serves; others read as unknown."""

    def get_queryset(self):
        return Area.objects.visible_to(self.context["request"].user, ENTERPRISE_SERVE)


class EnterpriseWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    credit_code = serializers.CharField(max_length=18)
    area = ServedAreaField(slug_field="code")
    industry_division = serializers.CharField(max_length=2)
    employees = serializers.IntegerField(min_value=0, default=0)
    revenue_last_year = serializers.DecimalField(max_digits=16, decimal_places=2, default=0)
    address = serializers.CharField(max_length=200, required=False, default="")
    legal_representative = serializers.CharField(max_length=50, required=False, default="")
    contact_name = serializers.CharField(max_length=50, required=False, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, default="")
    park = serializers.CharField(max_length=100, required=False, default="")
    landlord_kind = serializers.CharField(max_length=16, required=False, default="")
    is_key_project = serializers.BooleanField(required=False, default=False)
    key_project_name = serializers.CharField(max_length=120, required=False, default="")
    key_project_level = serializers.CharField(max_length=8, required=False, default="")
    total_investment = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    planned_investment_this_year = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    social_insurance_base = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    insured_headcount = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None
    )

    def profile(self) -> EnterpriseProfile:
        return EnterpriseProfile(**{name: self.validated_data[name] for name in PROFILE_FIELDS})


class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EnterpriseSerializer
    filterset_fields = ["scale", "resumption_state", "industry_section", "is_key_project"]
    permissions = {"create": ENTERPRISE_SERVE, "update": ENTERPRISE_SERVE}

    def get_queryset(self):
        permission = self.permissions.get(self.action, ENTERPRISE_VIEW)
        return (
            Enterprise.objects.visible_to(self.request.user, permission)
            .select_related("area", "street")
            .order_by("id")
        )

    @extend_schema(request=EnterpriseWriteSerializer, responses=EnterpriseSerializer)
    def create(self, request):
        incoming = EnterpriseWriteSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            enterprise = enterprise_create(
                name=data["name"],
                credit_code=data["credit_code"],
                area=data["area"],
                profile=incoming.profile(),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(EnterpriseSerializer(enterprise).data, status=201)

    @extend_schema(request=EnterpriseWriteSerializer, responses=EnterpriseSerializer)
    def update(self, request, pk=None):
        enterprise = self.get_object()
        data = {**request.data, "credit_code": enterprise.credit_code}
        incoming = EnterpriseWriteSerializer(data=data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        try:
            enterprise = enterprise_update(
                enterprise=enterprise,
                name=incoming.validated_data["name"],
                area=incoming.validated_data["area"],
                profile=incoming.profile(),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(EnterpriseSerializer(enterprise).data)


class FilingSerializer(serializers.ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    liaison_phone = serializers.CharField(source="liaison_phone_masked", read_only=True)

    class Meta:
        model = ResumptionFiling
        fields = [
            "id",
            "enterprise",
            "status",
            "planned_date",
            "employees_total",
            "employees_returning",
            "employees_from_risk_areas",
            "employees_in_isolation",
            "liaison_name",
            "liaison_phone",
            "checklist_name",
            "checklist_answers",
            "filed_at",
            "review_due_on",
            "reviewed_at",
            "review_reason",
            "accepted_on_filing",
            "resumed_on",
            "suspended_reason",
        ]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ResumedSerializer(serializers.Serializer):
    resumed_on = serializers.DateField()


class FilingSubmitSerializer(serializers.Serializer):
    """A filing sent whole by an enterprise's own system (multipart: the plan is a file)."""

    enterprise = serializers.IntegerField()
    planned_date = serializers.DateField()
    employees_total = serializers.IntegerField(min_value=0)
    employees_returning = serializers.IntegerField(min_value=0)
    employees_from_risk_areas = serializers.IntegerField(min_value=0)
    employees_in_isolation = serializers.IntegerField(min_value=0)
    liaison_name = serializers.CharField(max_length=50)
    liaison_phone = serializers.CharField(max_length=20)
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=["done", "not_applicable"]),
        help_text="checklist item number -> done | not_applicable (multipart: answers.1=done)",
    )
    emergency_plan = serializers.FileField(help_text="the emergency plan, PDF")
    signer_name = serializers.CharField(max_length=50)
    signature = serializers.CharField(help_text="the drawn signature, a PNG data URL")


class FilingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Filings: read, filed whole by an enterprise (``submit``, the page's checks and
    commitment), and the street's review."""

    serializer_class = FilingSerializer
    filterset_fields = ["status", "enterprise"]
    permissions = {
        "accept": ENTERPRISE_REVIEW,
        "send_back": ENTERPRISE_REVIEW,
        "suspend": ENTERPRISE_REVIEW,
        "resumed": ENTERPRISE_FILE,
    }

    def get_queryset(self):
        permission = self.permissions.get(self.action, ENTERPRISE_VIEW)
        return (
            ResumptionFiling.objects.visible_to(self.request.user, permission)
            .select_related("enterprise")
            .order_by("id")
        )

    @extend_schema(request=FilingSubmitSerializer, responses=FilingSerializer)
    @action(detail=False, methods=["post"])
    def submit(self, request):
        incoming = FilingSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        enterprise = get_visible_or_404(
            Enterprise.objects, request.user, ENTERPRISE_FILE, pk=data.pop("enterprise")
        )
        answers = {int(number): answer for number, answer in data.pop("answers").items()}
        plan, signer, signature = (
            data.pop("emergency_plan"),
            data.pop("signer_name"),
            data.pop("signature"),
        )
        try:
            # A refused filing leaves no draft behind either.
            with transaction.atomic():
                filing = self._submitted(enterprise, data, answers, plan, signer, signature)
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(FilingSerializer(filing).data, status=201)

    def _submitted(self, enterprise, data, answers, plan, signer, signature):
        request = self.request
        return filing_submit(
            filing=filing_start(enterprise=enterprise, by=request.user),
            details=FilingDetails(**data),
            answers=answers,
            emergency_plan=plan,
            signer_name=signer,
            signature_image=signature,
            by=request.user,
            request=request,
        )

    def _apply(self, change):
        try:
            filing = change(self.get_object())
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(FilingSerializer(filing).data)

    @extend_schema(request=None, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._apply(lambda filing: filing_accept(filing=filing, by=request.user))

    def _with_reason(self, request, change):
        incoming = ReasonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        reason = incoming.validated_data["reason"]
        return self._apply(lambda filing: change(filing=filing, reason=reason, by=request.user))

    @extend_schema(request=ReasonSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._with_reason(request, filing_return)

    @extend_schema(request=ReasonSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._with_reason(request, filing_suspend)

    @extend_schema(request=ResumedSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def resumed(self, request, pk=None):
        incoming = ResumedSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        day = incoming.validated_data["resumed_on"]
        return self._apply(
            lambda filing: filing_mark_resumed(filing=filing, resumed_on=day, by=request.user)
        )


def register_routes(router) -> None:
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("resumption-filings", FilingViewSet, basename="resumption-filing")
