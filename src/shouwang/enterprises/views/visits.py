from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.roles import ENTERPRISE_SERVE
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.text import clauses_of
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.forms import VisitForm
from shouwang.enterprises.models import Enterprise, VisitProblem
from shouwang.enterprises.services import visit_problem_raise, visit_problem_solve, visit_record


@login_required
def visit_create(request, enterprise_pk):
    enterprise = get_visible_or_404(
        Enterprise.objects, request.user, ENTERPRISE_SERVE, pk=enterprise_pk
    )
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit_record(
                enterprise=enterprise,
                visited_on=data["visited_on"],
                visitors=data["visitors"],
                findings=data["findings"],
                supplies_handed_over=data["supplies_handed_over"],
                masks_handed_over=data["masks_handed_over"],
                policies_handed_over=data["policies_handed_over"],
                problems=form.problems(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访已记录"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": _("记录走访"), "subject": enterprise},
    )


def _problem_action(request, pk, action):
    problem = get_visible_or_404(VisitProblem.objects, request.user, ENTERPRISE_SERVE, pk=pk)
    try:
        action(problem=problem, by=request.user)
    except ValidationError as error:
        messages.error(request, clauses_of(error.messages))
    return redirect("enterprises:enterprise_detail", pk=problem.enterprise_id)


@login_required
@require_POST
def problem_raise(request, pk):
    return _problem_action(request, pk, visit_problem_raise)


@login_required
@require_POST
def problem_solve(request, pk):
    return _problem_action(request, pk, visit_problem_solve)
