"""The handlers' pages: the list, a demand with its steps, the enterprise's own form,
attachments, the contact's phone on request, the export, the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import ExportForm
from shouwang.core.roles import DEMAND_HANDLE, ENTERPRISE_FILE, ENTERPRISE_VIEW, EXPORT, REVEAL
from shouwang.core.scoping import get_visible_or_404, may_act_on
from shouwang.core.views.base import add_service_errors, revealed_response
from shouwang.core.views.exports import export_query, start_list_export
from shouwang.demands.choices import DemandSource, DemandStatus, FeedbackChannel
from shouwang.demands.exports import DEMAND_EXPORT, demand_filter
from shouwang.demands.forms import (
    DemandForm,
    FeedbackForm,
    PlanForm,
    ResolveForm,
    SettingsForm,
    TransferForm,
)
from shouwang.demands.models import Demand, DemandAttachment
from shouwang.demands.services import (
    demand_accept,
    demand_feedback,
    demand_plan,
    demand_resolve,
    demand_reveal_contact,
    demand_settings_save,
    demand_submit,
    demand_transfer,
    overdue_stages,
    rules_for,
    settings_areas,
)
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.models.enterprises import officer_paths
from shouwang.enterprises.views.common import may, require, require_officer


@login_required
def demand_list(request):
    require(request.user, ENTERPRISE_VIEW)
    filterset = demand_filter(request.user, request.GET)
    page = Paginator(filterset.qs.order_by("-created_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "demands/demand_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "officer": officer_paths(request.user, ENTERPRISE_VIEW) != [],
            "can_set_rules": officer_paths(request.user, DEMAND_HANDLE) != [],
            "can_raise": officer_paths(request.user, ENTERPRISE_FILE) == []
            and may(request.user, ENTERPRISE_FILE),
            "can_export": officer_paths(request.user, EXPORT) != [],
            "export_form": ExportForm(kind=DEMAND_EXPORT),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def demand_export(request):
    return start_list_export(request, DEMAND_EXPORT, query=export_query(request))


@login_required
def demand_create(request):
    """The enterprise's own form, inside its account (officers take demands on the
    visit page, where a problem found becomes one)."""
    require(request.user, ENTERPRISE_FILE)
    if officer_paths(request.user, ENTERPRISE_FILE) != []:
        raise Http404
    enterprises = list(
        Enterprise.objects.visible_to(request.user, ENTERPRISE_FILE).select_related("street")[:50]
    )
    if not enterprises:
        raise Http404
    form = DemandForm(
        request.POST or None, request.FILES or None, account=True, enterprises=enterprises
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = str(data.pop("enterprise", enterprises[0].pk))
        enterprise = next(e for e in enterprises if str(e.pk) == chosen)
        try:
            demand = demand_submit(
                source=DemandSource.ACCOUNT, enterprise=enterprise, by=request.user, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("诉求已提交：%(reference)s") % {"reference": demand.reference}
            )
            return redirect("demands:demand_detail", pk=demand.pk)
    return render(request, "demands/demand_form.html", {"form": form})


@login_required
def demand_detail(request, pk):
    demand = get_visible_or_404(
        Demand.objects.select_related("street", "enterprise", "handler_area"),
        request.user,
        ENTERPRISE_VIEW,
        pk=pk,
    )
    handles = may_act_on(request.user, DEMAND_HANDLE, demand)
    files = may_act_on(request.user, ENTERPRISE_FILE, demand) and not handles
    rules = rules_for(demand.area)
    return render(
        request,
        "demands/demand_detail.html",
        {
            "demand": demand,
            "events": demand.events.select_related("by"),
            "attachments": demand.attachments.all(),
            "overdue": overdue_stages(demand, timezone.now()),
            "rules": rules,
            "handles": handles,
            "can_reveal": handles and may_act_on(request.user, REVEAL, demand),
            "plan_form": PlanForm(),
            "resolve_form": ResolveForm(),
            "transfer_form": TransferForm(initial={"department": demand.department}),
            "feedback_form": FeedbackForm(),
            "enterprise_confirms": files and demand.status == DemandStatus.RESOLVED,
        },
    )


def _act(request, pk, permission, action):
    demand = get_visible_or_404(Demand.objects, request.user, permission, pk=pk)
    try:
        action(demand)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已处理：%(status)s") % {"status": demand.get_status_display()})
    return redirect("demands:demand_detail", pk=pk)


@login_required
@require_POST
def demand_action(request, pk, action):
    """One step on a demand: accept, plan, resolve, transfer, return visit (handlers),
    confirm (the enterprise in its account)."""
    post, user = request.POST, request.user
    steps = {
        "accept": (DEMAND_HANDLE, lambda d: demand_accept(demand=d, by=user)),
        "plan": (
            DEMAND_HANDLE,
            lambda d: demand_plan(demand=d, plan=post.get("plan", ""), by=user),
        ),
        "resolve": (
            DEMAND_HANDLE,
            lambda d: demand_resolve(demand=d, resolution=post.get("resolution", ""), by=user),
        ),
        "transfer": (
            DEMAND_HANDLE,
            lambda d: demand_transfer(
                demand=d,
                department=post.get("department", ""),
                reason=post.get("reason", ""),
                by=user,
            ),
        ),
        "return_visit": (
            DEMAND_HANDLE,
            lambda d: _feedback(d, post, FeedbackChannel.RETURN_VISIT, user),
        ),
        "confirm": (
            ENTERPRISE_FILE,
            lambda d: _feedback(d, post, FeedbackChannel.ENTERPRISE, user),
        ),
    }
    if action not in steps:
        raise Http404
    permission, step = steps[action]
    return _act(request, pk, permission, step)


def _feedback(demand, post, channel, user):
    form = FeedbackForm(post)
    if not form.is_valid():
        raise ValidationError({field: errors for field, errors in form.errors.items()})
    return demand_feedback(demand=demand, channel=channel, by=user, **form.cleaned_data)


@login_required
@require_POST
def reveal(request, pk):
    demand = get_visible_or_404(Demand.objects, request.user, DEMAND_HANDLE, pk=pk)
    return revealed_response(
        request,
        lambda reason: demand_reveal_contact(
            demand=demand, reason=reason, by=request.user, request=request
        ),
    )


@login_required
def attachment(request, pk):
    """An attachment, to those who may see its demand (never a public media URL)."""
    upload = get_visible_or_404(DemandAttachment.objects, request.user, ENTERPRISE_VIEW, pk=pk)
    response = FileResponse(upload.file.open("rb"), as_attachment=True, filename=upload.name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def settings_list(request):
    require_officer(request.user, DEMAND_HANDLE)
    areas = list(settings_areas(request.user).order_by("path")[:100])
    return render(
        request,
        "demands/settings_list.html",
        {"rows": [(area, rules_for(area)) for area in areas]},
    )


@login_required
def settings_edit(request, area_pk):
    area = get_visible_or_404(settings_areas(request.user), request.user, DEMAND_HANDLE, pk=area_pk)
    current = rules_for(area)
    initial = {
        "respond_hours": current.respond_hours,
        "plan_hours": current.plan_hours,
        "close_hours": current.close_hours,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    for name in form.fields:
        if name.startswith("route_"):
            form.fields[name].initial = current.department(name.removeprefix("route_"))
    if request.method == "POST" and form.is_valid():
        try:
            demand_settings_save(
                area=area,
                respond_hours=form.cleaned_data["respond_hours"],
                plan_hours=form.cleaned_data["plan_hours"],
                close_hours=form.cleaned_data["close_hours"],
                routes=form.routes(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("demands:settings_list")
    return render(
        request,
        "policies/form_page.html",
        {"form": form, "title": _("诉求办理规则"), "subject": area},
    )
