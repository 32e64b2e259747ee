"""Checks every quarantine write shares."""

from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.roles import CONTROL
from shouwang.core.scoping import holds


def require_duty(by, permission: str, record, field: str) -> None:
    """The writer must hold ``permission`` over ``record`` (``by=None``: a system job)."""
    if by is not None and not holds(by, permission, record):
        raise field_error(field, _("您不在该点位值守，不能办理"))


def register_writer(by, person):
    """Who writes to the people register for a quarantine action: the user where he may
    decide the person's measure, else a system job (site and port staff hold no rights over the
    register, and a person may live in any street); the quarantine record itself keeps
    the user for the audit."""
    return by if by is not None and holds(by, CONTROL, person) else None
