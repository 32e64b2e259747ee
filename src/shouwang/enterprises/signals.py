"""Signals other modules listen to.

``visit_problem_raised(sender=VisitProblem, problem, by)``: a problem a service visit
found was handed on as an enterprise demand; sent after the commit. The demands module
creates the demand from it.
"""

from django.dispatch import Signal

visit_problem_raised = Signal()
