"""Showing a sealed value in full: for a reason, to someone allowed, logged every time."""

from django.db import transaction
from django.utils.translation import gettext as _

from shouwang.core.audit import record_access
from shouwang.core.choices import AccessAction
from shouwang.core.errors import field_error
from shouwang.core.roles import REVEAL
from shouwang.core.scoping import ensure_visible


def reveal_sealed(
    *, instance, field: str, reason: str, by, permissions=(REVEAL,), request=None
) -> str:
    """The full value of ``instance.field`` for a user holding every one of
    ``permissions`` over it, with the reveal logged (who, when, which field, why)."""
    if not reason.strip():
        raise field_error("reason", _("请填写查看事由"))
    with transaction.atomic():
        for permission in permissions:
            ensure_visible(by, instance, permission)
        record_access(
            user=by,
            action=AccessAction.REVEAL,
            instance=instance,
            fields=field,
            reason=reason.strip(),
            request=request,
        )
    return getattr(instance, field)
