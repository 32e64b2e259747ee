from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.roles import MANAGE_POSTS
from shouwang.core.scoping import get_visible_or_404, scope_paths
from shouwang.core.views.base import add_service_errors
from shouwang.workforce.choices import Department
from shouwang.workforce.forms import (
    HandoverForm,
    ShiftStaffForm,
    ShiftTemplateForm,
    StaffMemberForm,
)
from shouwang.workforce.models import Post, Shift
from shouwang.workforce.selectors import (
    posts_managed_by,
    roster_week,
    staff_visible_to,
    templates_available_to,
)
from shouwang.workforce.services import (
    may_work,
    roster_plan,
    shift_handover,
    shift_staff,
    shift_template_create,
    staff_member_create,
)


def _require_manager(user) -> None:
    if scope_paths(user, MANAGE_POSTS) == []:
        raise Http404


@login_required
def staff_list(request):
    _require_manager(request.user)
    form = StaffMemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            staff_member_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已添加工作人员"))
            return redirect("workforce:staff_list")
    department = request.GET.get("department", "")
    return render(
        request,
        "workforce/staff_list.html",
        {
            "form": form,
            "members": staff_visible_to(request.user, department=department)[:500],
            "departments": Department.choices,
            "department": department,
            "posts": posts_managed_by(request.user),
        },
    )


@login_required
def shift_template_list(request):
    _require_manager(request.user)
    form = ShiftTemplateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            shift_template_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已添加班次模板"))
            return redirect("workforce:shifttemplate_list")
    return render(
        request,
        "workforce/shifttemplate_list.html",
        {"form": form, "templates": templates_available_to(request.user)},
    )


def _monday(request) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


@login_required
def roster_week_view(request, pk):
    """A week of a post's shifts: who leads, how many are on, where the gaps are."""
    post = get_visible_or_404(
        Post.objects.select_related("template", "area"), request.user, MANAGE_POSTS, pk=pk
    )
    first_day = _monday(request)
    if request.method == "POST":
        created = roster_plan(post=post, first_day=first_day, by=request.user)
        messages.success(request, _("已生成%(n)d个班次") % {"n": len(created)})
        return redirect(f"{request.path}?week={first_day.isoformat()}")
    week = roster_week(post=post, first_day=first_day)
    return render(
        request,
        "workforce/post_week.html",
        {
            "post": post,
            "week": week,
            "first_day": first_day,
            "previous_week": first_day - timedelta(days=7),
            "next_week": first_day + timedelta(days=7),
            "slot_labels": post.template.slot_labels(),
            "gaps": sum(day.gaps for day in week),
        },
    )


@login_required
def shift_edit(request, pk):
    shift = get_visible_or_404(
        Shift.objects.select_related("post", "leader"), request.user, MANAGE_POSTS, pk=pk
    )
    form = ShiftStaffForm(
        request.POST or None,
        user=request.user,
        initial={"leader": shift.leader, "staff": list(shift.staff.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            shift_staff(
                shift=shift,
                leader=form.cleaned_data["leader"],
                staff=form.cleaned_data["staff"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("排班已保存"))
            return redirect(
                f"{redirect('workforce:post_week', pk=shift.post_id).url}?week={shift.day}"
            )
    return render(request, "workforce/shift_form.html", {"shift": shift, "form": form})


@login_required
@require_POST
def shift_handover_view(request, pk):
    """The outgoing shift's note, written from the post's own page (the checkpoint's)."""
    shift = Shift.objects.select_related("post").filter(pk=pk).first()
    if shift is None or not may_work(request.user, shift.post):
        raise Http404
    form = HandoverForm(request.POST)
    if form.is_valid():
        try:
            shift_handover(shift=shift, note=form.cleaned_data["handover_note"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("交接班记录已保存"))
    else:
        messages.error(request, _("请填写交接班内容"))
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, None) else "core:home")
