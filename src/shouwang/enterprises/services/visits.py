"""Door-knocking service visits (敲门行动) and the problems they find."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.roles import ENTERPRISE_SERVE
from shouwang.core.scoping import ensure_visible
from shouwang.enterprises.choices import ProblemCategory, ProblemStatus
from shouwang.enterprises.models import Enterprise, ServiceVisit, VisitProblem
from shouwang.enterprises.signals import visit_problem_raised


def visit_record(
    *,
    enterprise: Enterprise,
    visited_on: date,
    visitors: str,
    findings: str = "",
    supplies_handed_over: str = "",
    masks_handed_over: int = 0,
    policies_handed_over: str = "",
    problems: list[tuple[str, str]] = (),
    by,
) -> ServiceVisit:
    """A visit with the problems found, each (category, description)."""
    if visited_on > timezone.localdate():
        raise field_error("visited_on", _("走访日期不能晚于今天"))
    if not visitors.strip():
        raise field_error("visitors", _("请填写走访人员"))
    for category, description in problems:
        if category not in ProblemCategory.values:
            raise field_error("problems", _("未知的问题类别：%(value)s") % {"value": category})
        if not description.strip():
            raise field_error("problems", _("问题描述不能为空"))
    with transaction.atomic():
        visit = ServiceVisit(
            enterprise=enterprise,
            area=enterprise.area,
            visited_on=visited_on,
            visitors=visitors.strip(),
            findings=findings.strip(),
            supplies_handed_over=supplies_handed_over.strip(),
            masks_handed_over=masks_handed_over,
            policies_handed_over=policies_handed_over.strip(),
            recorded_by=by,
        )
        visit._history_user = by
        visit.save()
        ensure_visible(by, visit, ENTERPRISE_SERVE)
        for category, description in problems:
            problem = VisitProblem(
                visit=visit,
                enterprise=enterprise,
                area=enterprise.area,
                category=category,
                description=description.strip(),
            )
            problem._history_user = by
            problem.save()
    return visit


def visit_problem_raise(*, problem: VisitProblem, by) -> VisitProblem:
    """Hand a problem on as an enterprise demand.

    The demands module (issue 7) routes it: it connects to ``visit_problem_raised``, which
    is sent after the commit, creates the demand, and records its number with
    ``problem.demand_reference``. Until it does, the problem waits here as raised.
    """
    if problem.status != ProblemStatus.OPEN:
        raise field_error("status", _("该问题已处理"))
    with transaction.atomic():
        ensure_visible(by, problem, ENTERPRISE_SERVE)
        problem.status = ProblemStatus.RAISED
        problem.raised_at = timezone.now()
        problem._history_user = by
        problem.save()
        transaction.on_commit(
            lambda: visit_problem_raised.send(sender=VisitProblem, problem=problem, by=by)
        )
    return problem


def visit_problem_solve(*, problem: VisitProblem, by) -> VisitProblem:
    """Solved on the spot: nothing to hand on."""
    if problem.status != ProblemStatus.OPEN:
        raise field_error("status", _("该问题已处理"))
    with transaction.atomic():
        ensure_visible(by, problem, ENTERPRISE_SERVE)
        problem.status = ProblemStatus.SOLVED
        problem._history_user = by
        problem.save()
    return problem
