"""Account management, scoped: a manager sees and changes only accounts in his subtree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import (
    AssignmentForm,
    PasswordResetByManagerForm,
    UserCreateForm,
    UserUpdateForm,
)
from shouwang.core.models import Assignment, User
from shouwang.core.roles import MANAGE_USERS
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.services.accounts import (
    assignment_add,
    assignment_remove,
    user_create,
    user_is_locked,
    user_set_password,
    user_unlock,
    user_update,
    users_managed_by,
)
from shouwang.core.views.base import ScopedListView, add_service_errors


class UserListView(ScopedListView):
    model = User
    permission = MANAGE_USERS
    template_name = "core/user_list.html"

    def get_queryset(self):
        users = (
            users_managed_by(self.request.user)
            .select_related("area")
            .prefetch_related("assignments__area")
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            users = users.filter(Q(username__icontains=query) | Q(display_name__contains=query))
        return users.order_by("area__path", "username")


def _managed_user(request, pk) -> User:
    return get_object_or_404(users_managed_by(request.user).select_related("area"), pk=pk)


@login_required
def user_create_view(request):
    form = UserCreateForm(request.POST or None, user=request.user)
    if not form.fields["area"].queryset.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            created = user_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("账号已创建，请为其分配角色"))
            return redirect("core:user_detail", pk=created.pk)
    return render(request, "core/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    managed = _managed_user(request, pk)
    form = UserUpdateForm(
        request.POST or None,
        user=request.user,
        initial={
            "display_name": managed.display_name,
            "area": managed.area,
            "is_active": managed.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_update(user=managed, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("core:user_detail", pk=managed.pk)
    return render(
        request,
        "core/user_detail.html",
        {
            "managed": managed,
            "form": form,
            "assignment_form": AssignmentForm(user=request.user),
            "password_form": PasswordResetByManagerForm(),
            "assignments": managed.assignments.select_related("area").order_by("area__path"),
            "locked": user_is_locked(managed),
        },
    )


@login_required
@require_POST
def assignment_add_view(request, pk):
    managed = _managed_user(request, pk)
    form = AssignmentForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            assignment_add(
                user=managed,
                area=form.cleaned_data["area"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("已分配角色"))
    return redirect("core:user_detail", pk=managed.pk)


@login_required
@require_POST
def assignment_remove_view(request, pk, assignment_pk):
    managed = _managed_user(request, pk)
    assignment = get_visible_or_404(
        Assignment.objects.filter(user=managed), request.user, MANAGE_USERS, pk=assignment_pk
    )
    assignment_remove(assignment=assignment, by=request.user)
    messages.success(request, _("已撤销角色"))
    return redirect("core:user_detail", pk=managed.pk)


@login_required
@require_POST
def user_password_reset_view(request, pk):
    managed = _managed_user(request, pk)
    form = PasswordResetByManagerForm(request.POST)
    if form.is_valid():
        try:
            user_set_password(user=managed, password=form.cleaned_data["password"], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("密码已重置"))
    return redirect("core:user_detail", pk=managed.pk)


@login_required
@require_POST
def user_unlock_view(request, pk):
    user_unlock(user=_managed_user(request, pk), by=request.user)
    messages.success(request, _("已解除登录锁定"))
    return redirect("core:user_detail", pk=pk)
