from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import ExportForm
from shouwang.core.models import User
from shouwang.core.roles import (
    ENTERPRISE_FILE,
    ENTERPRISE_REVIEW,
    ENTERPRISE_SERVE,
    ENTERPRISE_VIEW,
    EXPORT,
    REVEAL,
)
from shouwang.core.scoping import get_visible_or_404, may_act_on
from shouwang.core.text import clauses_of
from shouwang.core.views.base import add_service_errors, revealed_response
from shouwang.core.views.exports import export_query, start_list_export
from shouwang.enterprises.exports import ENTERPRISE_EXPORT, enterprises_listed
from shouwang.enterprises.forms import EnterpriseForm
from shouwang.enterprises.models import Enterprise, EnterpriseMembership
from shouwang.enterprises.models.enterprises import officer_paths
from shouwang.enterprises.services import (
    REVEALABLE_PHONES,
    enterprise_create,
    enterprise_update,
    membership_add,
    membership_remove,
    phone_reveal,
)
from shouwang.enterprises.views.common import may, require


@login_required
def enterprise_list(request):
    require(request.user, ENTERPRISE_VIEW)
    form, enterprises = enterprises_listed(request.user, request.GET)
    if officer_paths(request.user, ENTERPRISE_VIEW) == [] and len(enterprises[:2]) == 1:
        # An enterprise user with one enterprise has no list to pick from.
        return redirect("enterprises:enterprise_detail", pk=enterprises[0].pk)
    page = enterprises.order_by("name", "id")
    paginator = Paginator(page, 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "paginator": paginator,
            "object_list": page_obj.object_list,
            "is_paginated": paginator.num_pages > 1,
            "can_add": may(request.user, ENTERPRISE_SERVE),
            "can_export": officer_paths(request.user, EXPORT) != [],
            "export_form": ExportForm(kind=ENTERPRISE_EXPORT),
        },
    )


@login_required
@require_POST
def enterprise_export(request):
    return start_list_export(request, ENTERPRISE_EXPORT, query=export_query(request))


@login_required
def enterprise_detail(request, pk):
    enterprise = get_visible_or_404(
        Enterprise.objects.select_related("area", "street"), request.user, ENTERPRISE_VIEW, pk=pk
    )
    user = request.user

    can_serve = may_act_on(user, ENTERPRISE_SERVE, enterprise)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "filings": enterprise.filings.order_by("-created_at")[:10],
            "employees": enterprise.staff.select_related("return_trip", "person")[:200],
            "employee_count": enterprise.staff.count(),
            "visits": enterprise.visits.prefetch_related("problems")[:20],
            "members": enterprise.memberships.select_related("user") if can_serve else [],
            "can_file": may_act_on(user, ENTERPRISE_FILE, enterprise),
            "can_serve": can_serve,
            "can_review": may_act_on(user, ENTERPRISE_REVIEW, enterprise),
            "can_reveal": may_act_on(user, REVEAL, enterprise),
        },
    )


@login_required
@require_POST
def phone_reveal_view(request, kind, pk):
    """A masked phone of an enterprise page or a filing, shown in full (logged)."""
    if kind not in REVEALABLE_PHONES:
        raise Http404
    return revealed_response(
        request,
        lambda reason: phone_reveal(
            kind=kind, pk=pk, reason=reason, by=request.user, request=request
        ),
    )


def _initial(enterprise: Enterprise) -> dict:
    initial = {name: getattr(enterprise, name) for name in EnterpriseForm.base_fields}
    initial["contact_phone"] = ""
    return initial


@login_required
def enterprise_create_view(request):
    require(request.user, ENTERPRISE_SERVE)
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = enterprise_create(
                name=form.cleaned_data["name"],
                credit_code=form.cleaned_data["credit_code"],
                area=form.cleaned_data["area"],
                profile=form.profile(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/form_page.html", {"form": form, "title": _("登记企业")})


@login_required
def enterprise_edit(request, pk):
    enterprise = get_visible_or_404(Enterprise.objects, request.user, ENTERPRISE_SERVE, pk=pk)
    form = EnterpriseForm(
        request.POST or None, user=request.user, editing=True, initial=_initial(enterprise)
    )
    if request.method == "POST" and form.is_valid():
        profile = form.profile()
        profile.contact_phone = profile.contact_phone or enterprise.contact_phone
        try:
            enterprise_update(
                enterprise=enterprise,
                name=form.cleaned_data["name"],
                area=form.cleaned_data["area"],
                profile=profile,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": _("修改企业信息"), "subject": enterprise},
    )


@login_required
@require_POST
def membership_add_view(request, pk):
    enterprise = get_visible_or_404(Enterprise.objects, request.user, ENTERPRISE_SERVE, pk=pk)
    account = User.objects.filter(username=request.POST.get("username", "").strip()).first()
    try:
        if account is None:
            raise ValidationError(_("没有这个账号"))
        membership_add(user=account, enterprise=enterprise, by=request.user)
    except ValidationError as error:
        messages.error(request, clauses_of(error.messages))
    else:
        messages.success(request, _("已关联企业账号"))
    return redirect("enterprises:enterprise_detail", pk=enterprise.pk)


@login_required
@require_POST
def membership_remove_view(request, pk):
    membership = get_visible_or_404(
        EnterpriseMembership.objects, request.user, ENTERPRISE_SERVE, pk=pk
    )
    membership_remove(membership=membership, by=request.user)
    messages.success(request, _("已解除关联"))
    return redirect("enterprises:enterprise_detail", pk=membership.enterprise_id)
