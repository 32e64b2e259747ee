"""The catalogue pages: read by officers, edited by district staff with validation and a
preview, imported and exported as the documented file."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_VIEW, POLICY_MANAGE
from shouwang.core.scoping import get_visible_or_404, scope_paths
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.views.common import require_officer
from shouwang.policies.catalogue import CatalogueRejected, catalogue_data, dump_catalogue
from shouwang.policies.engine import CompiledItem, calculate, compile_item
from shouwang.policies.forms import (
    CalculatorForm,
    CatalogueUploadForm,
    ItemForm,
    PackageForm,
    item_initial,
)
from shouwang.policies.models import EnterpriseFigures, PolicyItem, PolicyPackage
from shouwang.policies.profile import FIELDS, enterprise_profile
from shouwang.policies.rules import OPS_BY_KIND
from shouwang.policies.selectors import catalogue_packages
from shouwang.policies.services import catalogue_import, item_check, item_save, package_save

PREVIEW_SAMPLE = 2000


def _manage_area(user) -> Area:
    """Where a new package is filed: the outermost area the user edits the catalogue of."""
    paths = scope_paths(user, POLICY_MANAGE)
    if paths == []:
        raise Http404
    if paths is None:
        return Area.objects.order_by("path").first()
    return Area.objects.get(path=paths[0])


@login_required
def catalogue(request):
    require_officer(request.user, ENTERPRISE_VIEW)
    can_manage = scope_paths(request.user, POLICY_MANAGE) != []
    return render(
        request,
        "policies/catalogue.html",
        {
            "packages": catalogue_packages(include_inactive=can_manage),
            "can_manage": can_manage,
            "upload_form": CatalogueUploadForm(),
        },
    )


@login_required
def catalogue_export(request):
    _manage_area(request.user)
    fmt = "json" if request.GET.get("format") == "json" else "yaml"
    packages = catalogue_packages(include_inactive=True).visible_to(request.user, POLICY_MANAGE)
    text = dump_catalogue(catalogue_data(packages), fmt)
    response = HttpResponse(text, content_type=f"application/{fmt}; charset=utf-8")
    name = f"policies-{timezone.localdate():%Y%m%d}.{'json' if fmt == 'json' else 'yaml'}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def catalogue_upload(request):
    area = _manage_area(request.user)
    form = CatalogueUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = "json" if Path(upload.name).suffix.lower() == ".json" else "yaml"
        try:
            text = upload.read().decode("utf-8-sig")
            summary = catalogue_import(text=text, fmt=fmt, area=area, by=request.user)
        except UnicodeDecodeError:
            messages.error(request, _("文件应为 UTF-8 编码"))
        except CatalogueRejected as rejected:
            messages.error(request, _("目录文件有错误，未作任何修改："))
            for line in rejected.lines()[:30]:
                messages.error(request, line)
        else:
            messages.success(
                request,
                _("已导入：新增事项 %(created)d 项，更新 %(updated)d 项，停用 %(withdrawn)d 项")
                % {
                    "created": summary.items_created,
                    "updated": summary.items_updated,
                    "withdrawn": summary.items_withdrawn,
                },
            )
    return redirect("policies:catalogue")


@login_required
def package_edit(request, pk=None):
    package = None
    if pk is not None:
        package = get_visible_or_404(PolicyPackage.objects, request.user, POLICY_MANAGE, pk=pk)
    area = package.area if package else _manage_area(request.user)
    initial = {}
    if package is not None:
        initial = {
            name: getattr(package, name)
            for name in ("code", "name", "issuer", "document_number", "issued_on", "summary")
        }
        initial["is_active"] = package.is_active
    form = PackageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            package = package_save(package=package, area=area, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("policies:catalogue")
    return render(
        request,
        "policies/form_page.html",
        {"form": form, "title": _("政策文件"), "subject": package},
    )


def _item_page(request, *, package, item, form, preview=None, status=200):
    return render(
        request,
        "policies/item_form.html",
        {
            "form": form,
            "package": package,
            "item": item,
            "preview": preview,
            "calculator_form": CalculatorForm(request.POST or None, prefix="sample"),
            "reference": [
                (name, field.label, ", ".join(OPS_BY_KIND[field.kind]))
                for name, field in FIELDS.items()
            ],
        },
        status=status,
    )


@login_required
def item_edit(request, package_pk=None, pk=None):
    """Edit an item; "preview" checks it and shows it against a sample profile and the
    registered enterprises, without saving."""
    item = None
    if pk is not None:
        item = get_visible_or_404(
            PolicyItem.objects.select_related("package"), request.user, POLICY_MANAGE, pk=pk
        )
        package = item.package
    else:
        package = get_visible_or_404(
            PolicyPackage.objects, request.user, POLICY_MANAGE, pk=package_pk
        )
    form = ItemForm(request.POST or None, initial=item_initial(item) if item else {})
    if request.method != "POST" or not form.is_valid():
        return _item_page(request, package=package, item=item, form=form)
    if "preview" in request.POST:
        try:
            spec = item_check(data=form.item_data(), package=package)
        except ValidationError as error:
            add_service_errors(form, error)
            return _item_page(request, package=package, item=item, form=form, status=400)
        preview = _preview(request, package, spec)
        return _item_page(request, package=package, item=item, form=form, preview=preview)
    try:
        item_save(item=item, package=package, data=form.item_data(), by=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return _item_page(request, package=package, item=item, form=form, status=400)
    messages.success(request, _("已保存"))
    return redirect("policies:catalogue")


def _preview(request, package, spec) -> dict:
    """The unsaved item against the sample profile (if one was entered) and against a
    sample of the registered enterprises the user may see."""
    draft = PolicyItem(
        code=spec.code, title=spec.title, article=spec.article, relief_kind=spec.relief_kind,
        conditions=spec.conditions, formula=spec.formula, documents=spec.documents,
        department=spec.department, where_to_apply=spec.where_to_apply,
    )  # fmt: skip
    compiled: CompiledItem = compile_item(draft, package)
    sample_form = CalculatorForm(request.POST, prefix="sample")
    sample = None
    if request.POST.get("sample-industry_division") and sample_form.is_valid():
        try:
            sample = calculate(sample_form.profile(), items=[compiled])
        except ValidationError as error:
            add_service_errors(sample_form, error)
    enterprises = (
        Enterprise.objects.visible_to(request.user, ENTERPRISE_VIEW)
        .select_related("street")
        .order_by("pk")[:PREVIEW_SAMPLE]
    )
    figures = {
        f.enterprise_id: f
        for f in EnterpriseFigures.objects.filter(enterprise__in=[e.pk for e in enterprises])
    }
    matched, amount = 0, 0
    for enterprise in enterprises:
        profile = enterprise_profile(enterprise, figures.get(enterprise.pk))
        if compiled.matches(profile):
            matched += 1
            amount += compiled.formula.amount_for(profile)
    return {
        "summary": compiled.formula.summary(),
        "sample": sample,
        "checked": len(enterprises),
        "matched": matched,
        "amount": amount,
    }
